"""Writes for declared conflicts of interest (ISO/IEC 17065 §4.2): a person of the body and an
organisation, from the day declared until its end (open-ended when none).

Keyword-only, one transaction each, audited on the organisation's trail.  The assignment check
that reads them is ``projects.assignment``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greencert.core.exceptions import Problem
from greencert.web.audit.services import record
from greencert.web.clients.models import ConflictOfInterest, Organisation
from greencert.web.date_limits import Event, record_floor, window_problems
from greencert.web.text_limits import length_problems


def _snapshot(conflict: ConflictOfInterest) -> dict:
    return {
        "person": conflict.person.username,
        "declared_on": conflict.declared_on,
        "ends_on": conflict.ends_on,
        "reason": conflict.reason,
    }


def _problems(declared_on, ends_on, reason: str) -> list:
    problems = length_problems(ConflictOfInterest, {"reason": reason})
    if not reason:
        problems.append(_missing_reason())
    problems += window_problems(
        declared_on, field="declared_on", label=_("The declaration date"), after=[record_floor()]
    )
    if declared_on is not None:
        problems += window_problems(
            ends_on,
            field="ends_on",
            label=_("The end of the conflict"),
            after=[Event(declared_on, _("the declaration date"))],
        )
    return problems


def _missing_reason() -> Problem:
    return Problem(field="reason", message=_("Say what the conflict of interest is."))


@transaction.atomic
def declare_conflict(
    *,
    actor,
    person,
    organisation: Organisation,
    declared_on: datetime.date,
    reason: str,
    ends_on: datetime.date | None = None,
) -> ConflictOfInterest:
    """Record that *person* declared a conflict of interest with *organisation*."""
    if person.is_client:
        raise ValidationError(_("Only staff of the certification body declare conflicts here."))
    reason = reason.strip()
    if problems := _problems(declared_on, ends_on, reason):
        raise ValidationError({p.field: [p.message] for p in problems})
    conflict = ConflictOfInterest.objects.create(
        person=person,
        organisation=organisation,
        declared_on=declared_on,
        reason=reason,
        ends_on=ends_on,
    )
    record(
        actor=actor,
        action="greencert.conflict.declared",
        target=conflict,
        organisation=organisation,
        after=_snapshot(conflict),
    )
    return conflict


@transaction.atomic
def remove_conflict(*, actor, conflict: ConflictOfInterest) -> None:
    """Remove a conflict recorded by mistake (one that ended gets its end date instead)."""
    record(
        actor=actor,
        action="greencert.conflict.removed",
        target=conflict,
        organisation=conflict.organisation,
        before=_snapshot(conflict),
    )
    conflict.delete()
