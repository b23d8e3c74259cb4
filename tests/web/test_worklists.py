"""Each person's landing page: exactly their work, each item linking to where it is done.

The state is made through the services; what is under test is what the page shows
(titles, details, links), for whom, and what it costs in queries.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from greencert.web.certification.models import Complaint, SurveillanceVisit
from greencert.web.certification.services import certificates, nonconformities
from greencert.web.certification.services.project_states import change_state
from greencert.web.clients.models import Application
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.team import add_team_member
from greencert.web.surveys.services import change_survey_state
from tests.web.certification.certificate_support import certify, issue
from tests.web.certification.conftest import fill_sheets
from tests.web.certification.findings_support import answer_nc, raise_nc, recommend
from tests.web.projects_support import english, rate_clauses, text
from tests.web.surveys.support import answers, drained, open_survey, post, ticket
from tests.web.worklists_support import hrefs, titles, worklists

pytestmark = pytest.mark.django_db

HOME = "/"


def landing(client, user):
    client.force_login(user)
    return english(client).get(HOME)


def url(name, *args) -> str:
    return reverse(name, args=args)


def start(world, project=None):
    change_state(actor=world.pm, project=project or world.project, to=Project.State.IN_PROGRESS)


# --- The project manager -------------------------------------------------------------------


def test_a_manager_sees_new_applications_and_the_projects_to_plan(world, client):
    application = Application.objects.create(organisation=world.beta, scope="物业服务")
    Application.objects.create(
        organisation=world.alpha, scope="已受理", status=Application.Status.ACCEPTED
    )
    page = landing(client, world.pm)
    assert titles(page, "applications") == ["蓝天物业有限公司"]
    assert hrefs(page, "applications") == [url("application_detail", application.pk)]
    # world.project has its leader but no blueprint; beta_project has neither.
    plan = {item["title"]: item for item in worklists(page)["to_plan"]["items"]}
    assert set(plan) == {"GC-2026-0001 · 绿源服务有限公司", "GC-2026-0002 · 蓝天物业有限公司"}
    assert plan["GC-2026-0001 · 绿源服务有限公司"]["detail"].endswith("no service blueprint")
    beta = plan["GC-2026-0002 · 蓝天物业有限公司"]
    assert "no team leader" in beta["detail"]
    assert beta["links"][0] == [url("project_team", world.beta_project.pk), "Form the team"]
    # Once started, a project is no longer to plan.
    start(world)
    assert titles(landing(client, world.pm), "to_plan") == ["GC-2026-0002 · 蓝天物业有限公司"]


def test_a_certificate_to_issue_then_its_surveillance_due(world, client):
    decision = certify(world)
    page = landing(client, world.pm)
    item = worklists(page)["to_issue"]["items"]
    assert [i["title"] for i in item] == ["GC-2026-0001 · 绿源服务有限公司"]
    assert item[0]["detail"] == "Decided 2026-06-01 · grade AAAA"
    assert hrefs(page, "to_issue") == [url("certificate_issue", decision.pk)]
    assert worklists(page)["surveillance"]["count"] == 0

    certificate = certificates.issue_certificate(
        actor=world.pm, decision=decision, granted_on=decision.decided_on
    )
    # The first visit falls due a year after the grant: outside the 60 days, until it nears.
    page = landing(client, world.pm)
    assert worklists(page)["to_issue"]["count"] == 0
    assert worklists(page)["surveillance"]["count"] == 0
    first = certificate.surveillance.get(sequence=1)
    soon = timezone.localdate() + datetime.timedelta(days=20)
    SurveillanceVisit.objects.filter(pk=first.pk).update(due_on=soon)
    page = landing(client, world.pm)
    item = worklists(page)["surveillance"]["items"][0]
    assert item["title"] == f"{certificate.display_number} · 绿源服务有限公司"
    assert item["detail"] == f"Surveillance 1 due on {soon.isoformat()}"
    assert hrefs(page, "surveillance") == [url("certificate_follow_up", certificate.pk)]


def test_open_complaints_for_managers_and_for_their_handler_only(world, client):
    today = timezone.localdate()
    later = today + datetime.timedelta(days=60)

    def complaint(reference, **fields):
        return Complaint.objects.create(
            kind="complaint",
            reference=reference,
            received_on=today,
            complainant="业主 张先生",
            subject="保洁不到位",
            acknowledge_by=today,
            resolve_by=later,
            **fields,
        )

    handled = complaint("CP-1", handler=world.reviewer)
    complaint("CP-2")
    complaint("CP-3", status="closed", outcome="已处理", communicated_on=today)
    assert titles(landing(client, world.pm), "complaints") == [
        "CP-1 · 业主 张先生",
        "CP-2 · 业主 张先生",
    ]
    page = landing(client, world.reviewer)
    assert titles(page, "complaints") == ["CP-1 · 业主 张先生"]
    assert hrefs(page, "complaints") == [url("complaint_detail", handled.pk)]
    assert titles(landing(client, world.decider), "complaints") == []


# --- The team ------------------------------------------------------------------------------


def test_the_team_sees_its_open_sheets_until_they_are_complete(world, client):
    start(world)
    start(world, world.beta_project)  # in progress too, but nobody of alpha's team is on it
    pk = world.project.pk
    for person in (world.leader, world.evaluator):
        page = landing(client, person)
        assert titles(page, "sheets") == ["GC-2026-0001 · 绿源服务有限公司"]
        assert worklists(page)["sheets"]["items"][0]["links"] == [
            [url("evaluation_create", pk), "Evaluations: none yet"],
            [url("maturity_edit", pk), "Maturity 0/21"],
            [url("checklist", pk, "qms"), "GB/T 19001 0/40"],
            [url("checklist", pk, "specific"), "§4.2.2 0/7"],
        ]
    assert titles(landing(client, world.auditor_off), "sheets") == []

    rate_clauses(world, 3)  # every clause rated, and both checklists judged
    page = landing(client, world.leader)
    links = worklists(page)["sheets"]["items"][0]["links"]
    assert links == [[url("evaluation_create", pk), "Evaluations: none yet"]]
    fill_sheets(world.project, world.leader)
    assert titles(landing(client, world.leader), "sheets") == []


def test_the_leader_is_asked_to_start_then_to_close_the_evaluation(world, client):
    pk = world.project.pk
    page = landing(client, world.leader)
    item = worklists(page)["to_move"]["items"]
    assert [(i["title"], i["detail"]) for i in item] == [
        ("GC-2026-0001 · 绿源服务有限公司", "Starts 2026-05-10")
    ]
    assert item[0]["links"] == [[url("project_detail", pk), "Start the assessment"]]
    assert titles(landing(client, world.evaluator), "to_move") == []  # not the leader
    start(world)
    assert titles(landing(client, world.leader), "to_move") == []  # the sheets are open
    fill_sheets(world.project, world.leader)
    item = worklists(landing(client, world.leader))["to_move"]["items"]
    assert item[0]["detail"] == "Every sheet complete · planned end 2026-05-13"
    assert item[0]["links"] == [[url("project_detail", pk), "Close the evaluation"]]


def test_the_team_verifies_answered_nonconformities_of_its_own_projects(world, client):
    start(world)
    waiting = raise_nc(world)
    answered = answer_nc(world, raise_nc(world, ref="clause:5.1"))
    page = landing(client, world.leader)
    assert titles(page, "to_verify") == [f"GC-2026-0001 · {answered.code}"]
    assert hrefs(page, "to_verify") == [
        url("nonconformity_detail", world.project.pk, answered.pk) + "#review"
    ]
    assert titles(landing(client, world.evaluator), "to_verify") == [
        f"GC-2026-0001 · {answered.code}"
    ]
    assert titles(landing(client, world.auditor_off), "to_verify") == []
    # The client's list holds the one still waiting for its answer, with the answer's anchor.
    page = landing(client, world.client)
    assert titles(page, "to_answer") == [f"GC-2026-0001 · {waiting.code}"]
    assert hrefs(page, "to_answer") == [
        url("nonconformity_detail", world.project.pk, waiting.pk) + "#answer"
    ]
    assert titles(landing(client, world.beta_client), "to_answer") == []
    # Accepting the plan leaves it to verify and close.
    nonconformities.accept_plan(actor=world.leader, nc=answered, comment="计划可行")
    assert hrefs(landing(client, world.leader), "to_verify") == [
        url("nonconformity_detail", world.project.pk, answered.pk) + "#close"
    ]


# --- Technical reviewer and decision maker ---------------------------------------------------


def test_the_review_then_the_decision_wait_for_someone_who_took_no_part(world, client):
    start(world)
    fill_sheets(world.project, world.leader)
    change_state(actor=world.leader, project=world.project, to=Project.State.EVALUATION_COMPLETE)
    page = landing(client, world.reviewer)
    assert titles(page, "reviews") == ["GC-2026-0001 · 绿源服务有限公司"]
    assert hrefs(page, "reviews") == [url("project_review", world.project.pk)]
    assert titles(landing(client, world.decider), "decisions") == []
    # An administrator on the team would be refused: the project is not offered to them.
    add_team_member(
        actor=world.pm, project=world.project, user=world.admin, role=TeamMember.Role.EXPERT
    )
    assert titles(landing(client, world.admin), "reviews") == []

    world.project.refresh_from_db()
    recommend(world)
    assert titles(landing(client, world.reviewer), "reviews") == []
    page = landing(client, world.decider)
    assert titles(page, "decisions") == ["GC-2026-0001 · 绿源服务有限公司"]
    assert hrefs(page, "decisions") == [url("project_decision", world.project.pk)]


def test_a_person_with_several_parts_sees_each_of_their_lists(world, client):
    keys = list(worklists(landing(client, world.admin)))
    assert keys == [
        "applications",
        "to_plan",
        "to_issue",
        "surveillance",
        "complaints",
        "regulator",
        "reviews",
        "decisions",
    ]
    # A project manager put on a team gets the team's lists as well.
    add_team_member(
        actor=world.pm, project=world.beta_project, user=world.pm, role=TeamMember.Role.LEADER
    )
    keys = list(worklists(landing(client, world.pm)))
    assert keys[-3:] == ["sheets", "to_move", "to_verify"]
    assert list(worklists(landing(client, world.reviewer))) == ["reviews", "complaints"]


# --- The client ------------------------------------------------------------------------------


def test_the_client_sees_the_survey_links_and_posters_of_its_sites(world, client):
    survey = open_survey(world)
    page = landing(client, world.client)
    item = worklists(page)["surveys"]["items"][0]
    assert item["title"] == "红谷滩服务中心"
    assert item["links"] == [
        [url("survey_answer", survey.token), "Survey link"],
        [url("survey_poster", survey.pk), "Poster (PDF)"],
    ]
    assert client.get(url("survey_poster", survey.pk))["Content-Type"] == "application/pdf"
    assert titles(landing(client, world.beta_client), "surveys") == []
    assert client.get(url("survey_poster", survey.pk)).status_code == 404
    # A closed survey leaves the list, and its poster is no longer the client's.
    change_survey_state(actor=world.pm, survey=survey, to="closed")
    assert titles(landing(client, world.client), "surveys") == []
    assert client.get(url("survey_poster", survey.pk)).status_code == 404


def test_the_client_finds_its_certificate_and_final_report(world, client):
    page = landing(client, world.client)
    assert worklists(page)["certificates"]["count"] == 0
    certificate = issue(world, on=datetime.date(2026, 6, 1))
    page = landing(client, world.client)
    item = worklists(page)["certificates"]["items"][0]
    assert item["title"] == certificate.display_number
    assert item["detail"] == "Grade AAAA · valid until 2029-05-31"
    assert item["links"][0] == [url("certificate_pdf", certificate.pk), "Certificate (PDF)"]
    assert hrefs(page, "reports") == [url("project_report", world.project.pk)]
    assert client.get(url("project_report", world.project.pk)).status_code == 200
    page = landing(client, world.beta_client)
    assert (
        worklists(page)["certificates"]["count"] == 0 and worklists(page)["reports"]["count"] == 0
    )
    # Documents are not work: the navigation counts nothing for them.
    assert 'class="count"' not in page.content.decode().split("<main>")[0]


# --- The navigation's count and what it all costs ------------------------------------------


def nav_count(page) -> int | None:
    head = page.content.decode().split("<main>")[0]
    marker = 'class="count"'
    if marker not in head:
        return None
    return int(head.split(marker)[1].split(">")[1].split("<")[0])


def test_the_navigation_counts_the_waiting_work_on_every_page(world, client):
    Application.objects.create(organisation=world.beta, scope="物业服务")
    client.force_login(world.pm)
    # One application and two projects to plan.
    assert nav_count(english(client).get(url("project_list"))) == 3
    assert nav_count(client.get(HOME)) == 3
    client.force_login(world.auditor_off)
    assert nav_count(client.get(url("project_list"))) is None


def queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_landing_page_costs_the_same_few_queries_however_much_waits(world, client):
    client.force_login(world.admin)
    certify(world)
    Application.objects.create(organisation=world.beta, scope="申请")
    one = queries(client, HOME)
    for n in range(12):
        Application.objects.create(organisation=world.beta, scope=f"申请 {n}")
    many = queries(client, HOME)
    assert many == one
    # Session and user, whether on a team, the counts in one statement, then the rows of the
    # lists that have some (an empty list costs nothing more): applications, to plan, to issue.
    assert many == 2 + 1 + 1 + 3
    page = english(client).get(HOME)
    assert worklists(page)["applications"]["count"] == 13
    assert len(worklists(page)["applications"]["items"]) == 10  # the oldest ten
    assert "The first 10 of 13. All of them" in text(page)
    assert 'href="/applications/?status=submitted"' in page.content.decode()


def test_the_navigation_count_is_one_statement(world, client):
    client.force_login(world.pm)
    with CaptureQueriesContext(connection) as captured:
        client.get(url("organisation_list"))
    counting = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    worklist_counts = [
        sql for sql in counting if "projects_application" in sql and "certification_decision" in sql
    ]
    assert len(worklist_counts) == 1


def counted_in(client, path) -> bool:
    """Whether asking *path* ran the statement that counts every list."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return any(
        "COUNT(" in q["sql"].upper() and 'FROM "accounts_user"' in q["sql"]
        for q in captured.captured_queries
    )


