"""Marking the evaluation complete scores the sheets and works out the statistics (a second
or so of resampling) before the transaction that locks the project's row, not inside it; a
sheet changed in between is scored again inside, so the snapshot keeps what it froze."""

from __future__ import annotations

import pytest
from django.db import connection

from greencert.web.certification.models import ResultSnapshot
from greencert.web.certification.services import results
from greencert.web.projects.models import Project
from greencert.web.projects.scoring import assessment_data
from tests.web.insights.support import complete, rate, rated

pytestmark = pytest.mark.django_db


def test_the_statistics_are_worked_out_before_the_lock(world, monkeypatch):
    rated(world)
    depth = len(connection.atomic_blocks)  # the test's own transaction
    seen = []
    real = results.score_outputs
    monkeypatch.setattr(
        results,
        "score_outputs",
        lambda result: seen.append(len(connection.atomic_blocks)) or real(result),
    )
    complete(world)
    assert world.project.state == Project.State.EVALUATION_COMPLETE
    assert seen == [depth]  # once, outside any transaction of the move


def test_a_sheet_changed_after_the_scoring_is_scored_again(world):
    rated(world)
    ahead = results.scored(world.project)
    rate(world, "E4", "0.60", evaluator="顾客乙", source="customer")
    snapshot = results.freeze(actor=world.leader, project=world.project, ahead=ahead)
    assert snapshot.inputs == assessment_data(world.project.assessment)
    assert len(snapshot.inputs["evaluations"]) == 4
    assert snapshot.result["statistics"] != ahead.outputs["zh-hans"]["statistics"]
    assert ResultSnapshot.objects.filter(project=world.project).count() == 1
