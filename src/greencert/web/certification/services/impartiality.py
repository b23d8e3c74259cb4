"""Who may not review, decide or handle a complaint (ISO/IEC 17065 §7.5, §7.6, §7.13).

Anyone who was on the project's team, entered one of its evaluations or
raised one of its nonconformities took part in the evaluation and may not
review or decide it.  The same person may both review and decide.  A
refused attempt is logged and then raised.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from greencert.web.accounts.models import User
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import Decision, RefusedAttempt, Review
from greencert.web.certification.services import Refused
from greencert.web.projects.models import Evaluation, Project, TeamMember

# Audit actions that mean "took part in evaluating": entering sheets, evidence,
# findings and their verification, and judging customer responses.
EVALUATING_ACTIONS = (
    "greencert.evaluation.",
    "greencert.maturity.",
    "greencert.evidence.",
    "greencert.nonconformity.raised",
    "greencert.nonconformity.plan_accepted",
    "greencert.nonconformity.returned",
    "greencert.nonconformity.closed",
    "greencert.survey_response.",
    "greencert.survey.imported",
)


def evaluators_of(project: Project) -> set[int]:
    """Ids of everyone who took part in evaluating *project*, now or at any time.

    The audit trail is the memory: whoever did an evaluating action, and
    whoever was ever put on the team (even if removed since), is excluded.
    """
    team = set(TeamMember.objects.filter(project=project).values_list("user_id", flat=True))
    entered = Evaluation.objects.filter(assessment__project=project).values_list(
        "created_by_id", flat=True
    )
    raised = project.nonconformities.values_list("raised_by_id", flat=True)
    condition = Q()
    for prefix in EVALUATING_ACTIONS:
        condition |= Q(action__startswith=prefix)
    actors = AuditEntry.objects.filter(condition, project=project).values_list(
        "actor_id", flat=True
    )
    added = AuditEntry.objects.filter(project=project, action="greencert.team.added").values_list(
        "after", flat=True
    )
    usernames = {entry.get("user") for entry in added if isinstance(entry, dict)}
    former = User.objects.filter(username__in=usernames).values_list("pk", flat=True)
    return {*team, *entered, *raised, *actors, *former} - {None}


def deciders_of(project: Project) -> set[int]:
    reviewers = Review.objects.filter(project=project).values_list("reviewer_id", flat=True)
    deciders = Decision.objects.filter(project=project).values_list("decided_by_id", flat=True)
    return {*reviewers, *deciders}


def refuse(*, user, action: str, reason: str, project=None, complaint=None):
    """Log the refused attempt and raise :class:`Refused`.

    Callers check before they open their own transaction, so the log entry
    is committed even though the action is not.
    """
    RefusedAttempt.objects.create(
        user=user, action=action, project=project, complaint=complaint, reason=reason
    )
    raise Refused(reason)


def check_independent(
    *, user, project: Project, action: str, also_excluded: set[int] = frozenset()
) -> None:
    if user.pk in evaluators_of(project):
        refuse(
            user=user,
            action=action,
            project=project,
            reason=_(
                "%(user)s took part in evaluating %(project)s and may not review or decide it."
            )
            % {"user": user, "project": project.code},
        )
    if user.pk in also_excluded:
        refuse(
            user=user,
            action=action,
            project=project,
            reason=_(
                "%(user)s already reviewed or decided %(project)s; an appeal needs someone independent."
            )
            % {"user": user, "project": project.code},
        )
