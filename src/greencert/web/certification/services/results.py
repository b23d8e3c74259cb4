"""Frozen results: the core's result kept as it was when the evaluation was marked complete.

A snapshot is never changed.  Reopening the evaluation keeps it; marking
the evaluation complete again freezes a new one with the next number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from greencert.core.assessment import Assessment as Result
from greencert.core.score_output import score_outputs
from greencert.web.audit.services import record
from greencert.web.certification.models import ResultSnapshot
from greencert.web.certification.services.figures import record_figures
from greencert.web.projects.models import Project
from greencert.web.projects.scoring import assessment_data, score


@dataclass(frozen=True)
class Scored:
    """A project's sheets scored, with the statistics worked out, before any lock is taken."""

    inputs: dict  # the sheets as the snapshot keeps them
    result: Result
    outputs: dict  # score_outputs: both languages


def scored(project: Project) -> Scored:
    """Score the project's sheets and work out the statistics (the resampling takes a second
    or so): done before the freezing transaction, which holds the project's row locked."""
    assessment = project.assessment
    result = score(assessment)
    return Scored(assessment_data(assessment), result, score_outputs(result))


def freeze(*, actor, project: Project, ahead: Scored | None = None) -> ResultSnapshot:
    """Keep the project's inputs, scheme, figures and explanation, with how sure the service
    score is (``"statistics"``, advice: issue 18), in both languages.  *ahead* is the scoring
    done before the lock; used only if the sheets are still what it scored, else scored again."""
    with transaction.atomic():
        inputs = assessment_data(project.assessment)
        if ahead is None or ahead.inputs != inputs:
            ahead = scored(project)
        result, outputs = ahead.result, ahead.outputs
        number = (project.snapshots.aggregate(n=Max("number"))["n"] or 0) + 1
        snapshot = ResultSnapshot.objects.create(
            project=project,
            number=number,
            created_by=actor,
            scheme_label=result.scheme.label,
            scheme_hash=result.scheme.hash,
            inputs=ahead.inputs,
            result=outputs["zh-hans"],
            result_en=outputs["en"],
            grade=result.grade or "",
        )
        record_figures(snapshot=snapshot, result=result)
        record(
            actor=actor,
            action="greencert.snapshot.frozen",
            target=snapshot,
            project=project,
            after={"number": number, "grade": snapshot.grade, "scheme": snapshot.scheme_label},
        )
    return snapshot


def latest_snapshot(project: Project) -> ResultSnapshot | None:
    return project.snapshots.order_by("-number").first()
