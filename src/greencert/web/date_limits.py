"""Dates a person types: each lies after the events it follows and no later than the process allows.

A service states, for each date it is given, the events that come before it
and the latest day it may be (often today: a decision, a grant, a visit
are recorded once they happened); :func:`window_problems` words the refusal
in the reader's language, naming the field and the event.  The rules of the
scheme itself (validity, surveillance) are the core's
(:mod:`greencert.core.validity`); the windows below are the certification
body's process, gathered here so that they read as one table:

================================  ===============================================
date                              lies within
================================  ===============================================
project planned start             [today − RECORD_YEARS, today + PLAN_AHEAD_DAYS]
project planned end               [planned start, planned start + PLAN_SPAN_DAYS]
audit's actual start              [today − RECORD_YEARS, today]
audit's actual end                [actual start, actual start + PLAN_SPAN_DAYS and today]
follow-up planned start           [certificate's grant, certificate's expiry]
evaluation, checklist verdict     [planned start − EVALUATION_LEAD_DAYS, today]
self-assessment evaluation        [today − SELF_ASSESSMENT_DAYS, today]
survey opening                    [planned start − EVALUATION_LEAD_DAYS, today + PLAN_AHEAD_DAYS]
survey closing                    [opening, opening + PLAN_SPAN_DAYS]
paper questionnaire               [survey opening, survey closing and today]
decision                          [last evaluation or verdict, today]
certificate grant                 [decision, today]
complaint received                [certificate's grant or decision appealed, today]
acknowledgement, communication    [receipt, today]
corrective action due             [today, today + CORRECTIVE_ACTION_MAX_DAYS]
GB/T 19001 certificate            valid from ≤ today; valid until ≤ 3 years on
================================  ===============================================
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.core.validity import add_months

# A record may be entered up to one certificate cycle and a year after the work began.
RECORD_YEARS_BEYOND_VALIDITY = 1
PLAN_AHEAD_DAYS = 366  # a project or survey is planned at most a year ahead
PLAN_SPAN_DAYS = 366  # a project's plan or a survey spans at most a year
EVALUATION_LEAD_DAYS = 183  # customer evaluations and mystery visits may precede the site visit
SELF_ASSESSMENT_DAYS = 366  # a self-assessment looks back over one year


@dataclass(frozen=True)
class Event:
    """A day a date is compared with, and what happened then, as the reader says it."""

    day: datetime.date
    name: str


def today() -> Event:
    return Event(timezone.localdate(), _("today"))


def days_from_today(days: int, name: str) -> Event:
    return Event(timezone.localdate() + datetime.timedelta(days=days), name)


def record_floor() -> Event:
    """The earliest day any record may carry: one certificate cycle and a year ago."""
    years = settings.CERTIFICATE_VALIDITY_YEARS + RECORD_YEARS_BEYOND_VALIDITY
    floor = add_months(timezone.localdate(), -12 * years)
    return Event(floor, _("%(years)s years ago") % {"years": years})


def plan_problems(
    planned_start: datetime.date | None, planned_end: datetime.date | None
) -> list[Problem]:
    """A project's plan: started within the record window, planned at most a year ahead,
    ending on or after its start and within a year of it."""
    problems = window_problems(
        planned_start,
        field="planned_start",
        label=_("The planned start"),
        after=[record_floor()],
        before=[days_from_today(PLAN_AHEAD_DAYS, _("a year from today"))],
    )
    if planned_start is not None:
        problems += window_problems(
            planned_end,
            field="planned_end",
            label=_("The planned end"),
            after=[Event(planned_start, _("the planned start"))],
            before=[
                Event(
                    planned_start + datetime.timedelta(days=PLAN_SPAN_DAYS),
                    _("a year after the planned start"),
                )
            ],
        )
    return problems


def audit_date_problems(
    started: datetime.date | None, ended: datetime.date | None
) -> list[Problem]:
    """The audit's actual dates: recorded once they happened, the end not before the start."""
    if ended is not None and started is None:
        return [
            Problem(
                field="audit_started_on",
                message=_("An audit's end needs its start: give the day the audit started."),
            )
        ]
    problems = window_problems(
        started,
        field="audit_started_on",
        label=_("The audit's start"),
        after=[record_floor()],
        before=[today()],
    )
    if started is not None:
        problems += window_problems(
            ended,
            field="audit_ended_on",
            label=_("The audit's end"),
            after=[Event(started, _("the audit's start"))],
            before=[
                today(),
                Event(
                    started + datetime.timedelta(days=PLAN_SPAN_DAYS),
                    _("a year after the audit's start"),
                ),
            ],
        )
    return problems


def window_problems(
    value: datetime.date | None,
    *,
    field: str,
    label: str,
    after: Iterable[Event | None] = (),
    before: Iterable[Event | None] = (),
) -> list[Problem]:
    """The problem with *value* (at most one): earlier than the latest of *after*, or later than
    the earliest of *before*.  ``None`` events are skipped (an event that did not happen)."""
    if value is None:
        return []
    floor = max((e for e in after if e is not None), key=lambda e: e.day, default=None)
    ceiling = min((e for e in before if e is not None), key=lambda e: e.day, default=None)
    figures = {"label": label, "date": value.isoformat()}
    if floor is not None and value < floor.day:
        message = _("%(label)s %(date)s is before %(event)s (%(day)s): it cannot come earlier") % (
            figures | {"event": floor.name, "day": floor.day.isoformat()}
        )
    elif ceiling is not None and value > ceiling.day:
        message = _("%(label)s %(date)s is after %(event)s (%(day)s): it cannot come later") % (
            figures | {"event": ceiling.name, "day": ceiling.day.isoformat()}
        )
    else:
        return []
    return [Problem(field=field, message=message, value=value)]


def check_window(value, **window) -> None:
    """:func:`window_problems`, raised as an :class:`InputError`."""
    if problems := window_problems(value, **window):
        raise InputError(problems)
