"""The sheet's sticky figures bar stays compact, a wrong cell is flagged where it is, and the
Likert labels show whole, in Chromium at 1366 px and 360 px."""

from __future__ import annotations

import pytest

from tests.browser.support import log_in
from tests.browser.test_evaluation_entry import live_world  # noqa: F401  (a fixture)
from tests.web.conftest import PASSWORD

BAR_MAX_PX = 90

# Whether the drop-down is as wide as it needs to be to show its selected option whole: a copy
# of it sized by its content alone (set through the CSSOM, which the CSP allows) is no wider.
LABEL_FITS = """(select) => {
  const probe = select.cloneNode(true);
  probe.selectedIndex = select.selectedIndex;
  Object.assign(probe.style, {width: 'auto', minWidth: '0', position: 'absolute', left: '0'});
  select.parentElement.appendChild(probe);
  const needed = probe.getBoundingClientRect().width;
  probe.remove();
  return [select.options[select.selectedIndex].text, select.getBoundingClientRect().width >= needed - 0.5];
}"""


@pytest.mark.parametrize("width, height", [(1366, 768), (360, 740)])
def test_the_figures_bar_is_compact_and_flags_a_wrong_cell(
    page,
    live_server,
    live_world,  # noqa: F811
    width,
    height,
):
    world = live_world
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, world.leader.username, PASSWORD)
    check_sheets(page, live_server, world, width)


def test_the_level_labels_show_whole_in_english(page, live_server, live_world):  # noqa: F811
    world = live_world
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server, world.leader.username, PASSWORD)
    page.goto(f"{live_server.url}/projects/{world.project.pk}/")
    page.click("form.lang button[value=en]")
    page.wait_for_load_state()
    for url, name in (("evaluations/new/", "likert_3.1"), ("maturity/", "level_5.2")):
        page.goto(f"{live_server.url}/projects/{world.project.pk}/{url}")
        for level in "12345":
            page.select_option(f"select[name='{name}']", level)
            text, fits = page.locator(f"select[name='{name}']").evaluate(LABEL_FITS)
            assert fits, f"the label “{text}” is cut"


def check_sheets(page, live_server, world, width):
    page.goto(f"{live_server.url}/projects/{world.project.pk}/evaluations/new/")
    assert page.locator("#sheet-figures").bounding_box()["height"] <= BAR_MAX_PX
    page.fill("input[name='alpha_1.1']", "0.9")
    page.fill("input[name='alpha_2.2']", "1.5")
    page.wait_for_function("() => document.querySelector('#fig-2_2 .cell-error') !== null")
    assert "1.5" in page.inner_text("#fig-2_2 .cell-error")
    # 19 items: 1.1 rated, 2.2 wrong (flagged, not "to rate"), 17 still to rate.
    assert page.inner_text("[data-invalid-count]") == "1 处需更正"
    assert page.inner_text("[data-missing-count]") == "还有 17 项评价内容待评分"
    assert page.locator("#sheet-figures").bounding_box()["height"] <= BAR_MAX_PX
    for level in "12345":
        page.select_option("select[name='likert_3.1']", level)
        text, fits = page.locator("select[name='likert_3.1']").evaluate(LABEL_FITS)
        assert fits, f"the label “{text}” is cut at {width} px"
    page.screenshot(path=f"/tmp/greencert-sheet-bar-{width}.png")
    page.goto(f"{live_server.url}/projects/{world.project.pk}/maturity/")
    assert page.locator("#sheet-figures").bounding_box()["height"] <= BAR_MAX_PX
    for level in "12345":
        page.select_option("select[name='level_5.2']", level)
        text, fits = page.locator("select[name='level_5.2']").evaluate(LABEL_FITS)
        assert fits, f"the label “{text}” is cut at {width} px"
    page.screenshot(path=f"/tmp/greencert-maturity-bar-{width}.png")
