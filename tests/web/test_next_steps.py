"""What comes next and for whom: the one table, every stage of it, and where it is said.

The table (greencert.web.next_steps) is read from plain facts; the pages read
the facts from the apps and show the step in the header of the project and
application pages and after each act, with a link only for whom it waits.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from greencert.web.certification.services.project_states import change_state
from greencert.web.clients.models import Application
from greencert.web.next_steps import ENDS, STEPS, Facts, next_step, stage, with_next_step
from greencert.web.projects.models import Project
from tests.web.certification.certificate_support import certify
from tests.web.certification.conftest import fill_sheets
from tests.web.certification.findings_support import complete, recommend
from tests.web.projects_support import english, text

DUE = datetime.date(2027, 6, 1)
P = dict(application_id=7, project_id=3)
GRANTED = dict(P, project_state="decided", decision_id=11, decision_outcome="grant")

# Facts → (stage, who, page, its arguments); None where the path ends.
CASES = [
    (Facts(application_id=7, application_status="submitted"),
     ("application_submitted", "project_manager", "application_detail", (7,))),
    (Facts(application_id=7, application_status="accepted"),
     ("application_accepted", "project_manager", "project_create", ())),
    (Facts(application_id=7, application_status="refused"), None),
    (Facts(**P, project_state="planned"),
     ("planned_without_team", "project_manager", "project_team", (3,))),
    (Facts(**P, project_state="planned", has_leader=True),
     ("planned", "team_leader", "project_detail", (3,))),
    (Facts(**P, project_state="in_progress", has_leader=True),
     ("in_progress", "team_leader", "project_detail", (3,))),
    (Facts(**P, project_state="evaluation_complete"),
     ("evaluation_complete", "technical_reviewer", "project_review", (3,))),
    (Facts(**P, project_state="under_review"),
     ("under_review", "decision_maker", "project_decision", (3,))),
    (Facts(**GRANTED),
     ("certificate_to_issue", "project_manager", "certificate_issue", (11,))),
    (Facts(**GRANTED, certificate_issued=True, certificate_id=5, surveillance_due_on=DUE),
     ("surveillance_due", "project_manager", "certificate_follow_up", (5,))),
    (Facts(**GRANTED, certificate_issued=True, certificate_id=5), None),
    (Facts(**P, project_state="decided", decision_id=11, decision_outcome="refuse"), None),
    (Facts(**P, project_state="cancelled"), None),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "expected"), CASES)
def test_each_stage_names_who_does_what_where(facts, expected):
    step = next_step(facts)
    if expected is None:
        assert step is None
        assert stage(facts) in ENDS
        return
    assert (step.stage, step.who, step.url_name, step.url_args) == expected


def test_the_cases_walk_every_stage_of_the_table():
    assert {stage(facts) for facts, _ in CASES} == set(STEPS) | set(ENDS)


def test_the_sentence_names_the_role_and_the_act_in_both_languages(settings):
    facts = Facts(**GRANTED)
    from django.utils import translation

    with translation.override("zh-hans"):
        assert next_step(facts).sentence == "下一步：项目经理颁发证书"
        assert with_next_step("已记录。", facts) == "已记录。 下一步：项目经理颁发证书"
    with translation.override("en"):
        assert next_step(facts).sentence == "Next step: Project manager issues the certificate"
        due = Facts(**GRANTED, certificate_issued=True, certificate_id=5, surveillance_due_on=DUE)
        assert next_step(due).what == "plans the surveillance audit due on 2027-06-01"
        assert next_step(Facts(application_id=7, application_status="accepted")).query == (
            "?application=7"
        )
    assert with_next_step("Done.", Facts(**P, project_state="cancelled")) == "Done."


@pytest.fixture
def filled(world):
    """world.project in progress, its sheets filled (AAAA, see fill_sheets)."""
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    fill_sheets(world.project, world.leader)
    return world


def next_link(page) -> str | None:
    html = page.content.decode()
    line = html.split('class="next-step"')[1].split("</p>")[0]
    return line.split('href="')[1].split('"')[0] if 'href="' in line else None


def test_the_project_page_says_what_comes_next_and_links_it_for_whom_it_waits(world, client):
    pk = world.beta_project.pk
    client.force_login(world.pm)
    page = english(client).get(reverse("project_detail", args=[pk]))
    assert "Next step: Project manager forms the assessment team" in text(page)
    assert next_link(page) == reverse("project_team", args=[pk])
    client.force_login(world.reviewer)  # sees the project, but the step is not theirs
    page = client.get(reverse("project_detail", args=[pk]))
    assert "Next step: Project manager forms the assessment team" in text(page)
    assert next_link(page) is None
    # world.project has its leader: the leader starts it.
    client.force_login(world.leader)
    page = client.get(reverse("project_detail", args=[world.project.pk]))
    assert "Next step: Team leader starts the assessment" in text(page)
    assert next_link(page) == reverse("project_detail", args=[world.project.pk])


def last_message(response) -> str:
    """The message the act left (earlier ones wait unread: the redirects are not followed)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_each_act_ends_with_the_next_step(filled, client):
    w = filled
    client.force_login(w.leader)
    response = english(client).post(
        reverse("project_state", args=[w.project.pk]),
        {"to": "evaluation_complete", "confirmed": "yes"},  # from the confirmation page
    )
    assert last_message(response) == (
        "The project is now “Evaluation complete”. "
        "Next step: Technical reviewer carries out the technical review"
    )
    client.force_login(w.reviewer)
    response = client.post(
        reverse("project_review", args=[w.project.pk]),
        {"outcome": "recommend", "comment": "资料完整"},
    )
    assert last_message(response).endswith(
        "Next step: Decision maker takes the certification decision"
    )
    client.force_login(w.decider)
    response = client.post(
        reverse("project_decision", args=[w.project.pk]),
        {"outcome": "grant", "grade": "AAAA", "decided_on": "2026-06-01"},
    )
    assert last_message(response) == (
        "Decision revision 1 recorded. Next step: Project manager issues the certificate"
    )
    decision = w.project.decisions.get()
    client.force_login(w.pm)
    page = client.get(reverse("project_detail", args=[w.project.pk]))
    assert next_link(page) == reverse("certificate_issue", args=[decision.pk])
    response = client.post(
        reverse("certificate_issue", args=[decision.pk]),
        {"granted_on": "2026-06-01", "signatory": "周春阳", "confirmed": "yes"},
    )
    # The first surveillance falls due a year after the grant.
    assert last_message(response).endswith(
        "Next step: Project manager plans the surveillance audit due on 2027-06-01"
    )


