"""Nonconformities (不符合项): list, raise, the page of one, and the steps of its flow.

raise (team) → answer (client) → accept or return (team) → close with
verification (team).  The steps post to their own URLs from the
nonconformity's page; a refused step shows that page again with the
service's message (409) and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.core.exceptions import InputError
from greencert.web.audit.models import AuditEntry
from greencert.web.certification import access, references
from greencert.web.certification.forms.findings import (
    AnswerForm,
    CloseForm,
    NonconformityForm,
    PlanReviewForm,
)
from greencert.web.certification.models import Nonconformity
from greencert.web.certification.services import Refused
from greencert.web.certification.services import nonconformities as nc_services
from greencert.web.downloads import stored_file
from greencert.web.form_errors import add_problems, error_summary
from greencert.web.projects.access import project_for
from greencert.web.projects.errors import EditConflict, NotEditable

HISTORY_ACTIONS = {
    "greencert.nonconformity.raised": gettext_lazy("Nonconformity raised"),
    "greencert.nonconformity.answered": gettext_lazy("Answered by the client"),
    "greencert.nonconformity.plan_accepted": gettext_lazy("Corrective-action plan accepted"),
    "greencert.nonconformity.returned": gettext_lazy("Answer returned to the client"),
    "greencert.nonconformity.closed": gettext_lazy("Closed after verification"),
}


def _labels(project, ncs) -> None:
    """Name what each nonconformity cites, as the scheme or the pinned checklist does, in the
    page's language."""
    checklists = references.checklists_of(project.assessment)
    for nc in ncs:
        nc.ref_label = references.label(nc.reference, checklists)


