"""The assessment report: what a reader finds in the PDF (figures from tests/reports/conftest.py)."""

from __future__ import annotations

import json
import re

import pytest

from greencert.core import default_scheme
from greencert.core.assessment import assess_data
from greencert.reports import build_assessment_report
from tests.reports import pdftools
from tests.reports.conftest import ORGANISATION, PERCENTS, sheet

pytestmark = pdftools.needs_poppler


@pytest.fixture
def report(tmp_path, result, context):
    return pdftools.write(tmp_path, build_assessment_report(result, context), "report.pdf")


def test_the_report_states_the_hand_worked_figures_and_the_grade(report):
    text = pdftools.text(report)
    assert "绿色产品服务认证评价报告" in text
    assert ORGANISATION in text
    assert "TB-P-2026-017" in text
    assert "CTS TBSC041-2026 B/0" in text
    assert "2026年6月1日" in text
    # Service score (86.35 + 81.35) / 2 = 83.85 → 83.9, with n = 2 and each evaluation's score.
    assert re.search(r"服务特性测评得分 Service score：83\.9（n = 2", text)
    assert "86.35" in text and "81.35" in text
    for percent in PERCENTS:  # 97.5 … 67.5, one per characteristic
        assert percent in text
    # Maturity total 13×3 + 8×6 + 1 + 4 = 92 → 三级.
    assert re.search(r"管理成熟度总分 Maturity total：92\s+管理水平 Management level：三级", text)
    # The grade, large, under its heading: AAA (not AAAA, whose row the service score misses).
    # Read laid out: in reading order the draft watermark's letters can reorder the two.
    assert re.search(r"认证等级 Grade\s+AAA\s", pdftools.text(report, layout=True))
    assert "未达到 AAAA：服务得分 83.9 < 90.0" in text
    # Gap to AAAA: 90.0 − 83.9 = 6.1; 2 × 89.95 − 167.70 = 12.20 more points.
    assert "服务特性测评得分需从 83.9 提高到 90.0（差 6.1；2 次测评得分合计还需 +12.20）" in text


def test_a_characteristic_row_shows_weight_mean_alpha_band_points_and_percent(
    tmp_path, result, context
):
    # A final report: the draft watermark's letters would land inside rows of the text layout.
    final = build_assessment_report(result, {**context, "draft": False})
    layout = pdftools.text(pdftools.write(tmp_path, final, "final.pdf"), layout=True)
    # Characteristic 7: weight 8, mean α 0.675 → 0.68, band 4 高于预期, 8 × 0.675 = 5.40, 67.5 %.
    assert re.search(r"7\s+服务规范.*\s8\s+0\.68\s+4 高于预期\s+5\.40\s+67\.5", layout)
    # Characteristic 1: weight 17, 0.975 → 0.98, band 5, 17 × 0.975 = 16.575 → 16.58, 97.5 %.
    assert re.search(r"1\s+功能性.*\s17\s+0\.98\s+5 远高于预期\s+16\.58\s+97\.5", layout)


def test_clauses_team_nonconformities_and_signatures_are_listed(report):
    text = pdftools.text(report)
    layout = pdftools.text(report, layout=True)
    assert re.search(
        r"4\.1\s+资源\s+10\s+五级 最佳实践\s+10", layout
    )  # level 5 of a clause worth 10
    # 持续优化 is GreenCert's name for level 4 (§5.2.5 names only levels 1 and 5): marked *.
    assert re.search(r"1\.1\s+理解组织及其所处的环境\s+5\s+四级 持续优化\*\s+4", layout)
    assert "* 方案 §5.2.5 只给出一级“基本水平”和五级“最佳实践”" in text
    assert "王芳" in text and "审核员 Evaluator" in text
    assert "NC1" in text and "应急预案未演练" in text and "已关闭 Closed" in text
    assert "赵强" in text  # the reviewer named; the decision maker left blank to sign
    assert "认证决定人员 Decision maker" in text


def test_every_page_of_a_draft_carries_the_draft_stamp(report):
    texts = pdftools.page_texts(report)
    assert len(texts) >= 3
    for number, page in enumerate(texts, 1):
        assert "草稿" in page, f"page {number} has no draft stamp"


def test_a_long_draft_stamps_every_page_too(tmp_path, scheme, context):
    evaluations = [
        {"id": f"E{i:03}", "site": "南昌", "alpha": sheet(["0.90"] * 7)} for i in range(90)
    ]
    result = assess_data(scheme, {"evaluations": evaluations}).as_dict()
    path = pdftools.write(tmp_path, build_assessment_report(result, context))
    texts = pdftools.page_texts(path)
    assert len(texts) >= 5  # the evaluation table runs over several pages
    assert all("草稿" in page for page in texts)
    assert "E089" in "".join(texts)


def test_a_final_report_has_no_draft_stamp(tmp_path, result, context):
    path = pdftools.write(tmp_path, build_assessment_report(result, context | {"draft": False}))
    assert "草稿" not in pdftools.text(path)
    assert "AAA" in pdftools.text(path)


def test_the_chinese_font_is_embedded_and_no_font_is_not(report):
    fonts = pdftools.fonts(report)
    assert fonts, "pdffonts lists no font"
    assert any("WenQuanYi" in f["name"] for f in fonts)
    assert [f["line"] for f in fonts if f["emb"] != "yes"] == []


def test_the_pages_render_and_are_not_blank(report, tmp_path):
    pngs = pdftools.render(report, tmp_path, 50)
    assert len(pngs) == pdftools.pages(report)
    for png in pngs:
        assert pdftools.inked_fraction(png) > 0.005, f"{png.name} looks blank"


def test_a_stored_snapshot_prints_like_the_live_result(tmp_path, result, context):
    """The web prints a snapshot's stored JSON; the CLI the live dict: same code path, same text."""
    stored = json.loads(json.dumps(result, ensure_ascii=False))
    live = pdftools.text(
        pdftools.write(tmp_path, build_assessment_report(result, context), "a.pdf")
    )
    frozen = pdftools.text(
        pdftools.write(tmp_path, build_assessment_report(stored, context), "b.pdf")
    )
    assert live == frozen


def test_text_is_normalised_and_escaped(tmp_path, result, context):
    context |= {"organisation": "Cafe\u0301 & <Partners>"}  # NFD é, and markup characters
    text = pdftools.text(pdftools.write(tmp_path, build_assessment_report(result, context)))
    assert "Caf\u00e9 & <Partners>" in text


def test_an_incomplete_assessment_still_reports_what_is_known(tmp_path, context):
    scheme = default_scheme()
    result = assess_data(scheme, {"maturity": {"1.1": 2}}).as_dict()  # one clause, no evaluations
    text = pdftools.text(pdftools.write(tmp_path, build_assessment_report(result, context)))
    assert "没有计入的服务特性测评" in text
    assert "未评 not rated" in text
    assert "暂不确定 not determined" in text
