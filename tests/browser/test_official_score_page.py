"""The project page in a real browser: exact bands, parts rounded apart, level names' wording.

Figures by hand: three evaluations at α 0.9 on every item except
1.1 at 0.94 ×3 (5 × 2.82 / 3 = 4.70), 1.2 at 0.84, 0.84, 0.85 (7 × 2.53 / 3 = 5.90333… → 5.90),
1.3 at 0.97, 0.97, 0.96 (5 × 2.90 / 3 = 4.8333… → 4.83) and 4.2 at 0.80, 0.80, 0.81
(α 2.41 / 3 = 0.80333… > 0.8 → band 5 远高于预期, shown 0.8033…). Characteristic 1:
(14.10 + 17.71 + 14.50) / 3 = 15.43666… → 15.44, while its items show 4.70 + 5.90 + 4.83 = 15.43.
Every clause at 三级: 三级 系统管理*, a name that is GreenCert's (§5.2.5 names levels 1 and 5 only).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from tests.browser.support import log_in
from tests.web.conftest import PASSWORD, build_world

ROWS = [("0.84", "0.97", "0.80"), ("0.84", "0.97", "0.80"), ("0.85", "0.96", "0.81")]


@pytest.fixture
def live_world(transactional_db):
    world = build_world()
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    scheme = default_scheme()
    assessment = world.project.assessment
    for i, (a, b, c) in enumerate(ROWS, 1):
        alpha = dict.fromkeys(scheme.items, "0.9") | {"1.1": "0.94", "1.2": a, "1.3": b, "4.2": c}
        save_evaluation(
            actor=world.leader,
            assessment=assessment,
            header={"code": f"E{i}", "evaluator": "李明", "date": datetime.date(2026, 5, 11)},
            ratings={item: Rating.of_alpha(Decimal(v), scheme) for item, v in alpha.items()},
        )
    save_maturity(
        actor=world.leader,
        assessment=assessment,
        levels={cid: {"level": 3} for cid in scheme.clauses},
        expected_version=assessment.maturity_version,
    )
    return world


def test_the_page_reads_without_contradiction(page, live_server, live_world):
    world = live_world
    log_in(page, live_server, world.leader.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    row = page.locator("table.service-figures tr", has_text="4.2 ").first
    assert row.locator("td").nth(2).inner_text() == "0.8033…"
    assert row.locator("td").nth(3).inner_text().startswith("5 ")
    notes = page.locator("[data-figure-note]")
    assert notes.count() == 2
    assert notes.nth(0).is_visible() and notes.nth(1).is_visible()
    assert "4.2: 0.8033… > 0.8 → 5" in notes.nth(0).inner_text()
    assert "1: 4.70 + 5.90 + 4.83 = 15.43 ≠ 15.44" in notes.nth(1).inner_text()
    wording = page.locator("[data-wording-note]")
    assert wording.is_visible()
    assert "只给出一级“基本水平”和五级“最佳实践”" in wording.inner_text()
    level = page.locator("table.management-figures tr", has_text="4.1 ").first
    assert level.locator("td").nth(2).inner_text() == "三级 系统管理*"
    page.screenshot(path="/tmp/greencert-official-score.png", full_page=True)
