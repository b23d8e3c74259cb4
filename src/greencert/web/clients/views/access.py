"""Who may change what in an organisation's record.  Everything is fetched
through the selectors first, so an organisation out of sight is a 404."""

from __future__ import annotations

from django.http import Http404

from greencert.web.accounts.models import Role
from greencert.web.clients.models import Organisation
from greencert.web.projects.selectors import organisation_for


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
