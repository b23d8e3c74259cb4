"""Certificate validity and surveillance dates (RULES.md §4; ISO/IEC 17065 §7.7, §7.9).

The scheme leaves the certificate's validity and the rhythm of surveillance
to the certification body (RULES.md §4: 3 years, annual surveillance, both
configurable); the dates follow from the grant date alone:

>>> import datetime
>>> granted = datetime.date(2026, 2, 28)
>>> expiry(granted, years=3)
datetime.date(2029, 2, 27)
>>> surveillance_due_dates(granted, expiry(granted, years=3), interval_months=12)
[datetime.date(2027, 2, 28), datetime.date(2028, 2, 28)]

A GB/T 19001 certificate (the §5.2.2 exemption's subject) runs for one
three-year certification cycle (ISO/IEC 17021-1 §9.1.3.2 and §9.6.3):

>>> qms_certificate_latest_expiry(datetime.date(2024, 3, 1))
datetime.date(2027, 3, 1)
"""

from __future__ import annotations

import calendar
import datetime

# ISO/IEC 17021-1 §9.1.3.2: "the first three-year certification cycle begins with the
# certification decision"; a management-system certificate is not valid for longer.
QMS_CERTIFICATION_CYCLE_YEARS = 3


def add_months(day: datetime.date, months: int) -> datetime.date:
    """*day* moved by whole months; the 31st becomes the month's last day.

    >>> add_months(datetime.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(datetime.date(2026, 11, 30), -12)
    datetime.date(2025, 11, 30)
    """
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def expiry(granted_on: datetime.date, *, years: int) -> datetime.date:
    """The last day of validity: the day before the *years*-th anniversary of the grant."""
    return add_months(granted_on, 12 * years) - datetime.timedelta(days=1)


def surveillance_due_dates(
    granted_on: datetime.date, expires_on: datetime.date, *, interval_months: int, done: int = 0
) -> list[datetime.date]:
    """The due dates of the surveillance still to plan after *done* visits, all within validity."""
    dates, months = [], interval_months * (done + 1)
    while (due := add_months(granted_on, months)) < expires_on:
        dates.append(due)
        months += interval_months
    return dates


def qms_certificate_latest_expiry(valid_from: datetime.date) -> datetime.date:
    """The latest expiry a GB/T 19001 certificate valid from *valid_from* can have."""
    return add_months(valid_from, 12 * QMS_CERTIFICATION_CYCLE_YEARS)
