"""The API's nonconformity, survey and certificate steps refuse as the pages do: a step the
state does not allow is a conflict (409) that changes nothing, a missing reason is named,
and a certificate's status changes with the browser's session only after a fresh check."""

from __future__ import annotations

import time

from django.conf import settings
from django.test import Client

from greencert.web.accounts.checks import CHECKED_AT
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import CertificateEvent
from tests.web.api.support import call, findings, token_for
from tests.web.certification.certificate_support import issue


def _unchanged(action):
    return AuditEntry.objects.filter(action=action).count()


def test_a_certificate_change_its_status_does_not_allow_is_a_conflict(world):
    certificate = issue(world)
    token = token_for(world.pm)
    url = f"/certificates/{certificate.pk}/status"
    refused = call("POST", url, token, {"change": "reinstate", "reason": "监督已完成"})
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    assert certificate.display_number in refused.json()["detail"]
    no_reason = call("POST", url, token, {"change": "suspend"})
    assert no_reason.status_code == 422
    assert [e["field"] for e in no_reason.json()["errors"]] == ["reason"]
    assert not CertificateEvent.objects.filter(kind__in=["suspended", "reinstated"]).exists()
    done = call("POST", url, token, {"change": "withdraw", "reason": "连续两次监督不合格"})
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    event = CertificateEvent.objects.get(kind="withdrawn")
    assert event.reason == "连续两次监督不合格" and event.by == world.pm
    again = call("POST", url, token, {"change": "suspend", "reason": "x"})
    assert again.status_code == 409  # a withdrawn certificate is not suspended


def test_a_read_only_token_does_not_change_a_certificate(world):
    certificate = issue(world)
    token = token_for(world.admin, writes=False)
    url = f"/certificates/{certificate.pk}/status"
    refused = call("POST", url, token, {"change": "suspend", "reason": "逾期"})
    assert refused.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_with_the_browsers_session_a_status_change_needs_a_recent_check(world):
    certificate = issue(world)
    http = Client()
    http.force_login(world.pm)
    session = http.session
    session[CHECKED_AT] = (
        int(time.time()) - settings.REAUTH_MINUTES * 60 - 5
    )  # checked too long ago
    session.save()
    url = f"/api/v1/certificates/{certificate.pk}/status"
    body = {"change": "suspend", "reason": "监督审核逾期"}
    stale = http.post(url, body, content_type="application/json")
    assert stale.status_code == 403, stale.content
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    session = http.session
    session[CHECKED_AT] = int(time.time())  # as the re-authentication page marks it
    session.save()
    fresh = http.post(url, body, content_type="application/json")
    assert fresh.status_code == 200 and fresh.json()["status"] == "suspended"
    entry = AuditEntry.objects.filter(action="greencert.certificate.suspended").get()
    assert entry.actor == world.pm and "via_token" not in entry.after


def test_nonconformity_steps_out_of_order_change_nothing(world):
    found = findings(world)
    base = f"/projects/{found.project.pk}/nonconformities"
    leader = token_for(world.leader)
    before = _unchanged("greencert.nonconformity.plan_accepted")
    # The open one has no answer yet: it cannot be accepted, nor closed.
    accept = call("POST", f"{base}/{found.open_nc.pk}/review", leader, {"decision": "accept"})
    assert accept.status_code == 409
    close = call("POST", f"{base}/{found.open_nc.pk}/close", leader, {"verification": "现场"})
    assert close.status_code == 409
    assert _unchanged("greencert.nonconformity.plan_accepted") == before
    # A return needs its comment, named; an acceptance does not.
    bare = call("POST", f"{base}/{found.answered_nc.pk}/review", leader, {"decision": "return"})
    assert bare.status_code == 422 and bare.json()["errors"][0]["field"] == "comment"
    done = call("POST", f"{base}/{found.answered_nc.pk}/review", leader, {"decision": "accept"})
    assert done.status_code == 200 and done.json()["status"] == "plan_accepted"
    # The client may not answer an accepted plan again.
    client = token_for(world.client)
    answer = {
        "correction": "再次演练",
        "root_cause": "—",
        "action_plan": "—",
        "due_date": found.answered_nc.due_date.isoformat(),
    }
    late = call("POST", f"{base}/{found.answered_nc.pk}/answer", client, answer)
    assert late.status_code == 409
    found.answered_nc.refresh_from_db()
    assert found.answered_nc.correction == "已组织演练"


def test_a_response_is_excluded_only_with_its_reason(world):
    found = findings(world)
    url = f"/surveys/{found.survey.pk}/responses/{found.response.pk}/review"
    token = token_for(world.evaluator)
    bare = call("POST", url, token, {"decision": "exclude", "reason": "  "})
    assert bare.status_code == 422
    assert [e["field"] for e in bare.json()["errors"]] == ["reason"]
    found.response.refresh_from_db()
    assert found.response.status == "held"
    other = call("POST", f"/surveys/{found.survey.pk}/responses/999999/review", token,
                 {"decision": "exclude", "reason": "重复"})  # fmt: skip
    assert other.status_code == 404
