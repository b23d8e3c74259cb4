"""The management maturity sheet (管理要求审核, §5.2, Appendices 3–4).

One sheet per assessment: a level 1–5 per clause (blank = not yet rated),
an evidence note and file.  Beside each clause the auditor sees the
Appendix 4 requirement and the generic GB/T 19004 level descriptions
(Appendix 2 was lost, RULES.md §2).  Totals and the management level come
from the core; saving is locked by the assessment's ``maturity_version``.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greencert.core.exceptions import InputError
from greencert.core.level_wording import level_wording
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.forms.sheets import MaturityForm
from greencert.web.projects.result_display import core_language, level_name
from greencert.web.projects.services.evidence import save_maturity_sheet
from greencert.web.projects.sheet_rows import (
    clause_rows_from_assessment,
    clause_rows_from_post,
    levels_of,
)
from greencert.web.projects.views.figures import live_with_maturity, maturity_figures

TEMPLATE = "projects/maturity_form.html"
FIGURES = "projects/maturity_figures.html"


@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, ctx):
    if request.method != "POST":
        form = MaturityForm(initial={"version": ctx.assessment.maturity_version})
        rows = clause_rows_from_assessment(ctx.scheme, ctx.assessment)
        return render(request, TEMPLATE, _context(ctx, form, rows))

    form = MaturityForm(request.POST)
    rows = clause_rows_from_post(ctx.scheme, request.POST, request.FILES)
    if not ctx.is_open:
        return render(request, TEMPLATE, _context(ctx, form, rows, ctx.closed_message), status=409)
    if "preview" in request.POST or not (form.is_valid() and rows.valid):
        return render(request, TEMPLATE, _context(ctx, form, rows))
    try:
        save_maturity_sheet(
            actor=request.user,
            assessment=ctx.assessment,
            levels=levels_of(rows),
            evidence=rows.uploads,
            expected_version=form.cleaned_data["version"],
        )
    except InputError as exc:
        rows.add_problems(exc.problems)
        return render(request, TEMPLATE, _context(ctx, form, rows))
    except (EditConflict, NotEditable) as exc:
        return render(request, TEMPLATE, _context(ctx, form, rows, str(exc)), status=409)
    messages.success(request, _("Maturity sheet saved."))
    return redirect(ctx.url("maturity_edit"))


@require_POST
def preview(request, ctx):
    rows = clause_rows_from_post(ctx.scheme, request.POST, {})
    return render(
        request, FIGURES, {**_context(ctx, MaturityForm(request.POST), rows), "oob": True}
    )


def _context(ctx, form, rows, conflict: str = "") -> dict:
    stored = {}
    for ev in ctx.assessment.evidence.exclude(clause_id=""):
        stored.setdefault(ev.clause_id, []).append(
            (ev.original_name, ctx.url("evidence_download", ev.pk))
        )
    for row in rows.rows:
        row.evidence = stored.get(row.clause.id, [])
    problems = list(rows.problems)
    if form.is_bound and form.errors:
        problems.append(_("The form has no valid version: reload the sheet."))
    problems += [
        " ".join([_("Clause %(clause)s:") % {"clause": row.clause.id}, *row.errors])
        for row in rows.rows
        if row.errors
    ]
    return {
        "ctx": ctx,
        "scheme": ctx.scheme,
        "form": form,
        "rows": rows.rows,
        "chapters": [
            (ch, [r for r in rows.rows if r.clause.chapter_id == ch.id])
            for ch in ctx.scheme.chapters
        ],
        "figures": maturity_figures(ctx, rows),
        "live": live_with_maturity(ctx, rows),
        "problems": problems,
        "conflict": conflict,
        "editable": ctx.editable,
        "action": ctx.url("maturity_edit"),
        "preview_url": ctx.url("maturity_preview"),
        "hx_params": "not " + ",".join(f"evidence_{c}" for c in ctx.scheme.clauses),
        "levels": _levels(ctx.scheme),
        "wording_note": level_wording(ctx.scheme).note(ctx.scheme, core_language()),
    }


def _levels(scheme) -> list[dict]:
    """Each maturity level with its label marked where the words are GreenCert's (§5.2.5)."""
    wording, lang = level_wording(scheme), core_language()
    return [
        {
            "level": m.level,
            "name": level_name(m, lang),
            "label": wording.marked_label(m, lang),
            "description": m.description_en if lang == "en" else m.description,
        }
        for m in scheme.maturity_levels
    ]
