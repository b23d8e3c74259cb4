"""Who may open or post to every page of certificates, complaints, the dashboard and the
public register — pretix style: each case states the personas that may; every other persona
gets 404 and an anonymous visitor is sent to log in (the public pages answer everyone).

The certificate is alpha's (world.project: ``leader`` and ``evaluator`` on its team);
beta's project gets a granting decision still waiting for its certificate.  One complaint
about alpha's certificate is handled by ``auditor_off``; another has no handler yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from greencert.web.certification.models import Certificate, Complaint
from greencert.web.certification.services import complaints
from tests.web.certification.certificate_support import certify, clear_rate_limit, issue
from tests.web.matrix import (
    PERSONAS,
    Writes,
    assert_outcome,
    get_reading_only,
    post_checked,
    writes,
)

EVERYONE = set(PERSONAS)
STAFF = EVERYONE - {"client", "beta_client"}
MANAGERS = {"admin", "pm"}
SEE_ALPHA = {"admin", "pm", "leader", "evaluator", "reviewer", "decider", "client"}
SEE_ALL_COMPLAINTS = {"admin", "pm", "reviewer", "decider"}
HANDLER = {"admin", "auditor_off"}  # the handler, or an administrator standing in


@dataclass
class Things:
    certificate: Certificate
    handled: Complaint
    unassigned: Complaint


@pytest.fixture
def things(world) -> Things:
    clear_rate_limit()
    certificate = issue(world)
    handled, unassigned = (
        complaints.register(
            actor=world.pm,
            kind="complaint",
            received_on=certificate.granted_on,
            complainant=who,
            subject="服务不到位",
            certificate=certificate,
        )
        for who in ("业主 张先生", "业主 李女士")
    )
    complaints.assign_handler(actor=world.pm, complaint=handled, handler=world.auditor_off)
    return Things(certificate, handled, unassigned)


@dataclass
class Case:
    name: str
    args: Callable  # (world, things) -> list
    allowed: set[str]
    method: str = "get"
    data: Callable | None = None  # (world, things) -> dict, for POST
    effect: Writes | None = None  # what an allowed POST changes
    public: bool = False

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


CERT = lambda w, t: [t.certificate.pk]  # noqa: E731
# beta's granting decision, made only for the cases that need it (it takes a while).
BETA_DECISION = lambda w, t: [certify(w, w.beta_project).pk]  # noqa: E731
NONE = lambda w, t: []  # noqa: E731
REASON = lambda w, t: {"reason": "监督审核逾期", "confirmed": "yes"}  # noqa: E731


def _complaint_data(w, t):
    return {
        "kind": "complaint",
        "received_on": "2026-07-01",
        "complainant": "消费者",
        "subject": "服务态度",
        "certificate": t.certificate.pk,
    }


def _close_data(w, t):
    return {"outcome": "不成立", "communicated_on": "2026-07-10", "communicated_how": "电话"}


def _follow_up_data(w, t):
    return {"kind": "surveillance", "planned_start": "2027-05-20", "planned_end": "2027-05-21"}


CASES = [
    Case("certificate_list", NONE, EVERYONE),
    Case("certificate_detail", CERT, SEE_ALPHA),
    Case("certificate_issue", BETA_DECISION, MANAGERS),
    Case(
        "certificate_issue",
        BETA_DECISION,
        MANAGERS,
        "post",
        lambda w, t: {"granted_on": "2026-06-01", "signatory": "周春阳", "confirmed": "yes"},
        writes(
            "certification.Certificate",
            "certification.CertificateEvent",
            "certification.SurveillanceVisit",  # the visits planned with it
            "certification.AwaitingCertificate",  # the decision no longer waits
            audit="greencert.certificate.issued",
        ),
    ),
    Case("certificate_suspend", CERT, MANAGERS),
    Case(
        "certificate_suspend",
        CERT,
        MANAGERS,
        "post",
        REASON,
        writes(
            "certification.Certificate",
            "certification.CertificateEvent",
            audit="greencert.certificate.suspended",
        ),
    ),
    Case("certificate_reinstate", CERT, MANAGERS),
    Case(
        "certificate_withdraw",
        CERT,
        MANAGERS,
        "post",
        REASON,
        writes(
            "certification.Certificate",
            "certification.CertificateEvent",
            audit="greencert.certificate.withdrawn",
        ),
    ),
    Case("certificate_follow_up", CERT, MANAGERS),
    Case(
        "certificate_follow_up",
        CERT,
        MANAGERS,
        "post",
        _follow_up_data,
        writes(
            "projects.Project",
            "projects.Project_sites",
            "projects.Project_services",
            "projects.Assessment",
            "certification.SurveillanceVisit",  # the visit now has its project
            audit="greencert.project.created",
        ),
    ),
    Case("complaint_list", NONE, STAFF),
    Case("complaint_create", NONE, MANAGERS),
    Case(
        "complaint_create",
        NONE,
        MANAGERS,
        "post",
        _complaint_data,
        writes("certification.Complaint", audit="greencert.complaint.registered"),
    ),
    Case("complaint_detail", lambda w, t: [t.handled.pk], SEE_ALL_COMPLAINTS | {"auditor_off"}),
    Case("complaint_detail", lambda w, t: [t.unassigned.pk], SEE_ALL_COMPLAINTS),
    Case(
        "complaint_assign",
        lambda w, t: [t.unassigned.pk],
        MANAGERS,
        "post",
        lambda w, t: {"handler": w.auditor_off.pk},
        writes("certification.Complaint", audit="greencert.complaint.assigned"),
    ),
    Case(
        "complaint_acknowledge",
        lambda w, t: [t.handled.pk],
        HANDLER,
        "post",
        lambda w, t: {"on": "2026-06-02"},
        writes("certification.Complaint", audit="greencert.complaint.acknowledged"),
    ),
    Case(
        "complaint_close",
        lambda w, t: [t.handled.pk],
        HANDLER,
        "post",
        _close_data,
        writes("certification.Complaint", audit="greencert.complaint.closed"),
    ),
    Case("dashboard", NONE, STAFF),
    # Public: no login, everyone.
    Case("register", NONE, EVERYONE, public=True),
    Case("verify", lambda w, t: [t.certificate.number], EVERYONE, public=True),
    Case("verify_slash", lambda w, t: [t.certificate.number], EVERYONE, public=True),
]


def _request(http: Client, case: Case, world, things, *, allowed: bool):
    url = reverse(case.name, args=case.args(world, things))
    if case.method == "post":
        data = case.data(world, things) if case.data else {}
        return post_checked(http, url, data, allowed=allowed, effect=case.effect)
    return get_reading_only(http, url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_who_may_open_what(case, persona, world, things, client):
    client.force_login(world.users()[persona])
    allowed = persona in case.allowed
    response = _request(client, case, world, things, allowed=allowed)
    assert_outcome(client, response, allowed=allowed, method=case.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_visitors(case, world, things, client):
    response = _request(client, case, world, things, allowed=False)
    if case.public:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
