"""Reading projects: the list, the project page with the core's live result, the audit trail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from greencert.core.blueprint import Blueprint
from greencert.core.exceptions import GreenCertError
from greencert.reports.blueprint_svg import blueprint_svg
from greencert.web.accounts.models import Role
from greencert.web.audit.display import trail_rows
from greencert.web.clients.models import Organisation
from greencert.web.listing import Column, Sorting, list_context, page_of
from greencert.web.projects.access import (
    audit_trail_project_for,
    editable,
    steps_for,
    team_editable,
    visible_projects,
)
from greencert.web.projects.checklists import checklist_views, reliance_date
from greencert.web.projects.forms.projects import ProjectFilterForm
from greencert.web.projects.import_job_display import PENDING, import_rows
from greencert.web.projects.models import Evaluation, Project, TeamMember
from greencert.web.projects.page_figures import project_figures
from greencert.web.projects.result_display import core_language
from greencert.web.projects.services.states import needs_confirmation

PER_PAGE = 50
TRAIL_ON_PAGE = 50

# The project page's sections, in page order, with the words of their headings and of the bar
# that jumps to them; a client sees those marked True (the figures only after the decision, in
# the overview).
SECTIONS = [
    ("overview", _("Overview"), True),
    ("service", _("Service evaluation"), False),
    ("management", _("Management audit"), False),
    ("findings", _("From findings to certificate"), True),  # the findings panel's heading
    ("surveys", _("Customer surveys"), False),
    ("documents", _("Documents"), True),
    ("audit", _("Audit trail"), False),
]


def _sections(*, client: bool) -> dict:
    shown = [(key, label) for key, label, for_clients in SECTIONS if for_clients or not client]
    return {
        "sections": [{"id": key, "label": label} for key, label in shown],
        "section_labels": dict(shown),
    }


State = Project.State
# What the state buttons say, by step; a step not listed says "Move to <state>".
STEP_LABELS = {
    (State.PLANNED, State.IN_PROGRESS): _("Start the assessment"),
    (State.IN_PROGRESS, State.EVALUATION_COMPLETE): _("Close the evaluation"),
    (State.EVALUATION_COMPLETE, State.IN_PROGRESS): _("Reopen the evaluation"),
    (State.UNDER_REVIEW, State.IN_PROGRESS): _("Send back to the team"),
}


def _step_buttons(project, steps) -> list[dict]:
    """The state buttons; a weighty step links to its confirmation page instead of posting."""
    return [
        {
            "to": to,
            "label": STEP_LABELS.get((project.state, to))
            or (_("Cancel the project") if to == State.CANCELLED else State(to).label),
            "danger": to == State.CANCELLED,
            "confirm_url": (
                reverse("project_state_confirm", args=[project.pk, to])
                if needs_confirmation(project.state, to)
                else ""
            ),
        }
        for to in steps
    ]


def _leader_name():
    """The team leader's name as a subquery, so the list needs no query per row."""
    leaders = TeamMember.objects.filter(project=OuterRef("pk"), role=TeamMember.Role.LEADER)
    name = Coalesce(NullIf("user__display_name", Value("")), "user__username")
    return Subquery(leaders.annotate(name=name).values("name")[:1])


def _evaluation_count():
    evaluations = Evaluation.objects.filter(assessment__project=OuterRef("pk")).order_by()
    counted = evaluations.values("assessment").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def _matching(q: str) -> Q:
    """Projects whose number or organisation (part of its name, or its whole code) matches *q*.

    Two searches joined by UNION, each read through its own index (the trigram indexes
    of ``projects.0011`` and ``clients.0006``): an OR across the two tables would read
    every project."""
    organisations = Organisation.objects.filter(
        Q(name__icontains=q) | Q(uscc=q.replace(" ", "").upper())
    )
    by_number = Project.objects.filter(code__icontains=q).order_by().values("pk")
    by_organisation = (
        Project.objects.filter(organisation__in=organisations.values("pk")).order_by().values("pk")
    )
    return Q(pk__in=by_number.union(by_organisation))


PROJECT_COLUMNS = [
    Column("code", _("Project number"), ("code",)),
    Column("organisation", _("Organisation"), ("organisation__name",)),
    Column("kind", _("Type"), ("kind",)),
    Column("state", _("State"), ("state",)),
    Column("planned", _("Planned dates"), ("planned_start",)),
    Column("leader", _("Team leader")),
]
EVALUATIONS_COLUMN = Column("evaluations", _("Evaluations"), num=True)


