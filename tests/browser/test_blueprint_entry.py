"""A team leader enters a service blueprint of two steps in a real browser and sees it drawn.

§4.2.2 2)①: the drawing shows each step's customer action, its contact points,
backstage actions and support processes in their lanes, with the line of
interaction, the line of visibility and the line of internal interaction.
"""

from __future__ import annotations

import pytest

from greencert.web.projects.models import ServiceBlueprint
from tests.browser.support import log_in
from tests.web.conftest import PASSWORD, build_world


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def test_leader_enters_two_steps_and_sees_the_blueprint_drawn(page, live_server, live_world):
    world = live_world
    log_in(page, live_server, world.leader.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    page.click("#blueprints + section a")  # the project page lists the blueprint to draw
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.blueprint").count() == 0  # nothing drawn yet

    page.fill("[name='form-0-customer']", "到店办理入住")
    page.fill("[name='form-0-people']", "前台接待员")
    page.fill("[name='form-0-equipment']", "自助入住机")
    page.fill("[name='form-0-backstage']", "核验身份证件")
    page.fill("[name='form-0-support']", "客房管理系统")
    page.click("button[name=add_step]")  # a second, empty step (nothing saved yet)
    page.wait_for_load_state("networkidle")
    assert page.input_value("[name='form-0-customer']") == "到店办理入住"
    page.fill("[name='form-1-customer']", "扫码支付房费")
    page.fill("[name='form-1-digital']", "收银小程序")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")

    stored = ServiceBlueprint.objects.get()
    assert [s["customer"] for s in stored.data["steps"]] == ["到店办理入住", "扫码支付房费"]
    drawing = page.locator("svg.blueprint")
    assert drawing.count() == 1 and drawing.is_visible()
    texts = drawing.locator("text").all_text_contents()
    for text in ("到店办理入住", "扫码支付房费", "前台接待员", "自助入住机", "收银小程序"):
        assert text in texts
    # The four lanes and the three lines between them.
    for lane in ("顾客行为", "前台接触点", "后台行为", "支持过程"):
        assert lane in texts
    for line in ("互动分界线", "可视分界线", "内部互动分界线"):
        assert line in texts
    assert drawing.locator("line[marker-end]").count() == 1  # step 1 → step 2
    # Drawn, not just present: the customer's first action has a size on the screen.
    box = drawing.locator("text", has_text="到店办理入住").bounding_box()
    assert box is not None and box["width"] > 30
    page.screenshot(path="/tmp/greencert-blueprint-entry.png", full_page=True)

    # The project page shows the same drawing.
    page.goto(f"{live_server.url}/projects/{world.project.pk}/#blueprints")
    listed = page.locator(".blueprint-thumb svg.blueprint")
    assert listed.count() == 1 and "扫码支付房费" in listed.locator("text").all_text_contents()
    page.screenshot(path="/tmp/greencert-blueprint-project.png", full_page=True)
