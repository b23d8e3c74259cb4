"""The certification app's background work: its e-mails, the daily reminders and expiry.

A mail task is given ids, not rows: it reads what it sends when it runs, after
the transaction that asked for it has committed.  A mail server that does not
answer is tried again, later each time.
"""

from __future__ import annotations

from smtplib import SMTPException

from django.utils import timezone

from greencert.web.certification.models import Certificate, Decision
from greencert.web.certification.services import expiry, notifications
from greencert.web.tasks import app

MAIL_RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,  # seconds, doubled each time
    "max_retries": 5,
}


@app.task(name="greencert.certification.decision_made", **MAIL_RETRY)
def decision_made(decision_id: int) -> int:
    return notifications.decision_made(
        Decision.objects.select_related("project").get(pk=decision_id)
    )


@app.task(name="greencert.certification.certificate_changed", **MAIL_RETRY)
def certificate_changed(certificate_id: int, kind: str) -> int:
    certificate = Certificate.objects.select_related("organisation").get(pk=certificate_id)
    return notifications.certificate_changed(certificate, kind)


@app.task(name="greencert.certification.send_reminders")
def send_reminders() -> dict[str, int]:
    """Daily (``REMINDERS_AT``): corrective actions and surveillance falling due, each once."""
    return notifications.send_reminders(timezone.localdate())


@app.task(name="greencert.certification.certificate_expiry", **MAIL_RETRY)
def certificate_expiry() -> dict[str, int]:
    """Daily (``REMINDERS_AT``): expiry notices due (``CERTIFICATE_EXPIRY_NOTICE_DAYS``) and
    expiries passed are recorded once each, then mailed.  A mail server that fails leaves the
    notices recorded and unmailed; the retry (or tomorrow's run) mails them."""
    today = timezone.localdate()
    return {
        "noted": expiry.note_expiries(today),
        "mailed": notifications.send_expiry_notices(today),
    }
