"""The sheet's sticky figures bar stays compact, a wrong cell is flagged where it is, and the
Likert labels show whole, in Chromium at 1366 px and 360 px."""

from __future__ import annotations

import pytest

from tests.browser.support import log_in
from tests.browser.test_evaluation_entry import live_world  # noqa: F401  (a fixture)
from tests.web.conftest import PASSWORD

BAR_MAX_PX = 90

# Whether the selected option's text fits inside its drop-down: its width measured in the
# select's own font against the select's inner width less the arrow (about 24 px).
LABEL_FITS = """(select) => {
  const style = getComputedStyle(select);
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
  return [text, canvas.measureText(text).width <= room];
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