def test_the_navigation_count_is_remembered_until_an_act_changes_it(world, client):
    client.force_login(world.pm)
    assert nav_count(client.get(url("project_list"))) == 2  # two projects to plan
    assert not counted_in(client, url("organisation_list"))  # remembered: not counted again
    assert nav_count(client.get(url("organisation_list"))) == 2
    start(world)  # an act: the audit trail moves, so the count is read afresh at once
    assert counted_in(client, url("project_list"))
    assert nav_count(client.get(url("project_list"))) == 1
    # Remembered per person: the leader's count is their own, not the manager's.
    client.force_login(world.leader)
    assert nav_count(client.get(url("project_list"))) == 1  # the open sheets of the project


def test_a_survey_answer_drained_without_an_act_still_refreshes_the_count(world, client):
    start(world)
    rate_clauses(world, 3)  # only the evaluations are missing now
    survey = open_survey(world)
    client.force_login(world.evaluator)
    assert nav_count(client.get(url("project_list"))) == 1  # the sheets: no evaluation yet
    assert not counted_in(client, url("organisation_list"))
    assert post(Client(), survey, answers(ticket_value=ticket(survey))).status_code == 303
    drained()  # the answer becomes an evaluation; no one acted, no audit entry
    # Every sheet now holds something: nothing waits for the evaluator (closing is the leader's).
    assert titles(english(client).get(HOME), "sheets") == []
    assert nav_count(client.get(url("project_list"))) is None


def counts_statement(client, user) -> str:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        client.get(url("project_list"))
    return next(
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"] and 'FROM "accounts_user"' in q["sql"]
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize(("persona", "table_scans"), [("admin", 0), ("leader", 0), ("client", 0)])
def test_the_counts_read_indexes(world, client, persona, table_scans):
    """Every list is found through an index, the certificates to issue too: a decision
    without its certificate is an absence, which no index lists, so the decisions waiting
    are kept as rows (read by their key) rather than found by scanning every decision."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + counts_statement(client, world.users()[persona]))
        plan = [row[-1] for row in cursor.fetchall()]
    scans = [step for step in plan if step.startswith("SCAN") and "USING" not in step]
    assert len(scans) == table_scans, plan
