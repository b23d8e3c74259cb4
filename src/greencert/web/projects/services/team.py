"""The assessment team: who evaluates a project, in which role, and for how many person-days."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.web.audit.services import record
from greencert.web.projects.assignment import assignment_problems
from greencert.web.projects.models import Project, TeamMember

MOST_PERSON_DAYS = Decimal("999.9")  # the column's five digits


@transaction.atomic
def add_team_member(*, actor, project: Project, user, role: str) -> TeamMember:
    """Add *user* to the team, if qualified, declared impartial and free of conflicts with the
    organisation on the audit's dates (:mod:`greencert.web.projects.assignment`)."""
    if user.is_client:
        raise InputError(
            Problem(field="user", message=_("A client user cannot be on an assessment team."))
        )
    if problems := assignment_problems(project=project, user=user, role=role):
        raise InputError(problems)
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(project=project, user=user, role=role)
    except IntegrityError:
        raise InputError(
            Problem(
                field="user",
                message=_("%(user)s is already on the team, or the team already has a leader.")
                % {"user": user},
            )
        ) from None
    record(
        actor=actor,
        action="greencert.team.added",
        target=member,
        project=project,
        after={"user": user.username, "role": role},
    )
    return member


@transaction.atomic
def remove_team_member(*, actor, member: TeamMember) -> None:
    record(
        actor=actor,
        action="greencert.team.removed",
        target=member,
        project=member.project,
        before={"user": member.user.username, "role": member.role},
    )
    member.delete()


@transaction.atomic
def record_person_days(*, actor, project: Project, days: Mapping[int, Decimal | None]) -> None:
    """The person-days each member spent on the audit (team member id → days, None to clear)."""
    members = {m.pk: m for m in project.team.select_related("user").select_for_update()}
    unknown = set(days) - set(members)
    if unknown:
        raise InputError(
            Problem(field="person_days", message=_("These people are not on the team."))
        )
    problems = [
        Problem(
            field=f"days-{pk}",
            message=_("%(person)s: person-days must be more than 0 and at most %(most)s.")
            % {"person": members[pk].user, "most": MOST_PERSON_DAYS},
            value=value,
        )
        for pk, value in days.items()
        if value is not None and not 0 < value <= MOST_PERSON_DAYS
    ]
    if problems:
        raise InputError(problems)
    before, after = {}, {}
    for pk, value in days.items():
        member = members[pk]
        if member.person_days != value:
            before[member.user.username] = member.person_days
            after[member.user.username] = value
            member.person_days = value
            member.save(update_fields=["person_days"])
    if after:
        record(
            actor=actor,
            action="greencert.team.person_days_recorded",
            target=project,
            project=project,
            before={"person_days": before},
            after={"person_days": after},
        )
