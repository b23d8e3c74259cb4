"""Who may see and do what with a project and its sheets.

Views fetch projects only through these functions, so a project outside a
person's reach is simply not found (404, not 403).  Staff who see every
project: administrators, project managers, technical reviewers and decision
makers; auditors see the projects whose team includes them; a client user
sees its own organisation's.

Managers run projects: they create and edit them, set up the team and move
them along the state machine.  The team leader runs the assessment itself,
so may start it, close the evaluation and reopen it — nothing else.  Review
and decision (→ under review, → decided) are recorded on their own pages.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from greencert.core.registry import get_scheme
from greencert.web.accounts.models import Role
from greencert.web.projects.models import Assessment, Project, TeamMember
from greencert.web.projects.services.states import RECORDED_STATES, page_steps

State = Project.State

# The steps a team leader may take: start, close the evaluation, reopen it.
LEADER_STEPS = {
    (State.PLANNED, State.IN_PROGRESS),
    (State.IN_PROGRESS, State.EVALUATION_COMPLETE),
    (State.EVALUATION_COMPLETE, State.IN_PROGRESS),
}
# Once decided or cancelled, the team is part of the record.
TEAM_FROZEN_STATES = {State.DECIDED, State.CANCELLED}


def visible_projects(user) -> QuerySet[Project]:
    projects = Project.objects.select_related("organisation")
    if not user.is_authenticated or not user.is_active:
        return projects.none()
    if user.sees_all_projects:
        return projects
    if user.role == Role.AUDITOR:
        return projects.filter(team__user=user).distinct()
    if user.role == Role.CLIENT:
        return projects.filter(organisation_id=user.organisation_id)
    return projects.none()


def project_for(user, pk) -> Project:
    return get_object_or_404(visible_projects(user), pk=pk)


def audit_trail_project_for(user, pk) -> Project:
    """A project whose audit trail *user* reads: staff who see it (clients: 404, it holds
    the figures)."""
    if user.is_authenticated and user.is_client:
        raise Http404
    return project_for(user, pk)


def is_on_team(user, project: Project) -> bool:
    return project.team.filter(user=user).exists()


def leads(user, project: Project) -> bool:
    return project.team.filter(user=user, role=TeamMember.Role.LEADER).exists()


def editable_project_for(user, pk) -> Project:
    """A project whose official sheets *user* may edit: team members, while it is open.

    Others who can see the project get 404 too: the edit pages do not exist for them.
    """
    project = project_for(user, pk)
    if not (user.role in (Role.ADMIN,) or is_on_team(user, project)):
        raise Http404
    return project


def managed_project_for(user, pk) -> Project:
    """A project *user* may manage; 404 for anyone else, as if it did not exist."""
    project = project_for(user, pk)
    if not user.manages:
        raise Http404
    return project


def blueprint_place_for(user, pk, site_id, service_id, *, edit: bool) -> tuple:
    """(project, site, service) of a service blueprint page (§4.2.2 2)①), or 404.

    Everyone who sees the project reads its blueprints, clients of its
    organisation included; with *edit*, only those who may edit them
    (:func:`may_edit_blueprints`).  A site or service not in the project is 404.
    """
    project = project_for(user, pk)
    if edit and not may_edit_blueprints(user, project):
        raise Http404
    site = get_object_or_404(project.sites, pk=site_id)
    service = get_object_or_404(project.services, pk=service_id)
    return project, site, service


def may_edit_blueprints(user, project: Project) -> bool:
    """Team members and administrators draw the blueprints (while the project is open,
    which the service checks and the page says)."""
    return not user.is_client and (user.role == Role.ADMIN or is_on_team(user, project))


def steps_for(user, project: Project, is_leader: bool | None = None) -> list[str]:
    """The states *user* may move *project* to from here, in the machine's order."""
    if user.is_client:
        return []
    legal = page_steps(project.state)
    if user.manages:
        return legal
    if is_leader is None:
        is_leader = leads(user, project)
    if is_leader:
        return [s for s in legal if (project.state, s) in LEADER_STEPS]
    return []


def may_move(user, project: Project, to: str, is_leader: bool | None = None) -> bool:
    """Whether *user* may take the step (legal or not: illegality is the service's to say)."""
    if user.manages:
        return to not in RECORDED_STATES
    if is_leader is None:
        is_leader = leads(user, project)
    return is_leader and (project.state, to) in LEADER_STEPS


def state_project_for(user, pk) -> tuple[Project, bool]:
    """A project whose state page *user* may use: managers, or its team leader."""
    project = project_for(user, pk)
    if user.manages:
        return project, False
    if not user.is_client and leads(user, project):
        return project, True
    raise Http404


def exemption_project_for(user, pk, *, record: bool) -> tuple[Project, bool]:
    """The §5.2.2 exemption page: staff who see the project look (clients: 404); managers
    and its team leader record it (with *record*, anyone else gets 404).

    Returns the project and whether *user* may record the decision.
    """
    if user.is_authenticated and user.is_client:
        raise Http404
    project = project_for(user, pk)
    may_record = user.manages or leads(user, project)
    if record and not may_record:
        raise Http404
    return project, may_record


def editable(project: Project) -> bool:
    """Planned dates, scope and sites change only before the evaluation is complete."""
    return project.is_open


def team_editable(project: Project) -> bool:
    return project.state not in TEAM_FROZEN_STATES


def self_assessment_for(user) -> Assessment:
    """The client user's own, unofficial assessment; staff get 404.

    Until the client first saves a sheet there is none stored (a page view
    never writes): the pages then show an empty one that is not saved, whose
    sheets and ratings are simply not found.  The first write creates it
    (:func:`greencert.web.projects.services.self_assessment.ensure_self_assessment`).
    """
    if user.role != Role.CLIENT:
        raise Http404
    stored = Assessment.objects.filter(
        kind=Assessment.Kind.SELF, organisation_id=user.organisation_id
    ).first()
    if stored is not None:
        return stored
    scheme = get_scheme(None)
    return Assessment(
        pk=0,  # not stored: related sheets are looked up by this id and none is found
        kind=Assessment.Kind.SELF,
        organisation=user.organisation,
        scheme_label=scheme.label,
        scheme_hash=scheme.hash,
    )
