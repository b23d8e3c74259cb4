"""A client answers a nonconformity in a real browser with two evidence files chosen in one input;
the team leader then sees both on the nonconformity's page and downloads one as it was sent."""

from __future__ import annotations

import datetime

import pytest

from greencert.web.certification.models import Nonconformity
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from tests.browser.support import log_in
from tests.web.certification.findings_support import raise_nc
from tests.web.conftest import PASSWORD, build_world

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def live_world(transactional_db):
    world = build_world()
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    world.nc = raise_nc(world)
    return world


def test_client_sends_files_with_the_answer_and_the_leader_downloads_them(
    page, live_server, live_world, tmp_path
):
    world = live_world
    nc_page = f"{live_server.url}/projects/{world.project.pk}/nonconformities/{world.nc.pk}/"
    log_in(page, live_server, world.client.username, PASSWORD)
    page.goto(nc_page)
    page.fill("textarea[name=correction]", "已组织应急演练")
    page.fill("textarea[name=root_cause]", "演练未列入年度计划")
    page.fill("textarea[name=action_plan]", "纳入年度计划，每半年演练一次")
    due = datetime.date.today() + datetime.timedelta(days=30)
    page.fill("input[name=due_date]", due.isoformat())
    page.set_input_files(
        "input[name=files]",
        [
            {"name": "演练照片.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "应急预案.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ],
    )
    page.click("form[action$='/answer/'] button.primary")
    page.wait_for_load_state("networkidle")
    assert page.locator("ul.nc-files li").count() == 2
    world.nc.refresh_from_db()
    assert world.nc.status == Nonconformity.Status.ANSWERED

    page.context.clear_cookies()
    log_in(page, live_server, world.leader.username, PASSWORD)
    page.goto(nc_page)
    links = page.locator("ul.nc-files a")
    assert [links.nth(i).inner_text() for i in range(2)] == ["演练照片.png", "应急预案.pdf"]
    with page.expect_download() as caught:
        links.nth(1).click()
    download = caught.value
    assert download.suggested_filename == "应急预案.pdf"
    saved = tmp_path / "got.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == PDF
    page.screenshot(path="/tmp/greencert-nonconformity-answer-files.png", full_page=True)
