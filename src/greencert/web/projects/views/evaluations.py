"""The evaluation sheet (一次测评, §5.1.2): create, show, edit, delete, preview.

The same views serve a project's official sheets and a client's
self-assessment; a :class:`~greencert.web.projects.views.sheet_context.SheetContext`
says which.  Saving goes through
:func:`greencert.web.projects.services.evidence.save_evaluation_sheet`; the
running figures come from the core (:mod:`.figures`).  Without JavaScript
the "recalculate" button posts the sheet to itself and shows the figures
without saving; with htmx the figures follow every keystroke.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greencert.core.exceptions import InputError
from greencert.web.form_errors import labelled
from greencert.web.projects.access import is_on_team
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.forms.sheets import EvaluationHeaderForm, rater_choices
from greencert.web.projects.services.evidence import save_evaluation_sheet
from greencert.web.projects.services.sheets import delete_evaluation, next_evaluation_code
from greencert.web.projects.sheet_rows import (
    item_rows_from_evaluation,
    item_rows_from_post,
    notes_of,
    ratings_of,
)
from greencert.web.projects.views.figures import evaluation_figures, live_with_evaluation

TEMPLATE = "projects/evaluation_form.html"
FIGURES = "projects/evaluation_figures.html"


@require_http_methods(["GET", "HEAD", "POST"])
def create(request, ctx):
    return _sheet(request, ctx, None)


@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, ctx, eid):
    return _sheet(request, ctx, _evaluation(ctx, eid))


@require_POST
def preview(request, ctx):
    """The running figures fragment (htmx), for the sheet as typed so far."""
    eid = request.GET.get("evaluation", "")
    evaluation = _evaluation(ctx, eid) if eid.isdigit() else None
    form = _form(ctx, request, evaluation)
    rows = item_rows_from_post(ctx.scheme, request.POST, {}, complete=False)
    context = _context(request, ctx, evaluation, form, rows)
    return render(request, FIGURES, {**context, "oob": True})


@require_POST
def delete(request, ctx, eid):
    evaluation = _evaluation(ctx, eid)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponseBadRequest(_("The form has no version: reload the sheet."))
    try:
        delete_evaluation(actor=request.user, evaluation=evaluation, expected_version=version)
    except (EditConflict, NotEditable) as exc:
        form = _form(ctx, request, evaluation, bound=False)
        rows = item_rows_from_evaluation(ctx.scheme, evaluation)
        context = _context(request, ctx, evaluation, form, rows, conflict=str(exc))
        return render(request, TEMPLATE, context, status=409)
    messages.success(request, _("Evaluation %(code)s deleted.") % {"code": evaluation.code})
    return redirect(ctx.back_url)


def _evaluation(ctx, eid):
    # Only this assessment's evaluations: another project's or organisation's id is not found.
    return get_object_or_404(
        ctx.assessment.evaluations.select_related("site").prefetch_related("ratings"), pk=eid
    )


def _form(ctx, request, evaluation, bound: bool = True) -> EvaluationHeaderForm:
    kwargs = {"organisation": ctx.assessment.organisation, "official": ctx.official}
    if ctx.official:
        kwargs["raters"] = rater_choices(ctx.project, evaluation)
    if bound and request.method == "POST":
        return EvaluationHeaderForm(request.POST, **kwargs)
    on_team = ctx.official and is_on_team(request.user, ctx.project)
    initial = EvaluationHeaderForm.initial_for(evaluation, request.user, on_team=on_team)
    return EvaluationHeaderForm(initial=initial, **kwargs)


def _sheet(request, ctx, evaluation):
    if request.method != "POST":
        form = _form(ctx, request, evaluation)
        rows = item_rows_from_evaluation(ctx.scheme, evaluation)
        return render(request, TEMPLATE, _context(request, ctx, evaluation, form, rows))

    form = _form(ctx, request, evaluation)
    saving = "preview" not in request.POST
    rows = item_rows_from_post(ctx.scheme, request.POST, request.FILES, complete=saving)
    if not ctx.is_open:
        context = _context(request, ctx, evaluation, form, rows, conflict=ctx.closed_message)
        return render(request, TEMPLATE, context, status=409)
    if not saving or not (form.is_valid() and rows.valid):
        return render(request, TEMPLATE, _context(request, ctx, evaluation, form, rows))
    if evaluation is not None and form.cleaned_data["version"] is None:
        return HttpResponseBadRequest(_("The form has no version: reload the sheet."))
    try:
        saved = save_evaluation_sheet(
            actor=request.user,
            assessment=ctx.assessment,
            header=form.header(ctx.official),
            ratings=ratings_of(rows),
            notes=notes_of(rows),
            evidence=rows.uploads,
            evaluation=evaluation,
            expected_version=form.cleaned_data["version"],
        )
    except InputError as exc:
        rows.add_problems(exc.problems)
        return render(request, TEMPLATE, _context(request, ctx, evaluation, form, rows))
    except (EditConflict, NotEditable) as exc:
        context = _context(request, ctx, evaluation, form, rows, conflict=str(exc))
        return render(request, TEMPLATE, context, status=409)
    messages.success(request, _("Evaluation %(code)s saved.") % {"code": saved.code})
    return redirect(ctx.url("evaluation_edit", saved.pk))


def _code(ctx, form, evaluation) -> str:
    """The id the sheet will have: typed, kept, or the next free one."""
    typed = (form.data.get("code") or "").strip() if form.is_bound else ""
    if typed:
        return typed
    return evaluation.code if evaluation else next_evaluation_code(ctx.assessment)


def _source(ctx, form, evaluation) -> str:
    if not ctx.official:
        return "self"
    if form.is_bound:
        return form.data.get("source") or "auditor"
    return evaluation.source if evaluation else "auditor"


def _context(request, ctx, evaluation, form, rows, conflict: str = "") -> dict:
    figures = evaluation_figures(ctx, rows)
    stored = {}
    if evaluation is not None:
        for ev in evaluation.evidence.all():
            stored.setdefault(ev.item_id, []).append(
                (ev.original_name, ctx.url("evidence_download", ev.pk))
            )
    for row in rows.rows:
        row.evidence = stored.get(row.item.id, [])
    groups = [
        (c, [r for r in rows.rows if r.item.characteristic_id == c.id])
        for c in ctx.scheme.characteristics
    ]
    problems = list(rows.problems)
    if form.is_bound and form.errors:
        labels = {name: f.label for name, f in form.fields.items()}
        problems += [
            labelled(labels.get(name) or _("Sheet"), " ".join(errors))
            for name, errors in form.errors.items()
        ]
    problems += [
        " ".join([_("Item %(item)s:") % {"item": row.item.id}, *row.errors])
        for row in rows.rows
        if row.errors
    ]
    preview_url = ctx.url("evaluation_preview")
    if evaluation is not None:
        preview_url += f"?evaluation={evaluation.pk}"
    return {
        "ctx": ctx,
        "scheme": ctx.scheme,
        "evaluation": evaluation,
        "form": form,
        "rows": rows.rows,
        "groups": groups,
        "figures": figures,
        "live": live_with_evaluation(
            ctx, rows, _code(ctx, form, evaluation), _source(ctx, form, evaluation), evaluation
        ),
        "problems": problems,
        "conflict": conflict,
        "editable": ctx.editable,
        "action": ctx.url("evaluation_edit", evaluation.pk)
        if evaluation
        else ctx.url("evaluation_create"),
        "preview_url": preview_url,
        "hx_params": "not " + ",".join(f"evidence_{i}" for i in ctx.scheme.items),
        "likert": ctx.scheme.likert,
    }
