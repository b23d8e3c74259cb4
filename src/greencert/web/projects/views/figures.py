"""The running figures of a sheet being filled in, all worked out by the core.

For an evaluation sheet: each rated item's band and points, the running
total and the items still missing (:func:`greencert.core.service.running_sheet`).
For the maturity sheet: each clause's points, the total and, once every
clause is rated, the management level (:func:`greencert.core.maturity.score_management`).
For both: the assessment's result as if the sheet were saved — the stored
assessment's typed input (:func:`greencert.web.projects.scoring.assessment_input`)
with this sheet put in, passed to :func:`greencert.core.assessment.assess`.
Figures are rounded by the core's one rounding function only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from greencert.core.assessment import Assessment as Result
from greencert.core.assessment_input import Evaluation as CoreEvaluation
from greencert.core.exceptions import InputError, Problem
from greencert.core.maturity import score_management
from greencert.core.rounding import round_half_up
from greencert.core.service import POINTS_SHOWN, running_sheet
from greencert.web.form_errors import problem_lines
from greencert.web.projects.result_display import core_language
from greencert.web.projects.scoring import assess_for, assessment_input, score
from greencert.web.projects.sheet_rows import Rows, ratings_of


@dataclass
class Live:
    """The assessment's result with the sheet in it (or as stored, while the sheet is pending)."""

    result: Result | None
    pending: bool = False  # the sheet is not complete or not valid: the stored result is shown
    problems: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        if self.result is None:
            return []
        lang = core_language()
        return [n.text(lang) for n in self.result.notes if n.code.startswith("grade.")]


def evaluation_figures(ctx, rows: Rows) -> dict:
    """Per-item band and points (set on the rows), the running total, the missing items."""
    alphas = {row.item.id: row.value for row in rows.rows if row.value is not None}
    sheet = running_sheet(ctx.scheme, alphas)
    for row in rows.rows:
        found = sheet["items"].get(row.item.id)
        row.figure = (
            {"band": found["band"], "points": round_half_up(found["points"], POINTS_SHOWN)}
            if found
            else None
        )
    # A cell typed wrong is not "still to rate": it is flagged where it is, and counted apart.
    invalid = [row.item.id for row in rows.rows if row.errors]
    return {
        "total": round_half_up(sheet["total"], POINTS_SHOWN),
        "missing": [i for i in sheet["missing"] if i not in invalid],
        "invalid": invalid,
        "complete": not sheet["missing"],
    }


def maturity_figures(ctx, rows: Rows) -> dict:
    levels = {row.clause.id: row.value for row in rows.rows if row.value is not None}
    result = score_management(ctx.scheme, levels)
    for row in rows.rows:
        row.points = result.clauses[row.clause.id].points
    invalid = [row.clause.id for row in rows.rows if row.errors]
    missing = [c for c in result.missing if c not in invalid]
    return {"total": result.total, "missing": missing, "invalid": invalid, "band": result.band}


def live_with_evaluation(ctx, rows: Rows, code: str, source: str, evaluation=None) -> Live:
    """The result if this sheet replaced *evaluation* (or were added, for a new sheet)."""
    if not rows.valid or any(row.value is None for row in rows.rows):
        return Live(score(ctx.assessment), pending=True)
    try:
        sheet = CoreEvaluation.of(code, ratings_of(rows), ctx.scheme, source=source)
        stored = assessment_input(ctx.assessment, ctx.scheme)
    except InputError as exc:
        return Live(None, problems=problem_lines(exc.problems))
    kept = [e for e in stored.evaluations or () if evaluation is None or e.id != evaluation.code]
    if any(e.id == sheet.id for e in kept):  # the id typed is another evaluation's
        return Live(None, problems=[str(Problem(code="evaluation.id_twice", evaluation=code))])
    if evaluation is None or evaluation.counts:
        kept.append(sheet)
    changed = replace(stored, evaluations=tuple(kept) or None)
    return Live(assess_for(ctx.assessment, ctx.scheme, changed))


def live_with_maturity(ctx, rows: Rows) -> Live:
    if not rows.valid:
        return Live(score(ctx.assessment), pending=True)
    levels = {row.clause.id: row.value for row in rows.rows if row.value is not None}
    try:
        stored = assessment_input(ctx.assessment, ctx.scheme)
    except InputError as exc:
        return Live(None, problems=problem_lines(exc.problems))
    changed = replace(stored, maturity=levels or None)
    return Live(assess_for(ctx.assessment, ctx.scheme, changed))
