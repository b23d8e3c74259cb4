"""In Chromium: the project manager is led from the survey to its review, the team decides on
several responses at once (the ticks sit beside each response, outside the form they belong to),
and a list is sorted by clicking its heading.  Screenshots at 1366 px and 360 px are written to
the pytest temporary folder for a person to look at."""

from __future__ import annotations

import pytest
from django.test import Client

from greencert.web.surveys.models import SurveyResponse
from tests.browser.support import log_in
from tests.web.conftest import PASSWORD, build_world
from tests.web.surveys.support import answers, drained, open_survey, post, ticket


@pytest.fixture
def flagged_world(transactional_db):
    world = build_world()
    world.survey = open_survey(world)
    for k in range(3):  # the same answer on every item: each held for review
        post(
            Client(),
            world.survey,
            answers(every=5, ticket_value=ticket(world.survey)),
            ip=f"10.8.{k}.1",
        )
    drained()
    return world


def _shots(page, tmp_path, name):
    for width in (1366, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)


def test_from_the_survey_to_a_bulk_review(page, live_server, flagged_world, tmp_path):
    world, base = flagged_world, live_server.url
    code = world.survey.code
    log_in(page, live_server, "pm", PASSWORD)
    page.goto(f"{base}/surveys/{world.survey.pk}/")
    page.get_by_role("link", name="查看已标记的答卷 (3 份待审核)").click()
    page.wait_for_load_state("networkidle")
    assert "这些答卷由项目审核组审核：Leader、Evaluator" in page.inner_text("main")
    assert page.locator("#bulk-review").count() == 0
    _shots(page, tmp_path, "review-pm")

    page.context.clear_cookies()
    log_in(page, live_server, "leader", PASSWORD)
    page.goto(f"{base}/surveys/{world.survey.pk}/review/")
    page.check(f"#response-{world.survey.responses.order_by('id')[0].pk} input[type=checkbox]")
    page.check(f"#response-{world.survey.responses.order_by('id')[2].pk} input[type=checkbox]")
    page.check("#bulk-review input[value=exclude]")
    page.fill("#bulk-review textarea", "三份均为全部满分且间隔不足一分钟")
    _shots(page, tmp_path, "review-leader")
    page.click("#bulk-review button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert f"已排除：{code}-1, {code}-3。" in page.inner_text("main")
    statuses = list(world.survey.responses.order_by("id").values_list("status", flat=True))
    assert statuses == ["excluded", "held", "excluded"]
    assert SurveyResponse.objects.filter(reason="三份均为全部满分且间隔不足一分钟").count() == 2


def test_a_list_is_sorted_by_clicking_its_heading(page, live_server, flagged_world, tmp_path):
    world, base = flagged_world, live_server.url
    log_in(page, live_server, "pm", PASSWORD)
    page.goto(f"{base}/organisations/")
    first = page.locator("table.organisation-list tbody tr:first-child td:first-child")
    assert first.inner_text() == world.alpha.name  # 绿 (U+7EFF) before 蓝 (U+84DD)
    page.get_by_role("link", name="名称").click()  # sorted by name already: now descending
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("?sort=-name")
    assert first.inner_text() == world.beta.name
    _shots(page, tmp_path, "organisations")
