"""The service score's interval on the project page in Chromium (issue 18 §3): drawn as a real
box inside the page at 1366 px, 800 px and 360 px (each with the drawing made for its width),
every name and threshold label whole inside the drawing, for staff (with the low-agreement flag) and for the client once decided.

Sheets as in ``tests/web/certification/test_interval_shown`` (scores 90, 91, 92 by three
auditors of one site: interval 88.5–93.5, across AAAA 90.0; low agreement), and 97, 98, 99
(t interval 95.52–100.48, shown cut at 100).  Screenshots are left in
/tmp/greencert-interval-*.png to be looked at.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.browser.support import log_in
from tests.web.certification.test_documents import decide
from tests.web.certification.test_interval_shown import (
    CUT_SENTENCE,
    CUT_SENTENCE_EN,
    EXPLAINED,
    EXPLAINED_EN,
    HIGH,
    LOW,
    LOW_EN,
    fill_three,
)
from tests.web.conftest import PASSWORD, build_world


@pytest.fixture
def live_three(transactional_db):
    return fill_three(build_world())


def show(page, live_server, world, user, width: int, language: str):
    page.set_viewport_size({"width": width, "height": 900})
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
    page.context.add_cookies([cookie])
    log_in(page, live_server, user.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    block = page.locator("section.interval-figures")
    block.scroll_into_view_if_needed()
    return block


# The smallest text drawn, in CSS pixels: each text's font size scaled as its drawing is.
SMALLEST_TEXT = """svg => Math.min(...[...svg.querySelectorAll("text")].map(
    t => t.getAttribute("font-size") * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width))"""


def assert_drawn_inside(page, width: int) -> None:
    """One drawing shown, across the card, its text readable: 12 px and more at 800 px and
    wider, 11 and more on a phone."""
    assert page.locator("svg.interval").count() == 3  # for a wide box, a middling one, a phone
    chart = page.locator("svg.interval:visible")
    frame = chart.bounding_box()
    assert frame is not None and frame["width"] > 150 and frame["height"] > 60, frame
    card = page.locator("section.interval-figures").bounding_box()
    assert frame["width"] > card["width"] - 80, (frame, card)
    smallest = chart.evaluate(SMALLEST_TEXT)
    assert smallest >= (12 if width > 700 else 11), smallest
    assert frame["x"] >= 0 and frame["x"] + frame["width"] <= width + 1, frame
    texts = page.locator("svg.interval:visible text")
    assert texts.count() > 8
    for i in range(texts.count()):
        box = texts.nth(i).bounding_box()
        assert box["width"] > 3, box
        assert (
            frame["x"] - 1 <= box["x"]
            and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
        )


@pytest.mark.parametrize("width, language", [(1366, "zh-hans"), (800, "en"), (360, "en")])
def test_staff_see_the_interval_drawn_inside_the_page(
    page, live_server, live_three, width, language
):
    block = show(page, live_server, live_three, live_three.leader, width, language)
    assert_drawn_inside(page, width)
    assert block.locator("[data-low-agreement]").count() == 1
    block.screenshot(path=f"/tmp/greencert-interval-staff-{width}.png")


@pytest.mark.parametrize(
    "width, language, notes, flag",
    [(1366, "zh-hans", EXPLAINED, LOW), (360, "en", EXPLAINED_EN, LOW_EN)],
)
def test_staff_open_the_statistics_explained(
    page, live_server, live_three, width, language, notes, flag
):
    """Closed at first (the notes take no room), opened by its summary: every note inside the
    page's width, the flag above it with its figures."""
    block = show(page, live_server, live_three, live_three.leader, width, language)
    assert block.locator("[data-low-agreement]").inner_text() == flag
    folded = block.locator("details[data-statistics-explained]")
    listed = folded.locator("ol.explanation")
    assert not listed.is_visible()
    folded.locator("summary").click()
    assert listed.is_visible()
    text = listed.inner_text()
    for note in notes:
        assert note in text
    for i in range(listed.locator("li").count()):
        box = listed.locator("li").nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
    block.screenshot(path=f"/tmp/greencert-interval-explained-{width}.png")


def test_the_client_sees_the_decided_interval(page, live_server, live_three):
    decide(live_three)
    block = show(page, live_server, live_three, live_three.client, 1366, "zh-hans")
    assert_drawn_inside(page, 1366)
    assert block.locator("[data-low-agreement]").count() == 0
    assert block.locator("details[data-statistics-explained]").count() == 0
    block.screenshot(path="/tmp/greencert-interval-client-1366.png")
    page.screenshot(path="/tmp/greencert-interval-client-page.png", full_page=True)


@pytest.fixture
def live_high(transactional_db):
    return fill_three(build_world(), HIGH)


@pytest.mark.parametrize("width, language", [(1366, "zh-hans"), (360, "en")])
def test_an_interval_past_100_is_drawn_and_worded_cut_at_100(
    page, live_server, live_high, width, language
):
    """Scores 97, 98, 99: t interval 95.52–100.48, shown 95.5–100.0 and said to be cut."""
    block = show(page, live_server, live_high, live_high.leader, width, language)
    assert_drawn_inside(page, width)
    sentence = block.locator("[data-interval-sentence]").inner_text()
    assert sentence == (CUT_SENTENCE if language == "zh-hans" else CUT_SENTENCE_EN)
    bar = page.locator("svg.interval:visible .t-interval")
    assert bar.get_attribute("data-high") == "100.00"
    assert (
        page.locator("svg.interval:visible .cut").count() == 2
    )  # the score's row and the auditors'
    block.screenshot(path=f"/tmp/greencert-interval-cut-{width}.png")
