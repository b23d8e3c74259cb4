"""A customer on a phone (360 × 640, headless Chromium, no JavaScript) answers the survey.

Uses the browser of tests/browser/conftest.py (Debian's chromium through
Playwright, made available here by this folder's conftest); skipped where
chromium is not installed.  The questions are
found as a screen reader finds them: a group named by its legend, radio
buttons named by their labels.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from greencert.core.registry import get_scheme
from greencert.web.projects.models import Evaluation
from greencert.web.surveys.models import SurveyResponse

from .support import answer_url, drained, open_survey

SCHEME = get_scheme("CTS TBSC041-2026 B/0")
LABELS = {1: "远低于预期", 2: "低于预期", 3: "符合预期", 4: "高于预期", 5: "远高于预期"}
SCREENSHOT = "/tmp/greencert-survey-phone.png"
SCREENSHOT_320 = "/tmp/greencert-survey-320-problems.png"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 360, "height": 640},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,  # the page must work without it
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_customer_answers_on_a_phone_without_javascript(phone, live_server, world, settings):
    settings.SURVEY_MIN_SECONDS = 0
    survey = open_survey(world)
    phone.goto(live_server.url + answer_url(survey))
    assert phone.locator("h1").inner_text().startswith("Your experience with 绿源服务有限公司") or (
        "绿源服务有限公司" in phone.locator("h1").inner_text()
    )
    assert scroll_width(phone) <= 360

    chosen = {}
    for n, item in enumerate(SCHEME.items.values()):
        level = 2 + n % 4  # 2, 3, 4, 5, 2, …: not the same everywhere
        group = phone.get_by_role("group", name=item.question)
        group.get_by_role("radio", name=LABELS[level], exact=True).check()
        chosen[item.id] = level
    phone.get_by_role("textbox").fill("排队时间有点长，其他都很好。")
    phone.screenshot(path=SCREENSHOT, full_page=True)
    sent = phone.locator("input[name=ticket]").input_value()
    phone.get_by_role("button").click()
    phone.wait_for_url(f"**{reverse('survey_thanks', args=(survey.token,))}")
    assert scroll_width(phone) <= 360

    drained()  # as the next staff page would
    evaluation = Evaluation.objects.get(source="customer")
    assert {r.item_id: r.likert for r in evaluation.ratings.all()} == chosen
    assert evaluation.note == "排队时间有点长，其他都很好。"
    assert SurveyResponse.objects.get().flags == []
    # Back and send again.  The page is never cached, so the back button loads a
    # new form: its response is stored, but held as a second one from this phone.
    phone.go_back()
    assert phone.locator("input[name=ticket]").input_value() != sent
    for n, item in enumerate(SCHEME.items.values()):
        group = phone.get_by_role("group", name=item.question)
        group.get_by_role("radio", name=LABELS[2 + n % 4], exact=True).check()
    phone.get_by_role("button").click()
    phone.wait_for_url("**/thanks/")
    drained()
    second = SurveyResponse.objects.order_by("id").last()
    assert second.flags == ["duplicate_device"] and second.status == "held"


def test_nothing_scrolls_sideways_at_320_pixels(phone, live_server, world):
    survey = open_survey(world)
    phone.set_viewport_size({"width": 320, "height": 640})
    phone.goto(live_server.url + answer_url(survey))
    assert scroll_width(phone) <= 320
    # The page with the list of problems too (sent with nothing answered).
    phone.evaluate("document.querySelectorAll('[required]').forEach(e => e.required = false)")
    phone.get_by_role("button").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("alert").count() == 1
    phone.screenshot(path=SCREENSHOT_320)
    assert scroll_width(phone) <= 320


def test_the_keyboard_reaches_and_changes_the_answers_with_a_visible_focus(
    browser, live_server, world
):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 640})
    page = context.new_page()
    try:
        survey = open_survey(world)
        page.goto(live_server.url + answer_url(survey))
        page.keyboard.press("Tab")  # the first radio group (the hidden trap is skipped)
        focused = page.evaluate("[document.activeElement.name, document.activeElement.type]")
        assert focused == ["q_1.1", "radio"]
        page.keyboard.press("ArrowDown")  # moves within the group, and selects
        assert page.evaluate("document.activeElement.checked") is True
        outline = page.evaluate(
            "getComputedStyle(document.activeElement.closest('label')).outlineStyle"
        )
        assert outline == "solid"
    finally:
        context.close()
