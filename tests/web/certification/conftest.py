"""Builders for the certification tests: a project whose sheets give a known grade."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from tests.web.audit_support import judge_all_conforming


def fill_sheets(project: Project, actor, *, alpha: str = "0.9", level: int = 4) -> None:
    """Two evaluations with every α = *alpha*, every clause at *level*.

    With the defaults, by hand: each evaluation scores 0.9 × 100 = 90.00, so the
    service score is 90.0; every clause at 四级 gives 13×4 + 8×8 = 116 → 五级.
    By §5.3: 90.0 ≥ 90.0 and 五级 ≥ 三级, but 90.0 < 95.0 → AAAA (both checklist audits
    recorded as all conforming, so the conformity review passes).
    """
    scheme = default_scheme()
    assessment = project.assessment
    for code in ("E1", "E2"):
        save_evaluation(
            actor=actor,
            assessment=assessment,
            header={
                "code": code,
                "evaluator": "审核员",
                "date": project.planned_start + datetime.timedelta(days=1),
                "source": "auditor",
            },
            ratings={item: Rating.of_alpha(Decimal(alpha), scheme) for item in scheme.items},
        )
    save_maturity(
        actor=actor,
        assessment=assessment,
        levels={cid: {"level": level} for cid in scheme.clauses},
        expected_version=assessment.maturity_version,
    )
    judge_all_conforming(assessment, actor)


@pytest.fixture
def filled(world):
    """world.project in progress with sheets giving AAAA (see fill_sheets)."""
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    fill_sheets(world.project, world.leader)
    return world
