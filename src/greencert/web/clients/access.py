"""Who may see and change organisations and applications.

Views fetch objects only through these functions, so an object outside a
person's reach is simply not found (404, not 403).  Auditors see the
organisations of the projects whose team includes them.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from greencert.web.accounts.models import Role
from greencert.web.clients.models import Application, Organisation


def visible_organisations(user) -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if not user.is_authenticated or not user.is_active:
        return organisations.none()
    if user.role == Role.CLIENT:
        return organisations.filter(pk=user.organisation_id)
    if user.role == Role.AUDITOR:
        return organisations.filter(projects__team__user=user).distinct()
    return organisations


def organisation_for(user, pk) -> Organisation:
    return get_object_or_404(visible_organisations(user), pk=pk)


def manages(user, organisation: Organisation) -> bool:
    return user.manages


def edits_contacts(user, organisation: Organisation) -> bool:
    """Managers, and the organisation's own client users (their contacts are theirs to keep)."""
    return user.manages or (user.role == Role.CLIENT and user.organisation_id == organisation.pk)


def organisation_for_change(user, pk, allowed=manages) -> Organisation:
    organisation = organisation_for(user, pk)
    if not allowed(user, organisation):
        raise Http404
    return organisation


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


def invites_users(user, organisation: Organisation) -> bool:
    """Who may give a contact of *organisation* its login: administrators, and project
    managers once the organisation has a project (the projects they run)."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.PROJECT_MANAGER and organisation.projects.exists()
