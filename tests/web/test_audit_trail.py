"""The audit trail on the project page: who, when, what, before → after, newest first."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.audit import labels
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from greencert.web.projects.services.sheets import save_evaluation
from tests.web.conftest import PASSWORD
from tests.web.projects_support import ITEMS, add_evaluation, english, rate_clauses, rows, text

SCHEME = default_scheme()

pytestmark = pytest.mark.django_db


def trail(response) -> list[list[str]]:
    """The data rows of the trail: [when, who, what, changes]."""
    return rows(response, "audit-trail")[1:]


def open_page(client, world, user="pm", name="project_detail", query=""):
    english(client).login(username=user, password=PASSWORD)
    return client.get(reverse(name, args=[world.project.pk]) + query)


def test_an_evaluation_change_shows_the_item_before_and_after(world, client):
    evaluation = add_evaluation(world, alpha="0.9", code="E1")
    ratings = {item: Rating.of_alpha(Decimal("0.9"), SCHEME) for item in ITEMS}
    ratings["1.1"] = Rating.of_alpha(Decimal("0.5"), SCHEME)
    save_evaluation(
        actor=world.evaluator,
        assessment=world.project.assessment,
        header={"code": "E1", "evaluator": "李明", "date": evaluation.date, "site": world.site},
        ratings=ratings,
        evaluation=evaluation,
        expected_version=evaluation.version,
    )

    newest = trail(open_page(client, world))[0]

    when, who, what, changes = newest
    assert who == "Evaluator"
    assert what == "Evaluation changed E1"
    assert changes == "α 1.1: 0.90 → 0.50"  # only the item that changed
    assert when.startswith("20")


def test_newest_first_with_state_and_maturity_changes(world, client):
    rate_clauses(world, {"4.1": 3})
    rate_clauses(world, {"4.1": 4})
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)

    entries = trail(open_page(client, world))

    assert [e[2].split(" GC-")[0] for e in entries[:3]] == [
        "Project state changed",
        "Maturity levels changed",
        "Maturity levels changed",
    ]
    assert entries[0][1] == "Leader"
    assert entries[0][3] == "state: Planned → Assessment in progress"
    assert entries[1][3] == "clause 4.1: 3 → 4"
    assert entries[2][3] == "clause 4.1: — → 3"
    assert entries[-1][2].startswith("Project created")
    assert "scope: 绿色物业服务" in entries[-1][3]


def test_the_page_shows_the_latest_50_and_links_to_all(world, client):
    change_state(actor=world.pm, project=world.project, to=Project.State.IN_PROGRESS)
    for _ in range(30):  # close (and freeze the result) and reopen: 3 entries each time
        for to in (Project.State.EVALUATION_COMPLETE, Project.State.IN_PROGRESS):
            change_state(actor=world.leader, project=world.project, to=to)
    total = world.project.audit_entries.count()  # created + 2 team members + 1 + 30 × 3 = 94
    assert total == 94

    response = open_page(client, world)
    assert len(trail(response)) == 50
    assert "Show all 94 entries" in text(response)
    assert reverse("project_audit", args=[world.project.pk]) in response.content.decode()

    first = open_page(client, world, name="project_audit")
    assert len(trail(first)) == 50
    assert "Page 1 of 2 (94 in all)" in text(first)
    last = open_page(client, world, name="project_audit", query="?page=2")
    assert len(trail(last)) == 44
    assert trail(last)[-1][2].startswith("Project created")


def test_the_client_sees_no_trail(world, client):
    add_evaluation(world, alpha="0.9", code="E1")
    response = open_page(client, world, user="client")
    assert trail(response) == []
    assert "Evaluation added" not in text(response)


def test_every_action_the_code_records_has_a_label_from_its_app():
    """Each app registers the names of its own actions; none is shown as a bare code."""
    src = Path(__file__).resolve().parents[2] / "src" / "greencert" / "web"
    literal, tasks = set(), set()
    for path in src.rglob("*.py"):
        text = path.read_text()
        literal |= set(re.findall(r'"(greencert\.[a-z_]+\.[a-z_]+)"', text))
        # Background tasks are named in the same dotted way; they are no audit actions.
        tasks |= set(re.findall(r'(?:name=|"task": )"(greencert\.[a-z_]+\.[a-z_]+)"', text))
    literal -= tasks
    # Actions whose code is put together from a kind.
    built = {
        f"greencert.{kind}.{verb}"
        for kind in ("contact", "site", "service", "qms_certificate")
        for verb in ("created", "changed", "deleted")
    } | {"greencert.complaint.registered", "greencert.appeal.registered"}
    built |= {"greencert.survey_response.included", "greencert.survey_response.excluded"}
    actions = {
        a for a in literal | built if not a.startswith(("greencert.web.", "greencert.core."))
    }
    actions -= {
        "greencert.surveys.submit",
        "greencert.surveys.ticket",
    }  # signing salts, not actions
    refusals = {a for a in actions if a.endswith("_refused")}  # logged as refused attempts
    assert len(actions) > 40
    assert sorted(actions - refusals - labels.ACTIONS.keys()) == []
