"""E-mails to the organisation's client users: decision, certificate issue, suspension,
withdrawal; and the daily reminders, each sent once only.

Notifications leave after the transaction commits; the test captures those
callbacks and runs them (Django's locmem backend keeps the mail in ``mailoutbox``).
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation

from greencert.core.assessment_input import Reference
from greencert.web.certification.models import Certificate, CertificateEvent
from greencert.web.certification.services import certificates, nonconformities
from greencert.web.certification.services.project_states import change_state
from greencert.web.certification.tasks import send_reminders
from greencert.web.projects.models import Project
from tests.web.certification.certificate_support import browser, certify, url
from tests.web.certification.conftest import fill_sheets

CLIENT_MAIL = "quality@lvyuan.example"


@pytest.fixture
def mailed(world):
    """alpha's client user has an e-mail address; beta's has one too (and must get nothing)."""
    world.client.email = CLIENT_MAIL
    world.client.save()
    world.beta_client.email = "beta@lantian.example"
    world.beta_client.save()
    return world


def test_decision_issue_suspension_and_withdrawal_are_mailed(
    mailed, client, mailoutbox, django_capture_on_commit_callbacks
):
    w = mailed
    with django_capture_on_commit_callbacks(execute=True):
        decision = certify(w)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [CLIENT_MAIL]
    assert w.project.code in mailoutbox[0].subject
    assert "AAAA" in mailoutbox[0].body

    http = browser(client, w.pm)
    with django_capture_on_commit_callbacks(execute=True):
        http.post(
            url("certificate_issue", decision.pk),
            {"granted_on": "2026-06-01", "signatory": "周春阳", "confirmed": "yes"},
        )
    certificate = Certificate.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        http.post(
            url("certificate_suspend", certificate.pk),
            {"reason": "监督审核逾期", "confirmed": "yes"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        http.post(
            url("certificate_withdraw", certificate.pk),
            {"reason": "逾期未整改", "confirmed": "yes"},
        )

    issued, suspended, withdrawn = mailoutbox[1:]
    for mail in (issued, suspended, withdrawn):
        assert mail.to == [CLIENT_MAIL]
        assert "TB-GPS-2026-0001" in mail.subject
        assert "/verify/TB-GPS-2026-0001" in mail.body
    # Each says what happened, in the interface's first language (Chinese).
    with translation.override(settings.LANGUAGE_CODE):
        for mail, kind in ((issued, "issued"), (suspended, "suspended"), (withdrawn, "withdrawn")):
            assert str(CertificateEvent.Kind(kind).label) in mail.subject
    assert "监督审核逾期" in suspended.body
    assert "逾期未整改" in withdrawn.body
    assert all("beta@lantian.example" not in m.to for m in mailoutbox)


def reminders_by_command() -> None:
    call_command("send_reminders")


def reminders_by_task() -> None:
    send_reminders.delay()  # as beat queues it daily; run here in-process (eager)


@pytest.mark.parametrize("send", [reminders_by_command, reminders_by_task])
def test_reminders_are_sent_once(send, mailed, mailoutbox, django_capture_on_commit_callbacks):
    w = mailed
    today = timezone.localdate()
    # Granted 355 days ago: surveillance 1 falls 12 months after, i.e. in about 10 days
    # (within the 30 days of notice); surveillance 2 is a year later.  The assessment came first.
    granted = today - datetime.timedelta(days=355)
    Project.objects.filter(pk=w.project.pk).update(
        planned_start=granted - datetime.timedelta(days=10),
        planned_end=granted - datetime.timedelta(days=8),
    )
    w.project.refresh_from_db()
    change_state(actor=w.pm, project=w.project, to=Project.State.IN_PROGRESS)
    fill_sheets(w.project, w.leader)
    nc = nonconformities.raise_nonconformity(
        actor=w.leader,
        project=w.project,
        ref=Reference("clause", "6.2"),
        severity="minor",
        description="内审未覆盖全部部门",
        evidence="2026 年内审计划",
    )
    # Due in 3 days: within the 7 days of notice.
    nonconformities.answer(
        actor=w.client,
        nc=nc,
        correction="补充内审",
        root_cause="计划遗漏",
        action_plan="修订内审计划",
        due_date=today + datetime.timedelta(days=3),
    )
    nonconformities.accept_plan(actor=w.leader, nc=nc)
    decision = certify(w, decided_on=granted)
    certificate = certificates.issue_certificate(actor=w.pm, decision=decision, granted_on=granted)
    first_visit = certificate.surveillance.order_by("sequence").first()
    assert today < first_visit.due_on <= today + datetime.timedelta(days=30)
    mailoutbox.clear()

    send()
    subjects = sorted(m.subject for m in mailoutbox)
    assert len(subjects) == 2
    assert any("NC1" in s for s in subjects)
    assert any("TB-GPS-" in s for s in subjects)
    assert all(CLIENT_MAIL in m.to for m in mailoutbox)

    mailoutbox.clear()
    send()
    assert mailoutbox == []
