"""Running projects: create (from an accepted application or not), edit the plan, change state.

Managers only (others get 404), except the state page, which the team
leader may use for the steps of the assessment itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencert.core.exceptions import GreenCertError, InputError
from greencert.web.accounts.access import managers_required
from greencert.web.clients.models import Application, Organisation
from greencert.web.form_errors import add_problems
from greencert.web.next_steps import with_next_step
from greencert.web.projects.access import editable, managed_project_for
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.forms.projects import (
    OrganisationChoiceForm,
    ProjectCreateForm,
    ProjectEditForm,
)
from greencert.web.projects.models import Project
from greencert.web.projects.next_steps import planning_facts
from greencert.web.projects.services.projects import create_project, update_project


def _application_problem(application: Application) -> str | None:
    if application.status == Application.Status.ACCEPTED:
        if project := application.projects.first():
            return _("This application already became project %(code)s.") % {"code": project.code}
        return None
    return _(
        "The application of %(organisation)s is “%(status)s”: only an accepted application "
        "can become a project."
    ) % {"organisation": application.organisation, "status": application.get_status_display()}


@managers_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    application = organisation = None
    if pk := request.GET.get("application"):
        application = get_object_or_404(
            Application.objects.select_related("organisation"), pk=_int(pk)
        )
        if problem := _application_problem(application):
            return render(
                request,
                "projects/project_create.html",
                {"refused": problem, "application": application},
            )
        organisation = application.organisation
    elif pk := request.GET.get("organisation"):
        organisation = get_object_or_404(Organisation, pk=_int(pk))
    else:
        # Step one: whose project?  (Sites and services are then offered for that organisation.)
        return render(request, "projects/project_create.html", {"choose": OrganisationChoiceForm()})

    form = ProjectCreateForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=_initial_plan(application),
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = create_project(
                actor=request.user,
                organisation=organisation,
                application=application,
                **_plan_of(form.cleaned_data),
            )
        except GreenCertError as exc:
            # A problem naming a field (a date, the scope) is shown there; others (the scheme) above.
            add_problems(form, exc)
        else:
            created = _("Project %(code)s created, pinned to %(scheme)s.") % {
                "code": project.code,
                "scheme": project.scheme_label,
            }
            messages.success(request, with_next_step(created, planning_facts(project)))
            return redirect("project_detail", pk=project.pk)
    return render(
        request,
        "projects/project_create.html",
        {"form": form, "organisation": organisation, "application": application},
    )


def _initial_plan(application: Application | None) -> dict:
    """A project made from an application starts with its scope, sites and services."""
    initial = {"kind": Project.Kind.INITIAL}
    if application is not None:
        initial |= {
            "scope": application.scope,
            "sites": list(application.sites.all()),
            "services": list(application.services.all()),
        }
    return initial


def _plan_of(data: dict) -> dict:
    keys = ("kind", "previous", "scope", "planned_start", "planned_end", "sites", "services")
    return {key: data[key] for key in keys} | {"scheme_label": data["scheme"]}


def _int(value: str) -> int:
    """A primary key from the query string; anything else is simply not found."""
    try:
        return int(value)
    except ValueError:
        return 0


@managers_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = managed_project_for(request.user, pk)
    if not editable(project):
        messages.error(
            request,
            _("The project is “%(state)s”: its plan can no longer change.")
            % {"state": project.get_state_display()},
        )
        return redirect("project_detail", pk=project.pk)
    initial = {
        "scope": project.scope,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "sites": list(project.sites.all()),
        "services": list(project.services.all()),
        "audit_mode": project.audit_mode,
        "audit_started_on": project.audit_started_on,
        "audit_ended_on": project.audit_ended_on,
    }
    form = ProjectEditForm(
        request.POST if request.method == "POST" else None, project=project, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_project(actor=request.user, project=project, **form.cleaned_data)
        except InputError as exc:
            add_problems(form, exc)
        except NotEditable as exc:
            messages.error(request, str(exc))
            return redirect("project_detail", pk=project.pk)
        else:
            messages.success(request, _("The project plan was saved."))
            return redirect("project_detail", pk=project.pk)
    return render(request, "projects/project_edit.html", {"form": form, "project": project})
