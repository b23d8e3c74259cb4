"""The team page: staff only, one leader, and every change in the audit trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greencert.web.accounts.models import Role
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.team import add_team_member
from tests.web.conftest import PASSWORD, make_user
from tests.web.projects_support import english, rows, text

pytestmark = pytest.mark.django_db


def team_page(world):
    return reverse("project_team", args=[world.project.pk])


def members(world) -> dict[str, str]:
    return {m.user.username: m.role for m in world.project.team.select_related("user")}


@pytest.fixture
def pm(client):
    english(client).login(username="pm", password=PASSWORD)
    return client


def test_the_team_page_lists_the_members_and_offers_only_staff(world, pm):
    response = pm.get(team_page(world))
    assert [r[:2] for r in rows(response, "table0")[1:]] == [
        ["Evaluator", "Evaluator"],
        ["Leader", "Team leader"],
    ]
    page = response.content.decode()
    assert f'<option value="{world.auditor_off.pk}">' in page
    assert f'<option value="{world.client.pk}">' not in page  # clients are not offered
    assert f'<option value="{world.leader.pk}">' not in page  # already on the team


def test_adding_an_expert_is_recorded(world, pm):
    expert = make_user("expert", Role.AUDITOR)
    response = pm.post(
        team_page(world), {"action": "add", "user": expert.pk, "role": "expert"}, follow=True
    )
    assert "Expert joined the team as Technical expert." in text(response)
    assert members(world)["expert"] == TeamMember.Role.EXPERT
    entry = AuditEntry.objects.filter(action="greencert.team.added").first()
    assert entry.after == {"user": "expert", "role": "expert"}
    assert entry.actor == world.pm


def test_a_client_user_is_refused(world, pm):
    response = pm.post(
        team_page(world), {"action": "add", "user": world.client.pk, "role": "expert"}
    )
    assert "A client user cannot be on an assessment team." in text(response)
    assert "client" not in members(world)


def test_a_second_leader_is_refused_with_a_message(world, pm):
    response = pm.post(
        team_page(world), {"action": "add", "user": world.auditor_off.pk, "role": "leader"}
    )
    assert (
        "The team already has a leader, Leader. Remove them first, or add this person in "
        "another role." in text(response)
    )
    assert "auditor_off" not in members(world)
    assert list(
        world.project.team.filter(role="leader").values_list("user__username", flat=True)
    ) == ["leader"]


def test_someone_already_on_the_team_is_refused(world, pm):
    # Sent by hand (the page does not offer them): the form still says why.
    response = pm.post(
        team_page(world), {"action": "add", "user": world.evaluator.pk, "role": "expert"}
    )
    assert "Evaluator is already on the team." in text(response)
    assert members(world)["evaluator"] == TeamMember.Role.EVALUATOR


def test_removing_the_leader_lets_another_lead(world, pm):
    leader = world.project.team.get(role="leader")
    response = pm.post(team_page(world), {"action": "remove", "member": leader.pk}, follow=True)
    assert "Leader was removed from the team." in text(response)
    assert "leader" not in members(world)
    assert AuditEntry.objects.filter(action="greencert.team.removed").exists()
    pm.post(team_page(world), {"action": "add", "user": world.auditor_off.pk, "role": "leader"})
    assert members(world)["auditor_off"] == TeamMember.Role.LEADER


def test_a_member_of_another_project_cannot_be_removed_from_here(world, pm):
    other = add_team_member(
        actor=world.pm, project=world.beta_project, user=world.auditor_off, role="leader"
    )
    response = pm.post(team_page(world), {"action": "remove", "member": other.pk})
    assert response.status_code == 404
    assert world.beta_project.team.filter(pk=other.pk).exists()


def test_the_team_of_a_cancelled_project_is_frozen(world, pm):
    change_state(
        actor=world.pm, project=world.project, to=Project.State.CANCELLED, reason="客户撤回申请"
    )
    response = pm.post(
        team_page(world),
        {"action": "add", "user": world.auditor_off.pk, "role": "expert"},
        follow=True,
    )
    assert "The project is “Cancelled”: its team can no longer change." in text(response)
    assert "auditor_off" not in members(world)
