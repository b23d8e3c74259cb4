"""Who may not review, decide or handle a complaint (ISO/IEC 17065 §7.5, §7.6, §7.13).

Anyone who was on the project's team, entered one of its evaluations or
raised one of its nonconformities took part in the evaluation and may not
review or decide it.  The same person may both review and decide.  A
refused attempt is logged and then raised.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from greencert.web.certification.models import Decision, RefusedAttempt, Review
from greencert.web.certification.services import Refused
from greencert.web.projects.models import Evaluation, Project, TeamMember


def evaluators_of(project: Project) -> set[int]:
    """Ids of everyone who took part in evaluating *project*."""
    team = TeamMember.objects.filter(project=project).values_list("user_id", flat=True)
    entered = Evaluation.objects.filter(assessment__project=project).values_list(
        "created_by_id", flat=True
    )
    raised = project.nonconformities.values_list("raised_by_id", flat=True)
    return {*team, *entered, *raised} - {None}


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
