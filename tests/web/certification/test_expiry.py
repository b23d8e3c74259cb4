"""Certificate expiry, by the daily task (run in-process, as on the embedded default):
notices 90 and 30 days before the expiry date, the expiry recorded once after it,
each mailed once to the organisation's client users and contacts and to the managers.

The status stays derived from the date; the task only keeps that it told people.
"""

from __future__ import annotations

import datetime
from smtplib import SMTPServerDisconnected

import pytest
from django.conf import settings
from django.utils import translation

from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import Certificate, CertificateEvent, ExpiryNotice
from greencert.web.certification.services import certificates, expiry, notifications
from greencert.web.certification.tasks import certificate_expiry
from greencert.web.clients.models import Contact
from tests.web.certification.certificate_support import browser, issue, on_day, url
from tests.web.projects_support import rows, text

CLIENT_MAIL = "quality@lvyuan.example"
CONTACT_MAIL = "zhang@lvyuan.example"
PM_MAIL = "pm@greencert.example"
# Granted 2026-06-01 for three years: valid through 2029-05-31 (worked out by hand).
EXPIRES = datetime.date(2029, 5, 31)

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(world):
    world.client.email = CLIENT_MAIL
    world.client.save()
    world.pm.email = PM_MAIL
    world.pm.save()
    world.beta_client.email = "beta@lantian.example"
    world.beta_client.save()
    Contact.objects.create(organisation=world.alpha, name="张经理", email=CONTACT_MAIL)
    Contact.objects.create(organisation=world.alpha, name="无邮箱")  # no address: skipped
    certificate = issue(world)
    assert certificate.expires_on == EXPIRES
    return certificate


def run_on(day: datetime.date, mailoutbox) -> tuple[dict, list]:
    """The task on *day*; what it returned and the mails it sent."""
    mailoutbox.clear()
    with on_day(day):
        result = certificate_expiry.delay().get()
    return result, list(mailoutbox)


def test_notices_before_and_the_expiry_after_each_once(granted, mailoutbox):
    number = granted.display_number
    assert run_on(EXPIRES - datetime.timedelta(days=91), mailoutbox) == (
        {"noted": 0, "mailed": 0},
        [],
    )

    result, mails = run_on(EXPIRES - datetime.timedelta(days=90), mailoutbox)
    assert result == {"noted": 1, "mailed": 1}
    assert sorted(m.to[0] for m in mails) == sorted([CLIENT_MAIL, CONTACT_MAIL, PM_MAIL])
    with translation.override(settings.LANGUAGE_CODE):
        assert all(number in m.subject and "90" in m.subject for m in mails)
    assert all("2029-05-31" in m.body for m in mails)
    # Run again the same day and the days after: nothing twice.
    assert run_on(EXPIRES - datetime.timedelta(days=90), mailoutbox) == (
        {"noted": 0, "mailed": 0},
        [],
    )
    assert run_on(EXPIRES - datetime.timedelta(days=31), mailoutbox)[1] == []

    result, mails = run_on(EXPIRES - datetime.timedelta(days=30), mailoutbox)
    assert result == {"noted": 1, "mailed": 1} and len(mails) == 3
    assert all("30" in m.subject for m in mails)
    # The last day of validity: still valid, nothing new.
    assert run_on(EXPIRES, mailoutbox)[1] == []
    assert not CertificateEvent.objects.filter(kind="expired").exists()

    result, mails = run_on(EXPIRES + datetime.timedelta(days=1), mailoutbox)
    assert result == {"noted": 1, "mailed": 1} and len(mails) == 3
    assert all(number in m.subject and "2029-05-31" in m.body for m in mails)
    event = CertificateEvent.objects.get(kind="expired")
    assert event.by is None and event.content["expires_on"] == "2029-05-31"
    audit = AuditEntry.objects.get(action="greencert.certificate.expired")
    assert audit.object_id == str(granted.pk) and audit.actor is None
    # Expired is still derived, never stored.
    granted.refresh_from_db()
    assert granted.status == Certificate.Status.VALID
    assert granted.current_status(EXPIRES + datetime.timedelta(days=1)) == "expired"

    assert run_on(EXPIRES + datetime.timedelta(days=1), mailoutbox)[1] == []
    assert run_on(EXPIRES + datetime.timedelta(days=40), mailoutbox)[1] == []
    assert CertificateEvent.objects.filter(kind="expired").count() == 1
    assert AuditEntry.objects.filter(action="greencert.certificate.expired").count() == 1
    assert ExpiryNotice.objects.filter(mailed_on__isnull=False).count() == 3
    assert all("beta@lantian.example" not in m.to for m in mails)


