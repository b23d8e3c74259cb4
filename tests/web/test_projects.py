"""Projects: the list, creation (from an accepted application or not), the plan, the state."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from greencert.web.audit.models import AuditEntry
from greencert.web.certification.services.project_states import change_state
from greencert.web.clients import services as client_services
from greencert.web.clients.models import Organisation, Site
from greencert.web.projects.models import Project
from tests.web.conftest import PASSWORD
from tests.web.projects_support import add_evaluation, english, rows, text

pytestmark = pytest.mark.django_db

NEW = reverse("project_create")


def login(client, user="pm"):
    english(client).login(username=user, password=PASSWORD)
    return client


def application(world, accept: bool | None):
    """An application of alpha: submitted (None), accepted (True) or refused (False)."""
    made = client_services.submit_application(
        actor=world.client,
        organisation=world.alpha,
        scope="绿色物业服务（红谷滩）",
        services=[world.service],
        sites=[world.site],
    )
    if accept is not None:
        made = client_services.review_application(
            actor=world.pm, application=made, accept=accept, reason="" if accept else "范围不清"
        )
    return made


def plan(**changes) -> dict:
    data = {
        "kind": "initial",
        "scheme": "CTS TBSC041-2026 B/0",
        "scope": "绿色物业服务",
        "planned_start": "2026-06-01",
        "planned_end": "2026-06-03",
    }
    return data | changes


# --- the list ---------------------------------------------------------------


def list_codes(response) -> list[str]:
    return [row[0] for row in rows(response, "project-list")[1:]]


def test_the_list_shows_the_projects_a_person_may_see(world, client):
    codes = list_codes(login(client, "leader").get(reverse("project_list")))
    assert codes == [world.project.code]
    codes = list_codes(login(client, "reviewer").get(reverse("project_list")))
    assert set(codes) == {world.project.code, world.beta_project.code}
    codes = list_codes(login(client, "beta_client").get(reverse("project_list")))
    assert codes == [world.beta_project.code]


def test_the_list_shows_leader_state_and_number_of_evaluations(world, client):
    response = login(client).get(reverse("project_list"))
    _header, *data = rows(response, "project-list")
    alpha = next(r for r in data if r[0] == world.project.code)
    assert alpha[1] == world.alpha.name
    assert alpha[2:] == [
        "Initial certification",
        "Planned",
        "2026-05-10 – 2026-05-13",
        "Leader",
        "0",
    ]
    beta = next(r for r in data if r[0] == world.beta_project.code)
    assert beta[5] == "—"  # no leader yet


def test_the_list_filters_by_state_type_and_search(world, client):
    change_state(actor=world.pm, project=world.project, to=Project.State.IN_PROGRESS)
    login(client)
    url = reverse("project_list")
    assert list_codes(client.get(url, {"state": "in_progress"})) == [world.project.code]
    assert list_codes(client.get(url, {"state": "planned"})) == [world.beta_project.code]
    assert list_codes(client.get(url, {"kind": "surveillance"})) == []
    assert "No project matches these filters." in text(client.get(url, {"kind": "surveillance"}))
    assert list_codes(client.get(url, {"q": "蓝天"})) == [world.beta_project.code]
    assert list_codes(client.get(url, {"q": world.project.code.lower()})) == [world.project.code]


def test_the_search_finds_the_whole_code_of_the_organisation_and_keeps_the_other_filters(
    world, client
):
    login(client)
    url = reverse("project_list")
    typed = f"{world.beta.uscc[:8]} {world.beta.uscc[8:].lower()}"  # spaced, lower case
    assert list_codes(client.get(url, {"q": typed})) == [world.beta_project.code]
    assert list_codes(client.get(url, {"q": world.beta.uscc[:10]})) == []  # a code is whole
    assert list_codes(client.get(url, {"q": "蓝天", "state": "in_progress"})) == []
    # Found by its number and by its organisation at once: listed once.
    both = sorted([world.project.code, world.beta_project.code])
    assert all(code.startswith("GC-") for code in both)
    Organisation.objects.filter(pk=world.alpha.pk).update(name="GC 绿源服务有限公司")
    assert sorted(list_codes(client.get(url, {"q": "gc"}))) == both


def test_the_list_is_paginated_by_50(world, client):
    start = datetime.date(2027, 1, 1)
    Project.objects.bulk_create(
        Project(
            code=f"GC-2027-{n:04d}",
            organisation=world.beta,
            scope="物业服务",
            scheme_label="CTS TBSC041-2026 B/0",
            scheme_hash="0" * 64,
            planned_start=start,
            planned_end=start,
        )
        for n in range(1, 59)
    )
    login(client)
    first = client.get(reverse("project_list"), {"q": "GC-2027"})
    assert len(list_codes(first)) == 50
    assert "Page 1 of 2 (58 in all)" in text(first)
    second = client.get(reverse("project_list"), {"q": "GC-2027", "page": 2})
    assert len(list_codes(second)) == 8
    # the filters stay on the page links
    assert "q=GC-2027&amp;page=2" in first.content.decode()


# --- creation ---------------------------------------------------------------


def test_a_project_from_an_accepted_application_is_prefilled(world, client):
    accepted = application(world, accept=True)
    response = login(client).get(NEW, {"application": accepted.pk})
    page = response.content.decode()
    assert world.alpha.name in text(response)
    assert "绿色物业服务（红谷滩）" in page  # the scope
    assert f'value="{world.site.pk}"' in page and "checked" in page

    response = client.post(
        f"{NEW}?application={accepted.pk}",
        plan(scope="绿色物业服务（红谷滩）", sites=[world.site.pk], services=[world.service.pk]),
    )

    project = Project.objects.get(application=accepted)
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=[project.pk])
    assert project.organisation == world.alpha
    assert list(project.sites.all()) == [world.site]
    assert list(project.services.all()) == [world.service]
    assert project.assessment.scheme_label == "CTS TBSC041-2026 B/0"
    assert project.code == "GC-2026-0003"  # after the world's two of 2026
    shown = text(client.get(response["Location"]))
    assert f"Project {project.code} created, pinned to CTS TBSC041-2026 B/0." in shown
    assert project.scheme_hash[:12] in shown
    assert AuditEntry.objects.filter(action="greencert.project.created", project=project).exists()


@pytest.mark.parametrize("accept", [None, False], ids=["submitted", "refused"])
def test_a_project_from_an_application_not_accepted_is_refused(world, client, accept):
    pending = application(world, accept=accept)
    status = "Submitted" if accept is None else "Refused"
    login(client)
    before = Project.objects.count()

    response = client.get(NEW, {"application": pending.pk})
    assert (
        f"The application of {world.alpha.name} is “{status}”: only an accepted application "
        "can become a project." in text(response)
    )
    assert "Create project" not in text(response)
    response = client.post(f"{NEW}?application={pending.pk}", plan(sites=[world.site.pk]))
    assert "only an accepted application can become a project" in text(response)
    assert Project.objects.count() == before


def test_a_project_without_application_starts_by_choosing_the_organisation(world, client):
    response = login(client).get(NEW)
    assert "choose the organisation first" in text(response)
    response = client.get(NEW, {"organisation": world.beta.pk})
    page = response.content.decode()
    assert "朝阳网点" in page  # beta's site is offered
    assert world.site.name not in page  # alpha's is not


def test_creation_refuses_another_organisations_site_and_reversed_dates(world, client):
    login(client)
    before = Project.objects.count()
    response = client.post(
        f"{NEW}?organisation={world.beta.pk}",
        plan(sites=[world.site.pk], planned_start="2026-06-03", planned_end="2026-06-01"),
    )
    shown = text(response)
    assert f"Select a valid choice. {world.site.pk} is not one of the available choices." in shown
    assert "The planned end is before the planned start." in shown
    assert Project.objects.count() == before


def test_a_surveillance_names_the_project_it_follows(world, client):
    login(client)
    response = client.post(f"{NEW}?organisation={world.alpha.pk}", plan(kind="surveillance"))
    assert "A surveillance or recertification follows an earlier project: name it." in text(
        response
    )
    response = client.post(
        f"{NEW}?organisation={world.alpha.pk}",
        plan(kind="surveillance", previous=world.project.pk),
    )
    assert response.status_code == 302
    surveillance = Project.objects.get(previous=world.project)
    assert surveillance.kind == "surveillance"
    assert f"follows {world.project.code}" in text(client.get(response["Location"]))


# --- the plan ---------------------------------------------------------------


def test_the_plan_is_edited_and_the_change_recorded(world, client):
    second = Site.objects.create(organisation=world.alpha, name="九江服务网点")
    edit = reverse("project_edit", args=[world.project.pk])
    response = login(client).post(
        edit,
        {
            "scope": "绿色物业服务（扩大）",
            "planned_start": "2026-05-12",
            "planned_end": "2026-05-15",
            "sites": [world.site.pk, second.pk],
        },
    )
    assert response.status_code == 302
    world.project.refresh_from_db()
    assert world.project.scope == "绿色物业服务（扩大）"
    assert world.project.planned_start == datetime.date(2026, 5, 12)
    assert set(world.project.sites.all()) == {world.site, second}
    assert not world.project.services.exists()
    page = client.get(response["Location"])
    assert "The project plan was saved." in text(page)
    _when, who, what, changes = rows(page, "audit-trail")[1]
    assert (who, what) == ("Pm", f"Project plan changed {world.project}")
    assert changes == (
        "scope: 绿色物业服务 → 绿色物业服务（扩大） "
        "planned start: 2026-05-10 → 2026-05-12 "
        "planned end: 2026-05-13 → 2026-05-15 "
        "sites: 红谷滩服务中心 → 九江服务网点, 红谷滩服务中心 "
        "services: 绿色物业服务 → —"
    )


def test_the_plan_cannot_change_once_the_evaluation_is_complete(world, client):
    change_state(actor=world.pm, project=world.project, to=Project.State.IN_PROGRESS)
    change_state(actor=world.pm, project=world.project, to=Project.State.EVALUATION_COMPLETE)
    edit = reverse("project_edit", args=[world.project.pk])
    response = login(client).post(
        edit, {"scope": "x", "planned_start": "2026-05-12", "planned_end": "2026-05-15"}
    )
    assert response.status_code == 302
    world.project.refresh_from_db()
    assert world.project.scope == "绿色物业服务"
    assert "“Evaluation complete”: its plan can no longer change." in text(
        client.get(response["Location"])
    )


# --- the state ----------------------------------------------------------------


def move(client, world, to, reason="客户撤回申请"):
    """A step as its confirmation page sends it (tests/web/test_state_confirmation.py: without)."""
    data = {"to": to, "confirmed": "yes", "reason": reason}
    return client.post(reverse("project_state", args=[world.project.pk]), data, follow=True)


def state_of(world) -> str:
    world.project.refresh_from_db()
    return world.project.state


def test_the_leader_starts_closes_and_reopens_the_evaluation(world, client):
    login(client, "leader")
    assert "Start the assessment" in text(
        client.get(reverse("project_detail", args=[world.project.pk]))
    )

    response = move(client, world, "in_progress")
    assert "The project is now “Assessment in progress”." in text(response)
    assert "Close the evaluation" in text(response)
    move(client, world, "evaluation_complete")
    assert state_of(world) == "evaluation_complete"
    response = move(client, world, "in_progress")
    assert "The project is now “Assessment in progress”." in text(response)
    assert state_of(world) == "in_progress"


def test_the_leader_may_not_cancel(world, client):
    response = move(login(client, "leader"), world, "cancelled")
    assert "You may not move this project to “Cancelled”." in text(response)
    assert state_of(world) == "planned"


def test_an_illegal_transition_is_refused_and_nothing_changes(world, client):
    entries = AuditEntry.objects.count()
    response = move(login(client), world, "evaluation_complete")
    assert "A project cannot go from “Planned” to “Evaluation complete”." in text(response)
    assert state_of(world) == "planned"
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("to", ["under_review", "decided"])
def test_review_and_decision_are_not_made_on_the_state_page(world, client, to):
    response = move(login(client), world, to)
    assert "You may not move this project to" in text(response)
    assert state_of(world) == "planned"


def test_an_unknown_state_is_named(world, client):
    response = move(login(client), world, "finished")
    assert "“finished” is not a project state." in text(response)


def test_the_manager_cancels_and_then_nothing_more_can_happen(world, client):
    login(client)
    move(client, world, "cancelled")
    assert state_of(world) == "cancelled"
    response = move(client, world, "in_progress")
    assert "A project cannot go from “Cancelled” to “Assessment in progress”." in text(response)
    assert state_of(world) == "cancelled"


# --- actions by role ------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("leader", {"evaluation_create", "evaluation_import", "maturity_edit", "project_state"}),
        ("evaluator", {"evaluation_create", "evaluation_import", "maturity_edit"}),
        ("admin", {"evaluation_create", "evaluation_import", "maturity_edit", "project_edit",
                   "project_team", "project_state"}),
        ("pm", {"maturity_edit", "project_edit", "project_team", "project_state"}),
        ("reviewer", {"maturity_edit"}),
        ("client", set()),
    ],
)  # fmt: skip
def test_the_project_page_offers_the_actions_of_each_role(world, client, persona, expected):
    page = login(client, persona).get(reverse("project_detail", args=[world.project.pk]))
    html = page.content.decode()
    pk = world.project.pk
    for name in (
        "evaluation_create",
        "evaluation_import",
        "maturity_edit",
        "project_edit",
        "project_team",
        "project_state",
    ):
        assert (f'"{reverse(name, args=[pk])}"' in html) == (name in expected), name


def test_evaluation_ids_link_to_their_sheets_for_staff(world, client):
    evaluation = add_evaluation(world, alpha="0.9", code="E1")
    sheet = reverse("evaluation_edit", args=[world.project.pk, evaluation.pk])
    assert (
        sheet
        in login(client, "reviewer")
        .get(reverse("project_detail", args=[world.project.pk]))
        .content.decode()
    )
