"""A team leader raises a nonconformity against a GB/T 19001 row in a real browser: the grouped
list (items, maturity clauses, GB/T 19001, §4.2.2), a row picked in it, the nonconformity on the
project page's panel by its reference, and the row's verdict made the finding."""

from __future__ import annotations

import pytest

from greencert.web.certification.models import Nonconformity
from greencert.web.projects.models import ChecklistVerdict
from tests.browser.support import log_in
from tests.web.conftest import PASSWORD, build_world

QMS_ROW = "GB/T 19001 8.5.1 生产和服务提供的控制"


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def test_leader_picks_a_gbt19001_row_and_sees_it_on_the_panel(page, live_server, live_world):
    world = live_world
    base = f"{live_server.url}/projects/{world.project.pk}/"
    log_in(page, live_server, world.leader.username, PASSWORD)

    page.goto(f"{base}nonconformities/new/")
    groups = page.eval_on_selector_all(
        "select[name=reference] optgroup", "groups => groups.map(g => g.label)"
    )
    assert groups == ["附录1 服务项目", "附录3/4 管理条款", "GB/T 19001 条款", "§4.2.2 特定要求"]
    # The GB/T 19001 group holds the 40 rows of the pinned checklist, 4.1 … 10.3.
    qms = page.eval_on_selector_all(
        "select[name=reference] optgroup[label='GB/T 19001 条款'] option",
        "options => options.map(o => o.value)",
    )
    assert (len(qms), qms[0], qms[-1]) == (40, "qms:4.1", "qms:10.3")
    page.select_option("select[name=reference]", label=QMS_ROW)
    page.check("input[name=severity][value=major]")
    page.fill("textarea[name=description]", "1 份服务记录缺签字")
    page.fill("textarea[name=evidence]", "2026-05 服务记录第 12 号")
    page.screenshot(path="/tmp/greencert-nonconformity-form.png", full_page=True)
    page.click("button.primary")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("dd.nc-reference") == QMS_ROW

    nc = Nonconformity.objects.get()
    assert (nc.ref_kind, nc.ref_id, nc.severity) == ("qms", "8.5.1", "major")
    assert ChecklistVerdict.objects.get(kind="qms", clause_id="8.5.1").verdict == "major"

    page.goto(base)
    cells = page.eval_on_selector_all(
        "table.panel-nonconformities tbody tr td", "cells => cells.map(c => c.innerText.trim())"
    )
    assert cells[:3] == ["NC1", QMS_ROW, "严重"]
    page.screenshot(path="/tmp/greencert-nonconformity-panel.png", full_page=True)

    # The checklist page's link for the row opens the form with the row already chosen.
    page.goto(f"{base}nonconformities/new/?ref=qms:8.5.1")
    assert page.input_value("select[name=reference]") == "qms:8.5.1"
