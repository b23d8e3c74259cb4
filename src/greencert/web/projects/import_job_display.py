"""How a workbook import applied in the background reads on the project page: its state,
and what it stored or why it stored nothing (each problem naming sheet, row and column),
in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from greencert.web.form_errors import problem_lines
from greencert.web.projects.models import ImportJob
from greencert.web.projects.services.import_jobs import problems_of
from greencert.web.projects.services.imports import Applied, StalePreview

SHOWN = 5  # the latest imports of the assessment
PENDING = {ImportJob.State.QUEUED, ImportJob.State.RUNNING}


def import_rows(assessment) -> list[dict]:
    if assessment is None:
        return []
    jobs = assessment.import_jobs.select_related("requested_by")[:SHOWN]
    return [{"job": job, "lines": _lines(job)} for job in jobs]


def _lines(job: ImportJob) -> list[str]:
    if job.state == ImportJob.State.DONE:
        return [applied_text(Applied(**job.applied))]
    if job.state != ImportJob.State.FAILED:
        return []
    if job.reason == "problems":
        return problem_lines(problems_of(job))
    if job.reason == "stale":
        return [str(StalePreview.default())]
    if job.reason == "closed":
        return [_("The sheets were closed before the workbook was imported: nothing was stored.")]
    return [
        _(
            "The workbook could not be imported; the error is in the server's log. Nothing "
            "was stored."
        )
    ]


def applied_text(applied: Applied) -> str:
    counts = (
        applied.added,
        applied.changed_evaluations,
        applied.levels,
        applied.verdicts,
    )
    return _(
        "%(added)s evaluations added, %(changed)s changed; %(levels)s maturity levels and "
        "%(verdicts)s checklist verdicts recorded."
    ) % dict(zip(("added", "changed", "levels", "verdicts"), counts, strict=True))