def test_the_application_page_and_its_acceptance_say_what_comes_next(world, client):
    application = Application.objects.create(organisation=world.beta, scope="物业服务")
    client.force_login(world.pm)
    page = english(client).get(reverse("application_detail", args=[application.pk]))
    assert "Next step: Project manager reviews the application" in text(page)
    response = client.post(
        reverse("application_review", args=[application.pk]), {"decision": "accepted"}
    )
    assert last_message(response) == (
        "Application accepted. Next step: Project manager creates the project and forms the "
        "assessment team"
    )
    page = client.get(reverse("application_detail", args=[application.pk]))
    assert next_link(page) == reverse("project_create") + f"?application={application.pk}"
    # The client reads the step, without a link to a page that is not theirs.
    client.force_login(world.beta_client)
    page = client.get(reverse("application_detail", args=[application.pk]))
    assert "Next step: Project manager creates the project" in text(page)
    assert next_link(page) is None


def test_an_application_with_a_project_follows_the_project(world, client):
    application = Application.objects.create(
        organisation=world.alpha, scope="绿色物业服务", status=Application.Status.ACCEPTED
    )
    Project.objects.filter(pk=world.project.pk).update(application=application)
    certify(world)
    client.force_login(world.pm)
    page = english(client).get(reverse("application_detail", args=[application.pk]))
    assert "Next step: Project manager issues the certificate" in text(page)


def test_a_project_reviewed_then_recommended_waits_for_the_decision_maker(filled, client):
    complete(filled)
    recommend(filled)
    client.force_login(filled.decider)
    page = english(client).get(reverse("project_detail", args=[filled.project.pk]))
    assert "Next step: Decision maker takes the certification decision" in text(page)
    assert next_link(page) == reverse("project_decision", args=[filled.project.pk])


def test_the_chinese_page_says_it_in_chinese(world, client):
    client.force_login(world.pm)
    page = client.get(reverse("project_detail", args=[world.beta_project.pk]))
    assert "下一步：项目经理组建审核组 前往办理" in text(page)
