"""The daily run: the report brought up to date, and the administrators reminded before the 10th.

The reminder goes out once per month, ``REGULATOR_REMINDER_DAYS`` (3) days
before the deadline or on any later day until the month is reported, to every
active administrator with an e-mail address.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from greencert.web.accounts.models import User
from greencert.web.regulator import selectors, services
from greencert.web.regulator.access import FILING_ROLES
from greencert.web.regulator.models import ReportPeriod


def daily(today: datetime.date) -> dict:
    changed = services.collect(actor=None, today=today)
    return {"collected": changed, "reminded": remind(today)}


def remind(today: datetime.date) -> list[str]:
    """The months reminded of today (``YYYY-MM``)."""
    deadline_day = services.report_format().deadline_day
    reminded = []
    for period in selectors.periods_to_report(today).filter(reminder_sent__isnull=True):
        deadline = period.deadline(deadline_day)
        if (deadline - today).days > settings.REGULATOR_REMINDER_DAYS:
            continue
        claim = ReportPeriod.objects.filter(pk=period.pk, reminder_sent__isnull=True)
        if not claim.update(reminder_sent=today):
            continue  # another run sent it
        try:
            _send(period, deadline, today)
        except BaseException:
            ReportPeriod.objects.filter(pk=period.pk).update(reminder_sent=None)
            raise
        reminded.append(str(period))
    return reminded


def _send(period: ReportPeriod, deadline: datetime.date, today: datetime.date) -> int:
    recipients = sorted(
        {u.email for u in User.objects.filter(role__in=FILING_ROLES, is_active=True) if u.email}
    )
    context = {
        "period": period,
        "deadline": deadline,
        "rows": period.rows.count(),
        "days_left": (deadline - today).days,
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("regulator/email/reminder_subject.txt", context).strip()
        body = render_to_string("regulator/email/reminder.txt", context)
    return sum(send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients)