def test_the_history_on_the_certificate_page_shows_the_expiry(granted, client, world, mailoutbox):
    run_on(EXPIRES + datetime.timedelta(days=2), mailoutbox)
    with on_day(EXPIRES + datetime.timedelta(days=2)):
        response = browser(client, world.pm).get(url("certificate_detail", granted.pk))
    history = rows(response, "history")
    # Kind, revision, grade, reason (written in the interface's first language), by no one.
    assert history[-1][1:] == ["Expired", "0", "AAAA", "有效期已于 2029-05-31 届满", "—"]
    assert "Expired" in text(response)


def test_a_notice_missed_is_not_sent_late(granted, mailoutbox):
    """The task did not run between 90 and 30 days before: only the 30-day notice goes."""
    result, mails = run_on(EXPIRES - datetime.timedelta(days=20), mailoutbox)
    assert result == {"noted": 1, "mailed": 1} and len(mails) == 3
    assert all("30" in m.subject for m in mails)
    assert list(ExpiryNotice.objects.values_list("days_before", flat=True)) == [30]


def test_the_notice_days_are_a_setting(granted, mailoutbox, settings):
    settings.CERTIFICATE_EXPIRY_NOTICE_DAYS = [60]
    assert run_on(EXPIRES - datetime.timedelta(days=61), mailoutbox)[1] == []
    result, _mails = run_on(EXPIRES - datetime.timedelta(days=60), mailoutbox)
    assert result["noted"] == 1
    assert list(ExpiryNotice.objects.values_list("days_before", flat=True)) == [60]


def test_suspended_or_withdrawn_certificates_get_no_expiry_notice(granted, world, mailoutbox):
    certificates.change_status(actor=world.pm, certificate=granted, kind="suspended", reason="逾期")
    assert run_on(EXPIRES - datetime.timedelta(days=30), mailoutbox)[0]["noted"] == 0
    assert run_on(EXPIRES + datetime.timedelta(days=1), mailoutbox)[0]["noted"] == 0
    assert not CertificateEvent.objects.filter(kind="expired").exists()


def test_a_mail_server_failure_leaves_the_notice_to_mail_later(granted, mailoutbox, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def down(self, messages):
        raise SMTPServerDisconnected("connection unexpectedly closed")

    day = EXPIRES + datetime.timedelta(days=1)
    monkeypatch.setattr(EmailBackend, "send_messages", down)
    with on_day(day):
        assert expiry.note_expiries(day) == 1
        with pytest.raises(SMTPServerDisconnected):
            notifications.send_expiry_notices(day)
    notice = ExpiryNotice.objects.get()
    assert notice.mailed_on is None  # recorded, not yet mailed
    assert CertificateEvent.objects.filter(kind="expired").count() == 1

    monkeypatch.setattr(EmailBackend, "send_messages", real)
    result, mails = run_on(day, mailoutbox)
    assert result == {"noted": 0, "mailed": 1} and len(mails) == 3
    assert CertificateEvent.objects.filter(kind="expired").count() == 1


def test_expiry_runs_daily_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["certificate-expiry"]
    assert entry["task"] == "greencert.certification.certificate_expiry"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
