"""The assessment team: who evaluates a project, and in which role."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.web.audit.services import record
from greencert.web.projects.models import Project, TeamMember


@transaction.atomic
def add_team_member(*, actor, project: Project, user, role: str) -> TeamMember:
    if user.is_client:
        raise InputError(
            Problem(field="user", message=_("A client user cannot be on an assessment team."))
        )
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
