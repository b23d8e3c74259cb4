"""The checklist audit pages: GB/T 19001 (§4.2.1, §5.2.1) and §4.2.2, one verdict per row.

The checklist page shows every row of the pinned version grouped by chapter,
with its verdict, who judged it and when; the team (and administrators) judge
a row on its own page while the project is open.  Other staff only look;
clients never see the auditors' checklists (404, by the sheet context).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from greencert.core.exceptions import GreenCertError, InputError
from greencert.web.downloads import stored_file
from greencert.web.form_errors import problem_message
from greencert.web.projects.checklists import (
    KINDS,
    checklist_view,
    exemption_of,
    pinned_checklist,
    reliance_date,
)
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.forms.checklists import VerdictForm
from greencert.web.projects.models import ChecklistVerdict, Verdict, VerdictEvidence
from greencert.web.projects.result_display import core_language
from greencert.web.projects.services.checklists import record_verdict

TITLES = {
    "qms": gettext_lazy("GB/T 19001 checklist"),
    "specific": gettext_lazy("§4.2.2 specific requirements"),
}


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise Http404
    return kind


@require_safe
def checklist(request, ctx, kind):
    kind = _kind(kind)
    try:
        view = checklist_view(ctx.assessment, kind, reliance_date(ctx.project))
    except GreenCertError as exc:
        view, problems = None, [p.text(core_language()) for p in exc.problems]
    else:
        problems = []
    if view is None and not problems:
        raise Http404  # an assessment without checklists (none pinned)
    return render(
        request,
        "projects/checklist.html",
        {
            "ctx": ctx,
            "kind": kind,
            "title": TITLES[kind],
            "view": view,
            "problems": problems,
            "editable": ctx.editable,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def verdict_edit(request, ctx, kind, clause_id):
    kind = _kind(kind)
    try:
        checklist = pinned_checklist(ctx.assessment, kind)
    except GreenCertError:
        return redirect(ctx.url("checklist", kind))  # which says why it cannot be read
    if checklist is None or clause_id not in checklist.clauses:
        raise Http404
    clause = checklist.clauses[clause_id]
    stored = ctx.assessment.verdicts.filter(kind=kind, clause_id=clause_id).first()
    exemption = exemption_of(ctx.assessment) if kind == "qms" else None
    may_exempt = exemption is not None and clause_id in exemption.clauses
    if request.method != "POST":
        form = VerdictForm(kind=kind, may_exempt=may_exempt, initial=_initial(stored))
        return _render(request, ctx, kind, clause, stored, form)
    form = VerdictForm(request.POST, request.FILES, kind=kind, may_exempt=may_exempt)
    if not ctx.is_open:
        return _render(request, ctx, kind, clause, stored, form, ctx.closed_message, 409)
    if not form.is_valid():
        return _render(request, ctx, kind, clause, stored, form)
    data = form.cleaned_data
    try:
        record_verdict(
            actor=request.user,
            assessment=ctx.assessment,
            kind=kind,
            clause_id=clause_id,
            verdict=data["verdict"],
            date=data["date"],
            expected_version=data["version"],
            reason=data["reason"],
            notes=data["notes"],
            files=[data["evidence"]] if data["evidence"] else [],
        )
    except InputError as exc:
        for problem in exc.problems:
            form.add_error(None, problem_message(problem))
        return _render(request, ctx, kind, clause, stored, form)
    except (EditConflict, NotEditable) as exc:
        return _render(request, ctx, kind, clause, stored, form, str(exc), 409)
    messages.success(request, _("Verdict on %(id)s saved.") % {"id": clause_id})
    return redirect(ctx.url("checklist", kind) + f"#row-{clause_id}")


def _initial(stored: ChecklistVerdict | None) -> dict:
    if stored is None:
        return {"date": timezone.localdate(), "version": 0}
    return {
        "verdict": stored.verdict,
        "reason": stored.reason,
        "notes": stored.notes,
        "date": stored.date,
        "version": stored.version,
    }


def _render(request, ctx, kind, clause, stored, form, conflict: str = "", status: int = 200):
    context = {
        "ctx": ctx,
        "kind": kind,
        "title": TITLES[kind],
        "clause": clause,
        "stored": stored,
        "form": form,
        "conflict": conflict,
        "exempted_label": Verdict.EXEMPTED.label,
        "checklist_url": ctx.url("checklist", kind),
    }
    return render(request, "projects/verdict_form.html", context, status=status)


@require_safe
def verdict_evidence(request, ctx, evidence_id):
    # Looked up within the context's assessment: another project's file is simply not found.
    evidence = get_object_or_404(
        VerdictEvidence, pk=evidence_id, verdict__assessment=ctx.assessment
    )
    return stored_file(evidence.file, evidence.original_name)
