"""Who sees what the body learns across its clients (issue 18 §4).

The body's staff who decide or oversee (administrators, project managers,
technical reviewers, decision makers) see the figures of every client; an
auditor, whose own calibration is among them, and a client do not: 404.
A client sees one thing here: its own project's benchmark, never a peer.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from greencert.web.accounts.access import INSIGHT_ROLES, role_required, sees_insights
from greencert.web.clients.models import Organisation
from greencert.web.projects.access import visible_projects
from greencert.web.projects.models import Project

insights_required = role_required(*INSIGHT_ROLES)


def organisation_for(user, pk: int) -> Organisation:
    """Any organisation, for those who see the insights; a 404 for anyone else."""
    queryset = Organisation.objects.all() if sees_insights(user) else Organisation.objects.none()
    return get_object_or_404(queryset, pk=pk)


def benchmarked_project(user, pk: int) -> Project:
    """A project the person may see (a client: its own organisation's only), else 404."""
    return get_object_or_404(visible_projects(user).select_related("organisation"), pk=pk)
