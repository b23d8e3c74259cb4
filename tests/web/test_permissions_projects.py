"""Who may use each project page (pretix style): every view × every persona.

Anonymous people are sent to log in; a logged-in person without access
gets 404, whether the project is outside their reach or the page is not
for their role.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from greencert.web.projects.models import Project
from greencert.web.projects.services.team import add_team_member
from tests.web.conftest import PASSWORD
from tests.web.matrix import get_reading_only

pytestmark = pytest.mark.django_db

STAFF_ON_PROJECT = {"admin", "pm", "leader", "evaluator", "reviewer", "decider"}
EVERYONE = STAFF_ON_PROJECT | {"auditor_off", "client", "beta_client"}
MANAGERS = {"admin", "pm"}

# (url name, project or None, method, data, who gets the page; status for them)
CASES = [
    ("project_list", None, "get", None, EVERYONE, 200),
    ("project_create", None, "get", None, MANAGERS, 200),
    ("project_detail", "project", "get", None, STAFF_ON_PROJECT | {"client"}, 200),
    ("project_detail", "beta_project", "get", None, {"admin", "pm", "reviewer", "decider", "beta_client"}, 200),
    ("project_edit", "project", "get", None, MANAGERS, 200),
    ("project_team", "project", "get", None, MANAGERS, 200),
    ("project_team", "project", "post", {"action": "add"}, MANAGERS, 200),
    ("project_state", "project", "post", {"to": "in_progress"}, MANAGERS | {"leader"}, 302),
    ("project_state", "beta_project", "post", {"to": "in_progress"}, MANAGERS, 302),
    ("project_audit", "project", "get", None, STAFF_ON_PROJECT, 200),
]  # fmt: skip


def url_of(world, name, target):
    if target is None:
        return reverse(name)
    return reverse(name, args=[getattr(world, target).pk])


@pytest.mark.parametrize(
    ("name", "target", "method", "data", "allowed", "status"),
    CASES,
    ids=[f"{c[0]}-{c[1] or 'none'}-{c[2]}" for c in CASES],
)
@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_permission_matrix(world, client, name, target, method, data, allowed, status, persona):
    client.login(username=persona, password=PASSWORD)
    url = url_of(world, name, target)
    get = method == "get"
    response = get_reading_only(client, url) if get else client.post(url, data or {})
    expected = status if persona in allowed else 404
    assert response.status_code == expected, (persona, name, target)
    if name == "project_state":
        moved = Project.objects.get(pk=getattr(world, target).pk).state == "in_progress"
        assert moved == (persona in allowed)


@pytest.mark.parametrize(
    ("name", "target", "method", "data"),
    [(c[0], c[1], c[2], c[3]) for c in CASES],
    ids=[f"{c[0]}-{c[1] or 'none'}-{c[2]}" for c in CASES],
)
def test_anonymous_people_are_sent_to_log_in(world, client, name, target, method, data):
    url = url_of(world, name, target)
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")
    assert Project.objects.get(pk=world.project.pk).state == "planned"


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
