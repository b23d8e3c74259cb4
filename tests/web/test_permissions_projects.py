"""Who may use each project page (pretix style): every view × every persona.

Anonymous people are sent to log in; a logged-in person without access
gets 404, whether the project is outside their reach or the page is not
for their role.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from greencert.web.projects.services.team import add_team_member
from tests.web.conftest import PASSWORD
from tests.web.matrix import get_reading_only, post_checked, writes

pytestmark = pytest.mark.django_db

STAFF_ON_PROJECT = {"admin", "pm", "leader", "evaluator", "reviewer", "decider"}
EVERYONE = STAFF_ON_PROJECT | {"auditor_off", "client", "beta_client"}
MANAGERS = {"admin", "pm"}


def _add_auditor_off(world) -> dict:
    return {"action": "add", "user": world.auditor_off.pk, "role": "evaluator"}


def _joined(world):
    return lambda: world.project.team.filter(user=world.auditor_off, role="evaluator").exists()


def _days(world) -> dict:
    leader = world.project.team.get(user=world.leader)
    evaluator = world.project.team.get(user=world.evaluator)
    return {"action": "days", f"days-{leader.pk}": "2.5", f"days-{evaluator.pk}": "2"}


def _days_kept(world):
    def check():
        days = dict(world.project.team.values_list("user__username", "person_days"))
        return days == {"leader": Decimal("2.5"), "evaluator": Decimal("2.0")}

    return check


def _audit_record(world) -> dict:
    project = world.project
    return {
        "scope": project.scope,
        "planned_start": project.planned_start.isoformat(),
        "planned_end": project.planned_end.isoformat(),
        "sites": [s.pk for s in project.sites.all()],
        "services": [s.pk for s in project.services.all()],
        "audit_mode": "FS03",
        "audit_started_on": "2026-05-11",
        "audit_ended_on": "2026-05-12",
    }


def _audit_recorded(world):
    def check():
        project = Project.objects.get(pk=world.project.pk)
        recorded = (project.audit_mode, project.audit_started_on, project.audit_ended_on)
        return recorded == ("FS03", datetime.date(2026, 5, 11), datetime.date(2026, 5, 12))

    return check


def _moved(world, target):
    return lambda: Project.objects.get(pk=getattr(world, target).pk).state == "in_progress"


def _cancel(world) -> dict:
    return {"to": "cancelled", "confirmed": "yes", "reason": "客户撤回申请"}


def _cancelled(world, target):
    def check():
        project = Project.objects.get(pk=getattr(world, target).pk)
        return (project.state, project.cancellation_reason) == ("cancelled", "客户撤回申请")

    return check


# (url name, project or None, method, data from the world, who gets the page; status for
# them, what an allowed POST changes)
CASES = [
    ("project_list", None, "get", None, EVERYONE, 200, None),
    ("project_create", None, "get", None, MANAGERS, 200, None),
    ("project_detail", "project", "get", None, STAFF_ON_PROJECT | {"client"}, 200, None),
    ("project_detail", "beta_project", "get", None, {"admin", "pm", "reviewer", "decider", "beta_client"}, 200, None),
    ("project_edit", "project", "get", None, MANAGERS, 200, None),
    ("project_team", "project", "get", None, MANAGERS, 200, None),
    ("project_team", "project", "post", _add_auditor_off, MANAGERS, 302,
     lambda w, t: writes("projects.TeamMember", audit="greencert.team.added", check=_joined(w))),
    ("project_team", "project", "post", _days, MANAGERS, 302,
     lambda w, t: writes("projects.TeamMember", audit="greencert.team.person_days_recorded",
                         check=_days_kept(w))),
    ("project_edit", "project", "post", _audit_record, MANAGERS, 302,
     lambda w, t: writes("projects.Project", audit="greencert.project.changed",
                         check=_audit_recorded(w))),
    ("project_state", "project", "post", lambda w: {"to": "in_progress"}, MANAGERS | {"leader"}, 302,
     lambda w, t: writes("projects.Project", audit="greencert.project.state_changed", check=_moved(w, t))),
    ("project_state", "beta_project", "post", lambda w: {"to": "in_progress"}, MANAGERS, 302,
     lambda w, t: writes("projects.Project", audit="greencert.project.state_changed", check=_moved(w, t))),
    ("project_audit", "project", "get", None, STAFF_ON_PROJECT, 200, None),
    # The confirmation pages of the weighty steps (tests/web/test_state_confirmation.py);
    # the leader may close the evaluation, only managers cancel.
    ("project_state_confirm", "project:cancelled", "get", None, MANAGERS, 200, None),
    ("project_state_confirm", "in_progress_project:evaluation_complete", "get", None,
     MANAGERS | {"leader"}, 200, None),
    ("project_state", "beta_project", "post", _cancel, MANAGERS, 302,
     lambda w, t: writes("projects.Project", audit="greencert.project.state_changed",
                         check=_cancelled(w, t))),
]  # fmt: skip
IDS = [f"{c[0]}-{c[1] or 'none'}-{c[2]}" for c in CASES]


def url_of(world, name, target):
    """*target*: a project of the world, or ``"project:step"`` for a step's confirmation page."""
    if target is None:
        return reverse(name)
    target, _, step = target.partition(":")
    if target == "in_progress_project":
        change_state(actor=world.pm, project=world.project, to="in_progress")
        target = "project"
    return reverse(name, args=[getattr(world, target).pk, *([step] if step else [])])


def _request(client, world, case, *, allowed: bool):
    name, target, method, data, _, _, effect = case
    url = url_of(world, name, target)
    if method == "get":
        return get_reading_only(client, url)
    return post_checked(client, url, data(world), allowed=allowed, effect=effect(world, target))


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_permission_matrix(world, client, case, persona):
    client.login(username=persona, password=PASSWORD)
    allowed, status = persona in case[4], case[5]
    response = _request(client, world, case, allowed=allowed)
    assert response.status_code == (status if allowed else 404), (persona, case[0], case[1])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous_people_are_sent_to_log_in(world, client, case):
    response = _request(client, world, case, allowed=False)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")


def test_the_state_page_only_takes_posts(world, client):
    client.login(username="pm", password=PASSWORD)
    response = client.get(reverse("project_state", args=[world.project.pk]))
    assert response.status_code == 405


def test_a_leader_of_another_project_cannot_move_this_one(world, client):
    add_team_member(
        actor=world.pm, project=world.beta_project, user=world.auditor_off, role="leader"
    )
    client.login(username="auditor_off", password=PASSWORD)
    response = client.post(reverse("project_state", args=[world.project.pk]), {"to": "in_progress"})
    assert response.status_code == 404
    assert Project.objects.get(pk=world.project.pk).state == "planned"
