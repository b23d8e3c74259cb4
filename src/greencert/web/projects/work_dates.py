"""When assessment work may be dated: an evaluation or a checklist verdict records a visit
that has happened, during the project (see :mod:`greencert.web.date_limits`)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from greencert.core.exceptions import Problem
from greencert.web.date_limits import (
    EVALUATION_LEAD_DAYS,
    SELF_ASSESSMENT_DAYS,
    Event,
    days_from_today,
    today,
    window_problems,
)
from greencert.web.projects.models import Assessment


def work_day_problems(
    assessment: Assessment, day: datetime.date | None, *, field: str, label: str
) -> list[Problem]:
    """*day* of an evaluation or verdict: from EVALUATION_LEAD_DAYS before the project's planned
    start (customer evaluations and mystery visits come first) up to today; a self-assessment
    looks back SELF_ASSESSMENT_DAYS."""
    if assessment.project is None:
        earliest = days_from_today(-SELF_ASSESSMENT_DAYS, _("a year ago"))
    else:
        start = assessment.project.planned_start
        earliest = Event(
            start - datetime.timedelta(days=EVALUATION_LEAD_DAYS),
            _("six months before the planned start %(start)s") % {"start": start.isoformat()},
        )
    return window_problems(day, field=field, label=label, after=[earliest], before=[today()])
