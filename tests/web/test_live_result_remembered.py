"""The project page's figures follow every change, though the result is remembered.

The page scores the assessment again only when something the result is computed
from has changed (``scoring.live_result``).  Each test shows the page, changes one
input through the service a person uses, and shows it again: the figures must be
the new ones.  A key that missed that input would show the old figures.  Figures
are worked out by hand from the scheme (RULES.md), as in ``test_project_result``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greencert.core.ratings import Rating
from greencert.web.projects.models import ChecklistVerdict, Evaluation
from greencert.web.projects.services.checklists import record_exemption, record_verdict
from greencert.web.projects.services.sheets import delete_evaluation, save_evaluation
from tests.web.certification.findings_support import raise_nc
from tests.web.conftest import PASSWORD
from tests.web.projects_support import (
    ITEMS,
    SCHEME,
    add_evaluation,
    english,
    grade_shown,
    rate_clauses,
    row_for,
    rows,
    text,
)
from tests.web.test_checklists import exemption_values

pytestmark = pytest.mark.django_db


def page(client, world):
    return client.get(reverse("project_detail", args=[world.project.pk]))


@pytest.fixture
def shown(world, client):
    """E1 α 0.9 (90.00) and E2 α 0.8 (80.00): service 85.0, n = 2; every clause at level 4
    (116 points, 五级); both checklists conforming: AAA (80.0 ≤ 85.0 < 90.0, RULES.md §3)."""
    add_evaluation(world, alpha="0.9", code="E1")
    add_evaluation(world, alpha="0.8", code="E2", day=12)
    rate_clauses(world, 4)
    client.login(username="pm", password=PASSWORD)
    english(client)
    response = page(client, world)
    assert "n = 2" in text(response)
    assert row_for(response, "evaluations", "E1")[-1] == "90.00"
    assert grade_shown(response) == "AAA"
    return response


def test_a_page_read_again_unchanged_does_not_read_the_ratings_again(world, client, shown):
    with CaptureQueriesContext(connection) as captured:
        again = page(client, world)
    assert not [q for q in captured.captured_queries if 'FROM "projects_itemrating"' in q["sql"]]
    assert text(again) == text(shown)


def test_a_sheet_saved_again(world, client, shown):
    e1 = Evaluation.objects.get(code="E1")
    ratings = {item: Rating.of_alpha(Decimal("0.7"), SCHEME) for item in ITEMS}
    save_evaluation(
        actor=world.leader,
        assessment=world.project.assessment,
        evaluation=e1,
        expected_version=e1.version,
        header={"code": "E1", "evaluator": "李明", "date": e1.date, "site": world.site},
        ratings=ratings,
    )
    response = page(client, world)
    # E1 now 100 × 0.7 = 70.00; (70.00 + 80.00) / 2 = 75.0: below AAA's 80.0.
    assert row_for(response, "evaluations", "E1")[-1] == "70.00"
    assert "75.0" in text(response)
    assert grade_shown(response) == "Not certified"


def test_an_evaluation_taken_out_of_the_score(world, client, shown):
    Evaluation.objects.filter(code="E2").update(counts=False)  # as the survey moderation does
    response = page(client, world)
    assert "n = 1" in text(response)
    assert row_for(response, "evaluations", "E2")[-1] == "does not count"
    # 90.00 alone: 90.0 ≥ 90.0 with 五级 ≥ 三级: AAAA.
    assert grade_shown(response) == "AAAA"


def test_an_evaluation_deleted(world, client, shown):
    e2 = Evaluation.objects.get(code="E2")
    delete_evaluation(actor=world.leader, evaluation=e2, expected_version=e2.version)
    response = page(client, world)
    assert "n = 1" in text(response)
    assert "E2" not in [row[0] for row in _evaluation_rows(response)]


def test_an_evaluation_added(world, client, shown):
    add_evaluation(world, alpha="1.0", code="E3", day=13)
    response = page(client, world)
    # (90.00 + 80.00 + 100.00) / 3 = 90.0, n = 3.
    assert "n = 3" in text(response)
    assert "90.0" in text(response)


def test_maturity_rated_again(world, client, shown):
    rate_clauses(world, 1)  # 13 × 1 + 8 × 2 = 29: 一级, below AAA's 二级
    response = page(client, world)
    assert grade_shown(response) == "Not certified"


def test_a_nonconformity_raised(world, client, shown):
    raise_nc(world, severity="major")  # an open major blocks any grade (§5.3)
    response = page(client, world)
    assert grade_shown(response) == "Not certified"


def test_a_checklist_row_judged_again_and_the_exemption_revised(world, client, shown):
    assessment = world.project.assessment
    exemption = record_exemption(
        actor=world.pm,
        assessment=assessment,
        values=exemption_values(),  # lists 7.1.5; certificate valid until 2027-03-31
        expected_version=0,
    )
    row = ChecklistVerdict.objects.get(kind="qms", clause_id="7.1.5")
    record_verdict(
        actor=world.leader,
        assessment=assessment,
        kind="qms",
        clause_id="7.1.5",
        verdict="minor",
        date=datetime.date(2026, 5, 11),
        expected_version=row.version,
    )
    # A minor finding that no nonconformity records blocks the gate (§5.3).
    assert grade_shown(page(client, world)) == "Not certified"

    record_verdict(
        actor=world.leader,
        assessment=assessment,
        kind="qms",
        clause_id="7.1.5",
        verdict="exempted",
        date=datetime.date(2026, 5, 11),
        expected_version=row.version + 1,
    )
    assert grade_shown(page(client, world)) == "AAA"

    # The certificate relied on lapses before today (valid on the audit date, 2026-05-10):
    # the exemption no longer holds (§5.2.2), the exempted row does not count as judged.
    record_exemption(
        actor=world.pm,
        assessment=assessment,
        values=exemption_values(certificate_expires=datetime.date(2026, 6, 30)),
        expected_version=exemption.version,
    )
    assert grade_shown(page(client, world)) != "AAA"


def _evaluation_rows(response):
    return rows(response, "evaluations")[1:]


def test_the_same_figures_asked_in_the_other_language(world, client, shown):
    """The laid-out figures are remembered per language: Chinese after English is Chinese."""
    Evaluation.objects.filter(code="E2").update(counts=False)
    assert row_for(page(client, world), "evaluations", "E2")[-1] == "does not count"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert row_for(page(client, world), "evaluations", "E2")[-1] == "不计入"


def test_a_site_renamed(world, client, shown):
    """The table names each sheet's site: a new name shows, though no sheet changed."""
    world.site.name = "赣州门店"
    world.site.save()
    assert row_for(page(client, world), "evaluations", "E1")[3] == "赣州门店"
