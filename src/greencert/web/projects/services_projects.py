"""Writes of the project pages that services.py does not have yet.

Same style as :mod:`greencert.web.projects.services`: keyword-only, one
transaction, the audit entry written with the change.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from greencert.web.audit.services import record
from greencert.web.projects.models import Project
from greencert.web.projects.services import OPEN_STATES, NotEditable, project_snapshot


@transaction.atomic
def update_project(
    *,
    actor,
    project: Project,
    scope: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    sites=(),
    services=(),
) -> Project:
    """Change the plan of a project that is still planned or in progress."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.state not in OPEN_STATES:
        raise NotEditable(
            _("The project is “%(state)s”: its plan can no longer change.")
            % {"state": project.get_state_display()}
        )
    before = project_snapshot(project)
    project.scope = scope
    project.planned_start = planned_start
    project.planned_end = planned_end
    project.save(update_fields=["scope", "planned_start", "planned_end"])
    project.sites.set(sites)
    project.services.set(services)
    after = project_snapshot(project)
    if before != after:
        record(
            actor=actor,
            action="greencert.project.changed",
            target=project,
            project=project,
            before=before,
            after=after,
        )
    return project