@login_required
@require_safe
def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    projects = visible_projects(request.user)
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            projects = projects.filter(_matching(q))
        if state := form.cleaned_data["state"]:
            projects = projects.filter(state=state)
        if kind := form.cleaned_data["kind"]:
            projects = projects.filter(kind=kind)
        projects = form.in_range(projects, "planned_start")
    columns = PROJECT_COLUMNS + ([] if request.user.is_client else [EVALUATIONS_COLUMN])
    sorting = Sorting(request.GET, columns, default=("-created_at", "-id"))
    projects = projects.annotate(leader_name=_leader_name(), evaluation_count=_evaluation_count())
    page = page_of(projects.order_by(*sorting.order_by()), request.GET, PER_PAGE)
    context = {"form": form, **list_context(page, sorting)}
    return render(request, "projects/project_list.html", context)


TEAM_ORDER = {TeamMember.Role.LEADER: 0, TeamMember.Role.EVALUATOR: 1, TeamMember.Role.EXPERT: 2}


def _team(project):
    """The team, leader first."""
    return sorted(project.team.select_related("user"), key=lambda m: TEAM_ORDER.get(m.role, 9))


@login_required
@require_safe
def project_detail(request, pk):
    user = request.user
    project = get_object_or_404(
        visible_projects(user).select_related("assessment", "previous"), pk=pk
    )
    team = _team(project)
    on_team = any(m.user_id == user.pk for m in team)
    is_leader = any(m.user_id == user.pk and m.role == TeamMember.Role.LEADER for m in team)
    sites, services = list(project.sites.all()), list(project.services.all())
    context = {
        "project": project,
        "team": team,
        "sites": sites,
        "services": services,
        "blueprints": _blueprints(project, sites, services, everyone=not user.is_client),
        "manages": user.manages,
        "on_team": on_team,
        "steps": _step_buttons(project, steps_for(user, project, is_leader)),
        "editable": editable(project),
        "team_editable": team_editable(project),
        # The sheet pages let team members (and administrators) work while the project is open.
        "may_fill_sheets": (on_team or user.role == Role.ADMIN) and project.is_open,
        "show_figures": not user.is_client,  # clients see the decided figures only (overview)
        **_sections(client=user.is_client),
    }
    if context["show_figures"]:
        context |= project_figures(project)
        context["checklists"] = _checklists(project)
        entries = project.audit_entries.select_related("actor")
        context["trail"] = trail_rows(entries[:TRAIL_ON_PAGE])
        context["trail_total"] = entries.count()
        context["imports"] = import_rows(getattr(project, "assessment", None))
        context["imports_pending"] = any(r["job"].state in PENDING for r in context["imports"])
    return render(request, "projects/project_detail.html", context)


def _blueprints(project, sites, services, *, everyone: bool) -> list[dict]:
    """Each site × service with its drawn blueprint (§4.2.2 2)①); with *everyone*, the undrawn too."""
    stored = {(b.site_id, b.service_id): b for b in project.blueprints.all()}
    rows = []
    for site in sites:
        for service in services:
            blueprint = stored.get((site.pk, service.pk))
            if blueprint is None and not everyone:
                continue
            title = f"{site.name} · {service.name}"
            svg = (
                blueprint_svg(Blueprint.of(blueprint.data), title, lang=core_language())
                if blueprint
                else ""
            )
            rows.append(
                {
                    "title": title,
                    "url": reverse("blueprint_edit", args=(project.pk, site.pk, service.pk)),
                    "svg": mark_safe(svg),  # every text in it escaped by blueprint_svg
                    "steps": len(blueprint.data["steps"]) if blueprint else 0,
                }
            )
    return rows


def _checklists(project) -> dict:
    """Both checklists in brief (judged x/y, findings, exempted), or why they cannot be read."""
    assessment = getattr(project, "assessment", None)
    if assessment is None:
        return {"views": [], "problems": []}
    try:
        views = checklist_views(assessment, reliance_date(project))
    except GreenCertError as exc:
        return {"views": [], "problems": [p.text(core_language()) for p in exc.problems]}
    return {"views": views, "problems": []}


@login_required
@require_safe
def project_audit(request, pk):
    """The whole audit trail of a project, newest first (staff only: it holds the figures)."""
    project = audit_trail_project_for(request.user, pk)
    entries = project.audit_entries.select_related("actor")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_audit.html",
        {"project": project, "page": page, "trail": trail_rows(page.object_list)},
    )
