"""Frozen results: the core's result kept as it was when the evaluation was marked complete.

A snapshot is never changed.  Reopening the evaluation keeps it; marking
the evaluation complete again freezes a new one with the next number.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from greencert.core.score_output import score_outputs
from greencert.web.audit.services import record
from greencert.web.certification.models import ResultSnapshot
from greencert.web.certification.services.figures import record_figures
from greencert.web.projects.models import Project
from greencert.web.projects.scoring import assessment_data, score


def freeze(*, actor, project: Project) -> ResultSnapshot:
    """Score the project's sheets now and keep inputs, scheme, figures and explanation, with
    how sure the service score is (``"statistics"``, advice: issue 18), in both languages."""
    assessment = project.assessment
    result = score(assessment)
    outputs = score_outputs(result)  # the statistics' resampling takes a second or so, once
    with transaction.atomic():
        number = (project.snapshots.aggregate(n=Max("number"))["n"] or 0) + 1
        snapshot = ResultSnapshot.objects.create(
            project=project,
            number=number,
            created_by=actor,
            scheme_label=result.scheme.label,
            scheme_hash=result.scheme.hash,
            inputs=assessment_data(assessment),
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
