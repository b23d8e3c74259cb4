"""Certificates reaching the end of their validity (§7.7): notices before, the expiry after.

Expiry itself is never stored in the certificate's status: it follows from the
date (``Certificate.current_status``).  What this module keeps is that each
notice was given: ``CERTIFICATE_EXPIRY_NOTICE_DAYS`` (90 and 30) days before the
expiry date, and once the date has passed, when the expiry also goes into the
certificate's history and the audit trail, and the apps above hear of it once it
commits (``signals.certificate_changed``: the webhooks' ``certificate.expired``).
Each is an :class:`ExpiryNotice` row, unique per certificate, expiry date and
notice, so the daily task may run any number of times, in several processes at
once, and records (and announces) each once.  The
mail goes out afterwards (``notifications.send_expiry_notices``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _

from greencert.web.certification import signals
from greencert.web.certification.models import Certificate, CertificateEvent, ExpiryNotice
from greencert.web.certification.services.certificate_events import record_event

EXPIRED = 0  # the notice given once the expiry date has passed


def notice_due(expires_on: datetime.date, today: datetime.date, days: list[int]) -> int | None:
    """Which notice applies on *today*: 0 once expired, else the nearest of *days* reached.

    >>> notice_due(datetime.date(2026, 12, 31), datetime.date(2026, 10, 1), [90, 30]) is None
    True
    >>> notice_due(datetime.date(2026, 12, 31), datetime.date(2026, 10, 2), [90, 30])
    90
    >>> notice_due(datetime.date(2026, 12, 31), datetime.date(2026, 12, 1), [90, 30])
    30
    >>> notice_due(datetime.date(2026, 12, 31), datetime.date(2026, 12, 31), [90, 30])
    30
    >>> notice_due(datetime.date(2026, 12, 31), datetime.date(2027, 1, 1), [90, 30])
    0
    >>> notice_due(datetime.date(2026, 12, 31), datetime.date(2026, 1, 1), [90, 30]) is None
    True
    """
    if today > expires_on:  # valid through its expiry date, expired the day after
        return EXPIRED
    left = (expires_on - today).days
    reached = [d for d in days if d > 0 and left <= d]
    return min(reached) if reached else None


def note_expiries(today: datetime.date) -> int:
    """Record every notice due today that is not yet recorded; how many were recorded.

    Only certificates still valid (a suspended or withdrawn one is not announced as
    expiring).  When a certificate passes the last notice because the task did not run
    (a server down for days), only the notice that applies now is given.
    """
    days = sorted({int(d) for d in settings.CERTIFICATE_EXPIRY_NOTICE_DAYS if int(d) > 0})
    horizon = today + datetime.timedelta(days=max(days, default=0))
    expiry_noted = ExpiryNotice.objects.filter(
        certificate=OuterRef("pk"), expires_on=OuterRef("expires_on"), days_before=EXPIRED
    )
    candidates = (
        Certificate.objects.filter(status=Certificate.Status.VALID, expires_on__lte=horizon)
        .exclude(Exists(expiry_noted))
        .values_list("pk", "expires_on")
    )
    noted = 0
    for pk, expires_on in candidates.iterator():
        notice = notice_due(expires_on, today, days)
        if notice is not None and _note(pk, expires_on, notice, today):
            noted += 1
    return noted


def _note(pk: int, expires_on: datetime.date, days_before: int, today: datetime.date) -> bool:
    """One notice, under the certificate's row lock; False when another run recorded it."""
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=pk)
        if certificate.status != Certificate.Status.VALID or certificate.expires_on != expires_on:
            return False  # suspended, withdrawn or renewed since the list was read
        _notice, created = ExpiryNotice.objects.get_or_create(
            certificate=certificate,
            expires_on=expires_on,
            days_before=days_before,
            defaults={"noted_on": today},
        )
        if created and days_before == EXPIRED:
            with translation.override(settings.LANGUAGE_CODE):  # as the history is read
                reason = _("Validity ended on %(date)s") % {"date": expires_on.isoformat()}
            record_event(certificate, kind=CertificateEvent.Kind.EXPIRED, actor=None, reason=reason)
            signals.announce_certificate_change(certificate, CertificateEvent.Kind.EXPIRED)
    return created
