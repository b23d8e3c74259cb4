"""Reads: what a person may see.  Views fetch objects only through these,
so an object outside a user's reach is simply not found (404, not 403)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from greencert.web.accounts.models import Role
from greencert.web.clients.models import Organisation
from greencert.web.projects.models import Application, Assessment, Project


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


def visible_organisations(user) -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if not user.is_authenticated or not user.is_active:
        return organisations.none()
    if user.role == Role.CLIENT:
        return organisations.filter(pk=user.organisation_id)
    if user.role == Role.AUDITOR:
        return organisations.filter(projects__team__user=user).distinct()
    return organisations


def visible_applications(user) -> QuerySet[Application]:
    """Applications are handled by the managers; a client user sees its own organisation's."""
    applications = Application.objects.select_related("organisation", "reviewed_by")
    if not user.is_authenticated or not user.is_active:
        return applications.none()
    if user.manages:
        return applications
    if user.role == Role.CLIENT:
        return applications.filter(organisation_id=user.organisation_id)
    return applications.none()


def application_for(user, pk) -> Application:
    return get_object_or_404(visible_applications(user), pk=pk)


def project_for(user, pk) -> Project:
    return get_object_or_404(visible_projects(user), pk=pk)


def organisation_for(user, pk) -> Organisation:
    return get_object_or_404(visible_organisations(user), pk=pk)


def is_on_team(user, project: Project) -> bool:
    return project.team.filter(user=user).exists()


def editable_project_for(user, pk) -> Project:
    """A project whose official sheets *user* may edit: team members, while it is open.

    Others who can see the project get 404 too: the edit pages do not exist for them.
    """
    project = project_for(user, pk)
    if not (user.role in (Role.ADMIN,) or is_on_team(user, project)):
        raise Http404
    return project


def self_assessment_for(user) -> Assessment:
    """The client user's own, unofficial assessment (created on first use)."""
    if user.role != Role.CLIENT:
        raise Http404
    from greencert.web.projects.services import ensure_self_assessment

    return ensure_self_assessment(organisation=user.organisation)
