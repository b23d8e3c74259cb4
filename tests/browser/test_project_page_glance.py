"""The project page in Chromium at 1366 px and at 360 px: the charts are drawn (a real box on the
screen, inside the page's width), the section bar stays in view when a section is reached and
takes one line, and nothing makes the page wider than the phone.

Sheets by ``fill_sheets``: every characteristic at 90.0 %, every clause at 四级.
Screenshots are left in /tmp/greencert-project-page-*.png to be looked at.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from tests.browser.support import log_in
from tests.web.certification.conftest import fill_sheets
from tests.web.conftest import PASSWORD, build_world


@pytest.fixture
def live_world(transactional_db):
    world = build_world()
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    fill_sheets(world.project, world.leader)
    return world


@pytest.mark.parametrize("width, language", [(1366, "zh-hans"), (360, "en")])
def test_charts_render_and_the_section_bar_stays_in_view(
    page, live_server, live_world, width, language
):
    world = live_world
    page.set_viewport_size({"width": width, "height": 800})
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])
    log_in(page, live_server, world.leader.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    page.screenshot(path=f"/tmp/greencert-project-page-{width}.png", full_page=True)

    charts = page.locator("svg.chart:visible")  # the interval is drawn twice, one shown
    assert charts.count() == 4  # radar, item bars, the score's interval, clause bars
    for i in range(4):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 150 and box["height"] > 60, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
    # The radar's labels are laid out as text, each whole inside the drawing (the longest,
    # "7 Service specifications", too: an inline SVG clips what lies outside it).
    radar = page.locator("svg.radar")
    radar.scroll_into_view_if_needed()
    frame = radar.bounding_box()
    labels = page.locator("svg.radar > text")
    assert labels.count() == 7
    for i in range(7):
        box = labels.nth(i).bounding_box()
        assert box["width"] > 10, box
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]

    # The bar jumps: after following "audit trail" the bar is still at the top, and one line.
    nav = page.locator("nav.section-nav")
    nav_box = nav.bounding_box()
    assert nav_box["height"] < 48, nav_box
    page.locator("nav.section-nav a[href='#audit']").click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > 500
    stuck = nav.bounding_box()
    assert abs(stuck["y"]) < 2, stuck
    heading = page.locator("#audit-heading").bounding_box()
    assert heading["y"] >= stuck["height"] - 2, (heading, stuck)  # not hidden under the bar
    page.screenshot(path=f"/tmp/greencert-project-page-{width}-audit.png")

    # Nothing spills sideways: the page is no wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
