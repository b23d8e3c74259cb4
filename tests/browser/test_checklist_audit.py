"""A team leader records the §5.2.2 exemption and two verdicts in a real browser, and sees
them on the checklist and the project page.

By hand: the certificate expires 2027-03-31, after the audit date 2026-05-10 (the
project's planned start), so the exemption of 7.1.5 is valid; 7.1.5 judged exempted
and 8.5.1 judged a minor nonconformity make 2 of 40 judged, 1 finding, 1 exempted.
"""

from __future__ import annotations

import pytest

from greencert.web.projects.models import ChecklistVerdict, ExemptionRecord
from tests.browser.support import log_in
from tests.web.conftest import PASSWORD, build_world


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def _judge(page, base: str, clause: str, verdict: str, notes: str) -> None:
    page.goto(f"{base}checklists/qms/rows/{clause}/")
    page.check(f"input[name=verdict][value={verdict}]")
    page.fill("textarea[name=notes]", notes)
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")


def test_leader_records_an_exemption_and_verdicts_and_sees_them(page, live_server, live_world):
    world = live_world
    base = f"{live_server.url}/projects/{world.project.pk}/"
    log_in(page, live_server, world.leader.username, PASSWORD)

    page.goto(f"{base}exemption/")
    assert page.input_value("input[name=audit_date]") == "2026-05-10"  # the planned start
    page.fill("input[name=certificate_number]", "00124Q30001R2M")
    page.fill("input[name=issuer]", "方圆标志认证集团")
    page.check("input[name=accredited][value=yes]")
    page.fill("textarea[name=certificate_scope]", "物业管理服务")
    page.fill("input[name=certificate_expires]", "2027-03-31")
    page.check("input[name=scope_covers_service][value=yes]")
    page.fill("textarea[name=surveillance_status]", "2026 年监督审核通过")
    page.check("input[name=clauses][value='7.1.5']")
    page.fill("textarea[name=reason]", "证书有效，范围覆盖所认证的服务")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("[data-exempted-clauses]") == "7.1.5"
    assert ExemptionRecord.objects.get().clauses == ["7.1.5"]
    page.screenshot(path="/tmp/greencert-exemption.png", full_page=True)

    _judge(page, base, "7.1.5", "exempted", "持有效 GB/T 19001 证书")
    _judge(page, base, "8.5.1", "minor", "1 份服务记录缺签字")
    assert ChecklistVerdict.objects.count() == 2
    assert page.url.endswith("checklists/qms/#row-8.5.1")
    assert page.get_attribute("[data-row='7.1.5'] [data-verdict]", "data-verdict") == "exempted"
    assert page.get_attribute("[data-row='8.5.1'] [data-verdict]", "data-verdict") == "minor"
    assert page.locator("[data-row='8.5.1'] a[href*='?ref=qms:8.5.1']").count() == 1
    assert page.locator("[data-exemption-invalid]").count() == 0
    page.screenshot(path="/tmp/greencert-checklist.png", full_page=True)

    page.goto(base)
    row = "[data-checklist=qms]"
    assert page.inner_text(f"{row} [data-judged]") == "2/40"
    assert page.inner_text(f"{row} [data-findings]") == "1"
    assert page.inner_text(f"{row} [data-exempted]") == "1"
    page.screenshot(path="/tmp/greencert-project-checklists.png", full_page=True)
