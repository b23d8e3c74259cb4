"""The staff dashboard: projects by state, overdue work, expiring certificates, grades."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from greencert.core.assessment_input import Reference
from greencert.core.validity import add_months
from greencert.web.certification.models import Nonconformity
from greencert.web.certification.services import complaints, nonconformities
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from greencert.web.projects.services.projects import create_project
from tests.web.certification.certificate_support import browser, issue, read, text, url


def _late_nc(world, project):
    """A minor nonconformity answered with a due date that has since passed."""
    nc = nonconformities.raise_nonconformity(
        actor=world.leader,
        project=project,
        ref=Reference("clause", "5.2"),
        severity="minor",
        description="应急预案未演练",
        evidence="无演练记录",
    )
    nonconformities.answer(
        actor=world.client,
        nc=nc,
        correction="已演练",
        root_cause="未列入计划",
        action_plan="每半年演练",
        due_date=timezone.localdate(),
    )
    # As if the due date had come and gone (answers may not be dated in the past).
    Nonconformity.objects.filter(pk=nc.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    return nc


@pytest.fixture
def busy(world):
    """alpha certified AAAA on 2025-06-01 (surveillance 1 due 2026-06-01: overdue);
    beta certified AAA, expiring in 29 days; one late corrective action; one late complaint."""
    today = timezone.localdate()
    alpha = issue(world, on=datetime.date(2025, 6, 1))
    # Granted 3 years less 30 days ago: valid through the day before the 3rd anniversary,
    # which is 30 days from today, less one day → expires in 29 days.
    granted = add_months(today, -36) + datetime.timedelta(days=30)
    beta = issue(world, world.beta_project, on=granted, grade="AAA")
    assert beta.expires_on == today + datetime.timedelta(days=29)
    third = create_project(
        actor=world.pm,
        organisation=world.alpha,
        kind=Project.Kind.SURVEILLANCE,
        scope="绿色物业服务",
        planned_start=today,
        planned_end=today,
        previous=world.project,
    )
    change_state(actor=world.pm, project=third, to=Project.State.IN_PROGRESS)
    nc = _late_nc(world, third)
    complaint = complaints.register(
        actor=world.pm,
        kind="complaint",
        received_on=today - datetime.timedelta(days=70),
        complainant="业主 张先生",
        subject="保洁不到位",
        certificate=alpha,
    )
    return {"alpha": alpha, "beta": beta, "third": third, "nc": nc, "complaint": complaint}


def test_dashboard_shows_the_state_of_the_work(world, busy, client):
    page = browser(client, world.pm).get(url("dashboard"))
    assert page.status_code == 200
    tables = read(page).tables
    # Three projects: alpha's and beta's decided, the surveillance in progress.
    by_state = {row[0]: row[1] for row in tables["by-state"]}
    assert by_state["Decided"] == "2"
    assert by_state["Assessment in progress"] == "1"
    assert by_state["Planned"] == "0"
    # Grades of valid certificates: one AAAA (alpha), one AAA (beta), no AAAAA.
    grades = {row[0]: row[1] for row in tables["grades"]}
    assert grades == {"AAAAA": "0", "AAAA": "1", "AAA": "1", "Total": "2"}

    ncs = tables["late-ncs"]
    assert len(ncs) == 1 and ncs[0][0] == f"{busy['third'].code} NC1"
    # alpha's visit 1 (2026-06-01); beta's visits 1 and 2 are also past (granted ~3 years ago).
    visits = [row[0] for row in tables["late-visits"]]
    assert visits.count(busy["alpha"].number) == 1 and visits.count(busy["beta"].number) == 2
    assert "Surveillance overdue (3)" in text(page)
    complaints_late = tables["late-complaints"]
    assert complaints_late[0][0] == busy["complaint"].reference
    assert "not acknowledged" in complaints_late[0][2] and "not resolved" in complaints_late[0][2]
    expiring = tables["expiring"]
    assert [row[0] for row in expiring] == [busy["beta"].number]
    assert "Certificates expiring within 90 days (1)" in text(page)


def test_the_dashboard_does_not_query_per_row(world, busy, client):
    http = browser(client, world.pm)
    with CaptureQueriesContext(connection) as few:
        http.get(url("dashboard"))
    # More of everything: another late complaint, another late corrective action.
    today = timezone.localdate()
    for n in range(3):
        complaints.register(
            actor=world.pm,
            kind="complaint",
            received_on=today - datetime.timedelta(days=80 + n),
            complainant=f"投诉人 {n}",
            subject="服务态度",
            project=busy["third"],
        )
    _late_nc(world, busy["third"])
    with CaptureQueriesContext(connection) as more:
        page = http.get(url("dashboard"))
    assert len(read(page).tables["late-complaints"]) == 4
    assert len(read(page).tables["late-ncs"]) == 2
    assert len(more.captured_queries) == len(few.captured_queries)


def test_an_auditor_sees_the_work_of_their_teams_only(world, busy, client):
    page = browser(client, world.auditor_off).get(url("dashboard"))
    tables = read(page).tables
    assert all(row[1] == "0" for row in tables["by-state"])
    assert "late-ncs" not in tables and "expiring" not in tables


def _insights_links(page) -> int:
    """How many links the page has to the insights across clients."""
    return page.content.decode().count(f'href="{url("insights")}"')


@pytest.mark.parametrize(
    "persona, shown",
    [("reviewer", True), ("pm", True), ("auditor_off", False), ("leader", False)],
)
def test_the_insights_link_is_shown_to_those_the_insights_page_lets_in(
    world, client, persona, shown
):
    http = browser(client, getattr(world, persona))
    dashboard = http.get(url("dashboard"))
    assert dashboard.status_code == 200
    assert bool(_insights_links(dashboard)) is shown
    # The link and the page's own permission are one fact: a link only where the page opens.
    assert (http.get(url("insights")).status_code == 200) is shown


def test_a_client_sees_no_dashboard_and_no_insights_link(world, client):
    http = browser(client, world.client)
    page = http.get(url("dashboard"))
    assert page.status_code == 404
    assert url("insights") not in page.content.decode()
    assert http.get(url("insights")).status_code == 404
