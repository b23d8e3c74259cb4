"""Cancelling a project, closing and reopening its evaluation: each only after a page that
says what will happen, with the reason stored where the record needs one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import ResultSnapshot
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from tests.web.conftest import PASSWORD
from tests.web.fingerprint import changed_tables, fingerprint
from tests.web.projects_support import add_evaluation, english, text

pytestmark = pytest.mark.django_db

State = Project.State


def login(client, user="pm", *, lang="en"):
    if lang == "en":
        english(client)
    client.login(username=user, password=PASSWORD)
    return client


def confirm_url(world, step):
    return reverse("project_state_confirm", args=[world.project.pk, step])


def post_step(client, world, data):
    return client.post(reverse("project_state", args=[world.project.pk]), data)


def fresh(world) -> Project:
    return Project.objects.get(pk=world.project.pk)


def entries() -> list[tuple[str, dict]]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", "after"))


# --- nothing happens without the confirmation ------------------------------------


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (State.PLANNED, State.CANCELLED),
        (State.IN_PROGRESS, State.CANCELLED),
        (State.IN_PROGRESS, State.EVALUATION_COMPLETE),
        (State.EVALUATION_COMPLETE, State.IN_PROGRESS),
    ],
)
def test_the_old_one_click_post_changes_nothing_and_leads_to_the_confirmation(
    world, client, start, to
):
    add_evaluation(world, alpha="0.9", code="E1")
    if start != State.PLANNED:
        change_state(actor=world.pm, project=world.project, to=State.IN_PROGRESS)
    if start == State.EVALUATION_COMPLETE:
        change_state(actor=world.pm, project=world.project, to=State.EVALUATION_COMPLETE)
    login(client)
    before, trail = fingerprint(), entries()

    response = post_step(client, world, {"to": to, "reason": "一键取消"})

    assert response.status_code == 302
    assert response["Location"] == confirm_url(world, to)
    assert changed_tables(before, fingerprint()) == set()
    assert entries() == trail
    assert fresh(world).state == start


def test_the_start_of_the_assessment_still_takes_one_click(world, client):
    response = post_step(login(client, "leader"), world, {"to": State.IN_PROGRESS})
    assert response.status_code == 302
    assert fresh(world).state == State.IN_PROGRESS


def test_the_project_page_links_the_weighty_steps_to_their_confirmation(world, client):
    login(client)
    change_state(actor=world.pm, project=world.project, to=State.IN_PROGRESS)
    html = client.get(reverse("project_detail", args=[world.project.pk])).content.decode()
    assert f'href="{confirm_url(world, "cancelled")}"' in html
    assert f'href="{confirm_url(world, "evaluation_complete")}"' in html
    assert 'name="to" value="cancelled"' not in html


# --- cancelling: the consequences, the reason -------------------------------------


def test_the_cancel_page_says_what_will_happen_to_this_project(world, client):
    add_evaluation(world, alpha="0.9", code="E1")
    add_evaluation(world, alpha="0.8", code="E2")
    shown = text(login(client).get(confirm_url(world, "cancelled")))
    code = world.project.code
    assert f"Project {code} of 绿源服务有限公司 will be cancelled." in shown
    assert (
        "The team (Leader, Evaluator) will no longer be able to enter or change evaluations, "
        "maturity ratings or checklist verdicts." in shown
    )
    assert "The 2 evaluations entered so far are kept on record but lead to no result." in shown
    assert "Cannot be undone" in shown
    assert "a cancelled project never starts again" in shown


def test_the_cancel_page_names_the_open_surveys_that_stop(world, client):
    from tests.web.surveys.support import open_survey

    open_survey(world)
    shown = text(login(client).get(confirm_url(world, "cancelled")))
    assert "Its 1 open customer survey will stop taking answers." in shown


def test_the_cancel_page_in_chinese(world, client):
    shown = text(login(client, lang="zh").get(confirm_url(world, "cancelled")))
    assert f"项目 {world.project.code}（绿源服务有限公司）将被取消。" in shown
    assert "审核组（Leader、Evaluator）将不能再录入或修改测评、成熟度评分和检查表判定。" in shown
    assert "不可撤销" in shown


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Reason for cancelling: Give the reason for cancelling the project."),
        ("zh", "取消理由：请填写取消项目的理由。"),
    ],
)
def test_cancelling_needs_its_reason_named_in_the_readers_language(world, client, lang, message):
    login(client, lang=lang)
    before, trail = fingerprint(), entries()
    response = post_step(client, world, {"to": "cancelled", "confirmed": "yes", "reason": "  "})
    assert response.status_code == 400
    assert message in text(response)
    assert changed_tables(before, fingerprint()) == set()
    assert entries() == trail
    assert fresh(world).state == State.PLANNED


def test_the_reason_is_stored_on_the_project_in_the_audit_entry_and_shown(world, client):
    login(client)
    response = post_step(
        client, world, {"to": "cancelled", "confirmed": "yes", "reason": " 客户撤回认证申请 "}
    )
    assert response.status_code == 302
    project = fresh(world)
    assert (project.state, project.cancellation_reason) == (State.CANCELLED, "客户撤回认证申请")
    action, after = entries()[-1]
    assert action == "greencert.project.state_changed"
    assert after == {"state": "cancelled", "reason": "客户撤回认证申请"}
    page = text(client.get(reverse("project_detail", args=[world.project.pk])))
    assert "Cancelled · Reason for cancelling: 客户撤回认证申请" in page
    trail = text(client.get(reverse("project_audit", args=[world.project.pk])))
    assert "客户撤回认证申请" in trail


def test_a_leader_may_not_open_the_cancel_page(world, client):
    assert login(client, "leader").get(confirm_url(world, "cancelled")).status_code == 404


def test_a_step_the_state_does_not_allow_has_no_confirmation_page(world, client):
    # Planned: the evaluation cannot be closed yet; starting needs no confirmation.
    login(client)
    assert client.get(confirm_url(world, "evaluation_complete")).status_code == 404
    assert client.get(confirm_url(world, "in_progress")).status_code == 404
    assert client.get(confirm_url(world, "finished")).status_code == 404


# --- closing and reopening the evaluation --------------------------------------------


def test_the_close_page_names_the_figures_that_will_be_frozen(world, client):
    # Every item at α 0.9 and 0.8: 90.0 and 80.0, the service score their mean, 85.0.
    add_evaluation(world, alpha="0.9", code="E1")
    add_evaluation(world, alpha="0.8", code="E2")
    change_state(actor=world.pm, project=world.project, to=State.IN_PROGRESS)
    shown = text(login(client, "leader").get(confirm_url(world, "evaluation_complete")))
    code = world.project.code
    assert f"The result of {code} will be frozen as frozen result #1" in shown
    assert "service score 85.0, from 2 evaluations;" in shown
    assert "no management level: 21 clauses are not rated;" in shown
    assert "no grade (not certified on these figures)." in shown
    assert "Can be undone" in shown
    assert ResultSnapshot.objects.count() == 0


def test_closing_with_a_note_freezes_and_keeps_the_note_in_the_audit_entry(world, client):
    add_evaluation(world, alpha="0.9", code="E1")
    change_state(actor=world.pm, project=world.project, to=State.IN_PROGRESS)
    response = post_step(
        login(client, "leader"),
        world,
        {"to": "evaluation_complete", "confirmed": "yes", "reason": "现场测评结束"},
    )
    assert response.status_code == 302
    assert fresh(world).state == State.EVALUATION_COMPLETE
    assert ResultSnapshot.objects.filter(project=world.project).count() == 1
    moved = [after for action, after in entries() if action == "greencert.project.state_changed"]
    assert moved[-1] == {"state": "evaluation_complete", "reason": "现场测评结束"}


def test_the_reopen_page_says_the_frozen_result_is_kept(world, client):
    add_evaluation(world, alpha="0.9", code="E1")
    change_state(actor=world.pm, project=world.project, to=State.IN_PROGRESS)
    change_state(actor=world.pm, project=world.project, to=State.EVALUATION_COMPLETE)
    shown = text(login(client).get(confirm_url(world, "in_progress")))
    assert "Frozen result #1 (no grade) is kept as it is" in shown
    assert "This can be undone by closing the evaluation again." in shown
    response = post_step(client, world, {"to": "in_progress", "confirmed": "yes", "reason": ""})
    assert response.status_code == 302
    assert fresh(world).state == State.IN_PROGRESS
    assert ResultSnapshot.objects.filter(project=world.project).count() == 1


# --- the service itself ---------------------------------------------------------------


def test_the_service_refuses_to_cancel_without_a_reason_and_changes_nothing(world):
    from greencert.core.exceptions import InputError

    trail = entries()
    with pytest.raises(InputError) as refused:
        change_state(actor=world.pm, project=world.project, to=State.CANCELLED, reason=" ")
    assert [p.field for p in refused.value.problems] == ["reason"]
    assert (fresh(world).state, fresh(world).cancellation_reason) == (State.PLANNED, "")
    assert entries() == trail


def test_the_service_refuses_a_reason_longer_than_the_record_keeps(world):
    from greencert.core.exceptions import InputError

    with pytest.raises(InputError) as refused:
        change_state(actor=world.pm, project=world.project, to=State.CANCELLED, reason="因" * 2001)
    assert "2,001 characters, where at most 2,000 are kept" in str(refused.value.problems[0])
    assert fresh(world).state == State.PLANNED
