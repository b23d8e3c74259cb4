"""The facts of :class:`greencert.web.next_steps.Facts` this app owns: the state and the team.

They settle the next step of every state before the decision; after it, the
certification app adds its own (:func:`greencert.web.certification.next_steps.project_facts`).
"""

from __future__ import annotations

from greencert.web.next_steps import Facts
from greencert.web.projects.models import Project, TeamMember


def planning_facts(project: Project) -> Facts:
    return Facts(
        application_id=project.application_id,
        project_id=project.pk,
        project_state=project.state,
        has_leader=project.team.filter(role=TeamMember.Role.LEADER).exists(),
    )
