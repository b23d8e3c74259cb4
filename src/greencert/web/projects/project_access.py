"""Who may do what to a project (beyond seeing it, which selectors decide).

Managers (administrators and project managers) run projects: they create
and edit them, set up the team and move them along the state machine.
The team leader runs the assessment itself, so may open it, close the
evaluation and reopen it — nothing else.  Review and decision (→ under
review, → decided) are recorded on their own pages, never here.
"""

from __future__ import annotations

from django.http import Http404

from greencert.web.projects import selectors
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services import OPEN_STATES, TRANSITIONS

State = Project.State

# The steps a team leader may take: start, close the evaluation, reopen it.
LEADER_STEPS = {
    (State.PLANNED, State.IN_PROGRESS),
    (State.IN_PROGRESS, State.EVALUATION_COMPLETE),
    (State.EVALUATION_COMPLETE, State.IN_PROGRESS),
}
# Reached only through the technical review and the decision, on their own pages
# (services.change_state refuses them too).
NOT_FROM_STATE_PAGE = {State.UNDER_REVIEW, State.DECIDED}
# Once decided or cancelled, the team is part of the record.
TEAM_FROZEN_STATES = {State.DECIDED, State.CANCELLED}


def leads(user, project: Project) -> bool:
    return project.team.filter(user=user, role=TeamMember.Role.LEADER).exists()


def managed_project_for(user, pk) -> Project:
    """A project *user* may manage; 404 for anyone else, as if it did not exist."""
    project = selectors.project_for(user, pk)
    if not user.manages:
        raise Http404
    return project


def steps_for(user, project: Project, is_leader: bool | None = None) -> list[str]:
    """The states *user* may move *project* to from here, in the machine's order."""
    if user.is_client:
        return []
    legal = [s for s in State.values if s in TRANSITIONS[project.state]]
    legal = [s for s in legal if s not in NOT_FROM_STATE_PAGE]
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
        return to not in NOT_FROM_STATE_PAGE
    if is_leader is None:
        is_leader = leads(user, project)
    return is_leader and (project.state, to) in LEADER_STEPS


def state_project_for(user, pk) -> tuple[Project, bool]:
    """A project whose state page *user* may use: managers, or its team leader."""
    project = selectors.project_for(user, pk)
    if user.manages:
        return project, False
    if not user.is_client and leads(user, project):
        return project, True
    raise Http404


def editable(project: Project) -> bool:
    """Planned dates, scope and sites change only before the evaluation is complete."""
    return project.state in OPEN_STATES


def team_editable(project: Project) -> bool:
    return project.state not in TEAM_FROZEN_STATES
