"""E-mail notifications (Django's e-mail backend; the console one in development).

Sent when a decision is made and when a certificate is issued, reissued,
suspended, reinstated or withdrawn (right after the transaction commits);
corrective actions and surveillance falling due are sent by the daily
``greencert manage send_reminders``; certificate expiry notices by the daily
expiry task, once each (``services/expiry.py`` records them, this sends them).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from greencert.web.accounts.models import Role, User
from greencert.web.certification.models import (
    CertificateEvent,
    ExpiryNotice,
    Nonconformity,
    SurveillanceVisit,
)


def _client_emails(organisation) -> list[str]:
    return [u.email for u in organisation.users.filter(is_active=True) if u.email]


def _staff_emails(*roles) -> list[str]:
    return [u.email for u in User.objects.filter(role__in=roles, is_active=True) if u.email]


def _send(template: str, recipients: list[str], context: dict) -> int:
    recipients = sorted(set(recipients))
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"certification/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"certification/email/{template}.txt", context)
    # One message each, so no recipient sees the others' addresses.
    return sum(send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients)


def decision_made(decision) -> int:
    project = decision.project
    recipients = _client_emails(project.organisation) + _staff_emails(Role.PROJECT_MANAGER)
    return _send("decision", recipients, {"decision": decision, "project": project})


def certificate_changed(certificate, kind: str) -> int:
    recipients = _client_emails(certificate.organisation) + _staff_emails(Role.PROJECT_MANAGER)
    with translation.override(settings.LANGUAGE_CODE):
        label = str(CertificateEvent.Kind(kind).label)
    return _send(
        "certificate",
        recipients,
        {"certificate": certificate, "kind": label, "site_url": settings.SITE_URL},
    )


def send_reminders(today: datetime.date) -> dict[str, int]:
    """Corrective actions and surveillance falling due; each reminder is sent once."""
    sent = {"corrective_actions": 0, "surveillance": 0}
    due_ncs = (
        Nonconformity.objects.filter(
            due_date__lte=today + datetime.timedelta(days=7), due_reminder_sent__isnull=True
        )
        .exclude(status=Nonconformity.Status.CLOSED)
        .select_related("project__organisation")
    )
    for nc in due_ncs:
        recipients = _client_emails(nc.project.organisation) + [
            m.user.email for m in nc.project.team.select_related("user") if m.user.email
        ]
        context = {"nc": nc, "today": today}
        claim = Nonconformity.objects.filter(pk=nc.pk)
        if _once(claim, "due_reminder_sent", today, "corrective_action_due", recipients, context):
            sent["corrective_actions"] += 1
    visits = SurveillanceVisit.objects.filter(
        due_on__lte=today + datetime.timedelta(days=30),
        reminder_sent__isnull=True,
        project__isnull=True,
    ).select_related("certificate__organisation")
    for visit in visits:
        recipients = _client_emails(visit.certificate.organisation) + _staff_emails(
            Role.PROJECT_MANAGER
        )
        context = {"visit": visit, "today": today}
        claim = SurveillanceVisit.objects.filter(pk=visit.pk)
        if _once(claim, "reminder_sent", today, "surveillance_due", recipients, context):
            sent["surveillance"] += 1
    return sent


def send_expiry_notices(today: datetime.date) -> int:
    """Mail each recorded expiry notice not yet mailed, to the organisation's client users
    and contacts and to the project managers; how many notices were mailed."""
    mailed = 0
    waiting = ExpiryNotice.objects.filter(mailed_on__isnull=True).select_related(
        "certificate__organisation"
    )
    managers = _staff_emails(Role.PROJECT_MANAGER)  # the same for every notice
    for notice in waiting:
        organisation = notice.certificate.organisation
        recipients = (
            _client_emails(organisation)
            + [c.email for c in organisation.contacts.all() if c.email]
            + managers
        )
        template = "certificate_expired" if notice.days_before == 0 else "certificate_expiring"
        context = {
            "certificate": notice.certificate,
            "notice": notice,
            "site_url": settings.SITE_URL,
        }
        claim = ExpiryNotice.objects.filter(pk=notice.pk)
        if _once(claim, "mailed_on", today, template, recipients, context):
            mailed += 1
    return mailed


def _once(row, field: str, today, template: str, recipients: list[str], context: dict) -> bool:
    """Mark the reminder sent, then send it; a failed send takes the mark back.

    The mail goes out outside any transaction: on SQLite a transaction holds
    the whole database's write lock, and a mail server may take seconds.
    The mark is one conditional UPDATE, so two runs at once send it once.
    """
    if not row.filter(**{f"{field}__isnull": True}).update(**{field: today}):
        return False
    try:
        _send(template, recipients, context)
    except BaseException:
        row.update(**{field: None})
        raise
    return True
