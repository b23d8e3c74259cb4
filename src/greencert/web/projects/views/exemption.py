"""The §5.2.2 exemption record of a project: a risk assessment on the organisation's
GB/T 19001 certificate, and the decision which clauses of the generic audit it spares.

Staff who see the project read it; project managers and the project's team
leader record it while the project is open; clients get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencert.core.exceptions import GreenCertError, InputError
from greencert.web.projects.access import exemption_project_for
from greencert.web.projects.checklists import (
    exemption_of,
    exemption_problem,
    pinned_checklist,
    reliance_date,
)
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.forms.checklists import ExemptionForm
from greencert.web.projects.result_display import core_language
from greencert.web.projects.services.checklists import EXEMPTION_FIELDS, record_exemption

TEMPLATE = "projects/exemption.html"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def exemption(request, pk):
    writing = request.method == "POST"
    project, may_record = exemption_project_for(request.user, pk, record=writing)
    assessment = project.assessment
    try:
        checklist = pinned_checklist(assessment, "qms")
    except GreenCertError as exc:
        problems = [p.text(core_language()) for p in exc.problems]
        return render(request, TEMPLATE, {"project": project, "problems": problems})
    if checklist is None:
        return render(request, TEMPLATE, {"project": project, "problems": []})
    stored = exemption_of(assessment)
    title_field = "title_en" if core_language() == "en" else "title"
    page = {"project": project, "stored": stored, "may_record": may_record and project.is_open}
    if not writing:
        form = ExemptionForm(
            checklist=checklist, title_field=title_field, initial=_initial(project, stored)
        )
        return _render(request, page, form)
    form = ExemptionForm(request.POST, checklist=checklist, title_field=title_field)
    if not project.is_open:
        closed = _("The project is “%(state)s”: the exemption record can no longer change.")
        return _render(request, page, form, closed % {"state": project.get_state_display()}, 409)
    if not form.is_valid():
        return _render(request, page, form)
    values = {name: form.cleaned_data[name] for name in EXEMPTION_FIELDS}
    try:
        record_exemption(
            actor=request.user,
            assessment=assessment,
            values=values,
            expected_version=form.cleaned_data["version"],
        )
    except InputError as exc:
        for problem in exc.problems:
            field = problem.field if problem.field in form.fields else None
            form.add_error(field, problem.message)
        return _render(request, page, form)
    except (EditConflict, NotEditable) as exc:
        return _render(request, page, form, str(exc), 409)
    messages.success(request, _("The §5.2.2 exemption record is saved."))
    return redirect(reverse("project_exemption", args=(project.pk,)))


def _initial(project, stored) -> dict:
    """The stored record; for a first record, the organisation's newest GB/T 19001 certificate
    and the project's planned start as the audit date."""
    if stored is not None:
        initial = {name: getattr(stored, name) for name in EXEMPTION_FIELDS}
        for name in ("accredited", "scope_covers_service"):
            initial[name] = "yes" if initial[name] else "no"
        return initial | {"version": stored.version}
    initial = {"audit_date": project.planned_start, "version": 0}
    certificate = project.organisation.qms_certificates.order_by("-valid_until").first()
    if certificate is not None:
        initial |= {
            "certificate_number": certificate.number,
            "issuer": certificate.issuer,
            "accredited": "yes" if certificate.accredited else "no",
            "certificate_expires": certificate.valid_until,
        }
    return initial


def _render(request, page: dict, form, conflict: str = "", status: int = 200):
    stored = page["stored"]
    invalid = exemption_problem(stored, reliance_date(page["project"])) if stored else ""
    context = page | {"form": form, "conflict": conflict, "invalid": invalid, "problems": []}
    return render(request, TEMPLATE, context, status=status)
