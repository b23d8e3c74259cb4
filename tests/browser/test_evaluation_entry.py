"""An auditor enters an evaluation in a real browser and sees the total and the grade change.

Figures by hand: the project starts with one stored evaluation at α 0.9 on every
item (90.00) and every clause at 四级 (13×4 + 8×8 = 116 → 五级), so the service
score is 90.0 and the grade AAAA (AAAAA needs 95.0).  The auditor rates a new
sheet: every item α 1.0 → 100.00.  Mean (90.00 + 100.00) / 2 = 95.0 → AAAAA.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Evaluation, Project
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from tests.browser.support import log_in
from tests.web.audit_support import judge_all_conforming
from tests.web.conftest import PASSWORD, build_world


@pytest.fixture
def live_world(transactional_db):
    world = build_world()
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    scheme = default_scheme()
    assessment = world.project.assessment
    save_evaluation(
        actor=world.leader,
        assessment=assessment,
        header={
            "code": "E1",
            "evaluator": "李明",
            "date": datetime.date(2026, 5, 11),
            "source": "auditor",
        },
        ratings={item: Rating.of_alpha(Decimal("0.9"), scheme) for item in scheme.items},
    )
    save_maturity(
        actor=world.leader,
        assessment=assessment,
        levels={cid: {"level": 4} for cid in scheme.clauses},
        expected_version=assessment.maturity_version,
    )
    judge_all_conforming(assessment, world.leader)  # both checklist audits, so the figures decide
    return world


def test_auditor_enters_an_evaluation_and_sees_total_and_grade_change(
    page, live_server, live_world
):
    world = live_world
    project_url = f"{live_server.url}/projects/{world.project.pk}/"
    log_in(page, live_server, world.leader.username, PASSWORD)
    page.goto(project_url)
    assert page.inner_text("[data-service-score]") == "90.0"
    assert page.inner_text("[data-grade]") == "AAAA"

    page.goto(f"{project_url}evaluations/new/")
    page.fill("input[name=evaluator]", "李明")
    for item in default_scheme().items:
        page.fill(f"input[name='alpha_{item}']", "1")
    # The running figures come from the server (the core) as the auditor types.
    # (A function, not an expression: Playwright evals an expression, which the CSP refuses.)
    page.wait_for_function(
        "() => document.querySelector('[data-running-total]').innerText.trim() === '100.00'"
    )
    page.wait_for_function(
        "() => document.querySelector('[data-live-grade]').innerText.trim() === 'AAAAA'"
    )
    page.screenshot(path="/tmp/greencert-evaluation-entry.png", full_page=True)
    assert (
        page.inner_text("[data-live-score]") == "95.0"
    )  # the project's score if this sheet is saved

    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")
    assert Evaluation.objects.filter(assessment__project=world.project).count() == 2
    page.goto(project_url)
    assert page.inner_text("[data-service-score]") == "95.0"
    assert page.inner_text("[data-grade]") == "AAAAA"
