"""The assessment team: managers add and remove members (staff only, one leader, each qualified
and impartial on the audit's dates) and record each member's person-days."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencert.core.exceptions import InputError
from greencert.web.accounts.access import managers_required
from greencert.web.form_errors import add_problems
from greencert.web.next_steps import with_next_step
from greencert.web.projects.access import managed_project_for, team_editable
from greencert.web.projects.assignment import covering_qualification
from greencert.web.projects.forms.team import PersonDaysForm, TeamMemberForm
from greencert.web.projects.next_steps import planning_facts
from greencert.web.projects.services.team import (
    add_team_member,
    record_person_days,
    remove_team_member,
)


@managers_required
@require_http_methods(["GET", "POST"])
def project_team(request, pk):
    project = managed_project_for(request.user, pk)
    frozen = not team_editable(project)
    form = TeamMemberForm(
        request.POST if request.POST.get("action") == "add" else None, project=project
    )
    if request.method == "POST":
        if frozen:
            messages.error(
                request,
                _("The project is “%(state)s”: its team can no longer change.")
                % {"state": project.get_state_display()},
            )
            return redirect("project_team", pk=project.pk)
        if request.POST.get("action") == "days":
            return _record_days(request, project)
        if request.POST.get("action") == "remove":
            member = get_object_or_404(project.team.select_related("user"), pk=_int(request.POST))
            remove_team_member(actor=request.user, member=member)
            messages.success(
                request, _("%(user)s was removed from the team.") % {"user": member.user}
            )
            return redirect("project_team", pk=project.pk)
        if form.is_valid():
            user, role = form.cleaned_data["user"], form.cleaned_data["role"]
            try:
                member = add_team_member(actor=request.user, project=project, user=user, role=role)
            except InputError as exc:
                for problem in exc.problems:
                    form.add_error("user", problem.message)
            else:
                joined = _("%(user)s joined the team as %(role)s.") % {
                    "user": user,
                    "role": member.get_role_display(),
                }
                messages.success(request, with_next_step(joined, planning_facts(project)))
                return redirect("project_team", pk=project.pk)
    return _page(request, project, form=form, frozen=frozen)


def _page(request, project, *, form, frozen: bool, days_form=None):
    team = list(project.team.select_related("user").prefetch_related("user__qualifications"))
    rows = [(m, covering_qualification(project, m.user, m.role)) for m in team]
    context = {
        "project": project,
        "team": rows,
        "form": form,
        "frozen": frozen,
        "days_form": days_form or PersonDaysForm(team=team),
        "audit_dates": project.audit_dates,
    }
    return render(request, "projects/project_team.html", context)


def _record_days(request, project):
    days_form = PersonDaysForm(request.POST, team=project.team.select_related("user"))
    if days_form.is_valid():
        try:
            record_person_days(actor=request.user, project=project, days=days_form.days())
        except InputError as exc:
            add_problems(days_form, exc)
        else:
            messages.success(request, _("The person-days were saved."))
            return redirect("project_team", pk=project.pk)
    form = TeamMemberForm(project=project)
    return _page(request, project, form=form, frozen=False, days_form=days_form)


def _int(data) -> int:
    try:
        return int(data.get("member", ""))
    except ValueError:
        return 0
