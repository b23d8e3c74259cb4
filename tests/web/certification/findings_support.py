"""Helpers of the findings / review / decision page tests: move a project along, read pages.

Set-up goes through the services (it is not under test here); what is under
test is posted through the pages.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from greencert.core.assessment_input import Reference
from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.certification.services import decisions, nonconformities
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from greencert.web.projects.services.sheets import save_evaluation, save_maturity

DAY = datetime.date(2026, 6, 1)
LATER = datetime.date.today() + datetime.timedelta(days=30)  # well after any time zone's today


def browser(client, user):
    """*client* logged in as *user*, reading the pages in English."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def complete(world) -> None:
    """The leader marks the evaluation complete (a snapshot is frozen)."""
    change_state(actor=world.leader, project=world.project, to=Project.State.EVALUATION_COMPLETE)
    world.project.refresh_from_db()


def reopen(world) -> None:
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    world.project.refresh_from_db()


def recommend(world, reviewer=None) -> None:
    decisions.review(
        actor=reviewer or world.reviewer,
        project=world.project,
        outcome="recommend",
        comment="资料完整，建议批准",
    )
    world.project.refresh_from_db()


def grant(world, grade: str = "AAAA", decider=None, reason: str = ""):
    decision = decisions.decide(
        actor=decider or world.decider,
        project=world.project,
        outcome="grant",
        grade=grade,
        reason=reason,
        decided_on=DAY,
    )
    world.project.refresh_from_db()
    return decision


def edit_sheets(world, *, alpha: str, level: int) -> None:
    """Change every stored evaluation to α *alpha* and every clause to *level* (as the team would)."""
    scheme = default_scheme()
    assessment = world.project.assessment
    for evaluation in assessment.evaluations.all():
        save_evaluation(
            actor=world.leader,
            assessment=assessment,
            header={
                "code": evaluation.code,
                "evaluator": evaluation.evaluator,
                "date": evaluation.date,
                "source": evaluation.source,
            },
            ratings={item: Rating.of_alpha(Decimal(alpha), scheme) for item in scheme.items},
            evaluation=evaluation,
            expected_version=evaluation.version,
        )
    assessment.refresh_from_db()
    save_maturity(
        actor=world.leader,
        assessment=assessment,
        levels={cid: {"level": level} for cid in scheme.clauses},
        expected_version=assessment.maturity_version,
    )


def raise_nc(world, severity: str = "minor", ref: str = "clause:5.2"):
    """A nonconformity raised by the leader against *ref* (``kind:id``, as the form posts it)."""
    kind, _sep, ident = ref.partition(":")
    return nonconformities.raise_nonconformity(
        actor=world.leader,
        project=world.project,
        ref=Reference(kind, ident),
        severity=severity,
        description="应急预案未演练",
        evidence="2025 年无演练记录",
    )


def answer_nc(world, nc):
    return nonconformities.answer(
        actor=world.client,
        nc=nc,
        correction="已组织演练",
        root_cause="未列入年度计划",
        action_plan="纳入年度计划并每半年演练",
        due_date=LATER,
    )
