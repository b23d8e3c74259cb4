"""The steps a person takes on a project's state page.

Marking the evaluation complete freezes the core's result with the move (a
sheet the core refuses keeps the project open); every other step is the
projects app's own move.  Review and decision move the project from their
own services (:mod:`.decisions`).
"""

from __future__ import annotations

from django.db import transaction

from greencert.core.exceptions import GreenCertError
from greencert.web.certification.services.results import freeze, scored
from greencert.web.projects.models import Project
from greencert.web.projects.services.states import FREEZE, PAGE, move_project


def change_state(*, actor, project: Project, to: str, reason: str = "") -> Project:
    """Take the step to *to*; *reason* is required to cancel, an optional note otherwise."""
    if to != Project.State.EVALUATION_COMPLETE:
        with transaction.atomic():
            return move_project(actor=actor, project=project, to=to, way=PAGE, reason=reason)
    try:  # scored before the move locks the project's row (and SQLite's writes)
        ahead = scored(project)
    except GreenCertError:
        ahead = None  # refused again inside, after the move's own checks: their error first
    with transaction.atomic():
        project = move_project(actor=actor, project=project, to=to, way=FREEZE, reason=reason)
        freeze(actor=actor, project=project, ahead=ahead)
        return project