@login_required
@require_safe
def nonconformity_list(request, pk):
    project = project_for(request.user, pk)
    ncs = list(project.nonconformities.select_related("raised_by"))
    _labels(project, ncs)
    return render(
        request,
        "certification/nonconformity_list.html",
        {
            "project": project,
            "ncs": ncs,
            "may_raise": access.may_raise(request.user, project),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def nonconformity_create(request, pk):
    """The form; ``?ref=qms:8.5.1`` (a checklist page's finding) picks the reference."""
    project = access.team_project_for(request.user, pk)
    context = {"project": project}
    if not access.may_raise(request.user, project, is_team=True):
        context["refused"] = _(
            "The project is “%(state)s”: nonconformities are raised while the assessment "
            "is in progress."
        ) % {"state": project.get_state_display()}
        status = 409 if request.method == "POST" else 200
        return render(request, "certification/nonconformity_form.html", context, status=status)
    checklists = references.checklists_of(project.assessment)
    options = {"assessment": project.assessment, "checklists": checklists}
    if request.method == "POST":
        form = NonconformityForm(request.POST, **options)
    else:
        form, context["unknown_ref"] = _form_for_link(request.GET.get("ref"), options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nc = nc_services.raise_nonconformity(
                actor=request.user,
                project=project,
                ref=references.parse(data["reference"]),
                severity=data["severity"],
                description=data["description"],
                evidence=data["evidence"],
            )
        except InputError as exc:
            add_problems(form, exc)
        except (Refused, EditConflict, NotEditable) as exc:  # the last two: a race with another
            context |= {"form": form, "refused": str(exc)}
            return render(request, "certification/nonconformity_form.html", context, status=409)
        else:
            messages.success(request, _("Nonconformity %(code)s raised.") % {"code": nc.code})
            return redirect("nonconformity_detail", pk=project.pk, nc=nc.pk)
    context |= {"form": form, "errors": error_summary(form) if form.is_bound else []}
    return render(request, "certification/nonconformity_form.html", context)


def _form_for_link(wanted: str | None, options: dict) -> tuple[NonconformityForm, str]:
    """An empty form, the linked reference chosen; a reference not offered is named instead."""
    form = NonconformityForm(**options)
    if not wanted:
        return form, ""
    groups = form.fields["reference"].choices[1:]
    offered = {value for _group, rows in groups for value, _label in rows}
    if wanted in offered:
        form.initial["reference"] = wanted
        return form, ""
    return form, _("“%(value)s” is not a reference this project may cite.") % {"value": wanted}


def _history(nc: Nonconformity) -> list[dict]:
    entries = AuditEntry.objects.filter(
        project_id=nc.project_id, object_type="nonconformity", object_id=str(nc.pk)
    ).select_related("actor")
    statuses = dict(Nonconformity.Status.choices)
    rows = []
    for e in entries.order_by("at", "id"):
        before, after = e.before or {}, e.after or {}
        rows.append(
            {
                "at": e.at,
                "actor": e.actor,
                "action": HISTORY_ACTIONS.get(e.action, e.action),
                "status_before": statuses.get(before.get("status"), ""),
                "status_after": statuses.get(after.get("status"), ""),
                "comment": after.get("review_comment")
                if after.get("review_comment") != before.get("review_comment")
                else "",
            }
        )
    return rows


def _render_detail(request, project, nc, *, status: int = 200, refused: str = "", **forms):
    user = request.user
    is_team = access.on_team(user, project)
    _labels(project, [nc])
    context = {
        "project": project,
        "nc": nc,
        "files": list(nc.files.select_related("uploaded_by")),
        "history": _history(nc),
        "refused": refused,
        "may_answer": access.may_answer(user, nc),
        "may_review": access.may_review_nc(is_team, nc),
        "may_close": access.may_close(is_team, nc),
        "answer_form": forms.get("answer_form") or AnswerForm(initial=_answer_initial(nc)),
        "review_form": forms.get("review_form") or PlanReviewForm(),
        "close_form": forms.get("close_form") or CloseForm(),
    }
    bound = [f for f in forms.values() if f.is_bound]
    context["errors"] = [line for f in bound for line in error_summary(f)]
    return render(request, "certification/nonconformity_detail.html", context, status=status)


def _answer_initial(nc: Nonconformity) -> dict:
    """A returned answer is offered again for the client to improve."""
    return {
        "correction": nc.correction,
        "root_cause": nc.root_cause,
        "action_plan": nc.action_plan,
        "due_date": nc.due_date,
    }


def _wrong_state(nc: Nonconformity) -> str:
    # The same message the service gives when the state refuses a step.
    return _("Nonconformity %(code)s is “%(status)s”: this step is not possible now.") % {
        "code": nc.code,
        "status": nc.get_status_display(),
    }


@login_required
@require_safe
def nonconformity_detail(request, pk, nc):
    project = project_for(request.user, pk)
    return _render_detail(request, project, access.nonconformity_in(project, nc))


def _step(request, project, nc, form_name, form, allowed, run):
    """Run one step: refuse a wrong state first, then the service; show what happened."""
    if nc.status not in allowed:
        return _render_detail(request, project, nc, status=409, refused=_wrong_state(nc))
    if form.is_valid():
        try:
            done = run(form.cleaned_data)
        except InputError as exc:
            add_problems(form, exc)
        except Refused as exc:  # the state changed meanwhile
            nc.refresh_from_db()
            return _render_detail(request, project, nc, status=409, refused=str(exc))
        else:
            messages.success(
                request,
                _("Nonconformity %(code)s: %(status)s.")
                % {"code": done.code, "status": done.get_status_display()},
            )
            return redirect("nonconformity_detail", pk=project.pk, nc=done.pk)
    return _render_detail(request, project, nc, **{form_name: form})


@login_required
@require_safe
def nonconformity_file(request, pk, nc, file_id):
    """A file of the client's answer: for everyone who sees the nonconformity (the team verifies
    with it); another project's or nonconformity's file is not found."""
    project = project_for(request.user, pk)
    nc = access.nonconformity_in(project, nc)
    row = get_object_or_404(nc.files, pk=file_id)
    return stored_file(row.file, row.original_name)


@login_required
@require_POST
def nonconformity_answer(request, pk, nc):
    project = access.client_project_for(request.user, pk)
    nc = access.nonconformity_in(project, nc)
    return _step(
        request,
        project,
        nc,
        "answer_form",
        AnswerForm(request.POST, request.FILES),
        access.ANSWERABLE,
        lambda data: nc_services.answer(actor=request.user, nc=nc, **data),
    )


@login_required
@require_POST
def nonconformity_review(request, pk, nc):
    """Accept the client's plan, or return it with a comment (the button says which)."""
    project = access.team_project_for(request.user, pk)
    nc = access.nonconformity_in(project, nc)
    accept = request.POST.get("decision") == "accept"

    def run(data):
        if accept:
            return nc_services.accept_plan(actor=request.user, nc=nc, comment=data["comment"])
        return nc_services.return_answer(actor=request.user, nc=nc, comment=data["comment"])

    return _step(
        request,
        project,
        nc,
        "review_form",
        PlanReviewForm(request.POST),
        access.REVIEWABLE,
        run,
    )


@login_required
@require_POST
def nonconformity_close(request, pk, nc):
    project = access.team_project_for(request.user, pk)
    nc = access.nonconformity_in(project, nc)
    return _step(
        request,
        project,
        nc,
        "close_form",
        CloseForm(request.POST),
        access.CLOSABLE,
        lambda data: nc_services.close(
            actor=request.user, nc=nc, verification=data["verification"]
        ),
    )
