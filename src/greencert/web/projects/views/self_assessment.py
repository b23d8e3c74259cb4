"""The client's own self-assessment: an unofficial prediction, never a certification result.

A client organisation fills the same sheets as the auditors, in an
assessment of its own (``Assessment.Kind.SELF``) that no project, report or
decision ever reads.  The page shows what the core predicts from them: the
grade and the gap to the next one.
"""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from greencert.core.exceptions import GreenCertError
from greencert.web.form_errors import problem_lines
from greencert.web.projects.result_display import present
from greencert.web.projects.scoring import score


@require_safe
def overview(request, ctx):
    evaluations = ctx.assessment.evaluations.select_related("site")
    try:
        shown = present(score(ctx.assessment), evaluations)
    except GreenCertError as exc:  # e.g. the scheme file changed since the sheets were pinned to it
        problems = problem_lines(exc.problems)
        return render(
            request, "projects/self_assessment.html", {"ctx": ctx, "scoring_problems": problems}
        )
    rows = [
        {**row, "url": ctx.url("evaluation_edit", row["object"].pk)} for row in shown["evaluations"]
    ]
    context = {"ctx": ctx, "shown": shown, "evaluations": rows}
    return render(request, "projects/self_assessment.html", context)
