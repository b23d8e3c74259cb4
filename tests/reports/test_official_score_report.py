"""The report follows the core's official score (issue 11 part 5): self-evaluations apart
(§5.1.2), bands from the exact mean α, parts rounded on their own. Figures by hand below."""

from __future__ import annotations

import re

import pytest

from greencert.core import default_scheme
from greencert.core.assessment import assess_data
from greencert.reports import build_assessment_report
from tests.audit_verdicts import with_conforming_audits
from tests.reports import pdftools

pytestmark = pdftools.needs_poppler
SCHEME = default_scheme()
ITEMS = list(SCHEME.items)


def sheet(default: str, **overrides: str) -> dict:
    return dict.fromkeys(ITEMS, default) | overrides


def report_text(tmp_path, evaluations: list[dict], layout: bool = False) -> str:
    raw = {"evaluations": evaluations, "maturity": dict.fromkeys(SCHEME.clauses, 3)}
    raw = with_conforming_audits(raw)
    result = assess_data(SCHEME, raw).as_dict()
    pdf = build_assessment_report(result, {"draft": False})
    return pdftools.text(pdftools.write(tmp_path, pdf, "report.pdf"), layout=layout)


# A1 (auditor) α 0.8 everywhere: 80.00; S1 (self) α 1 everywhere: 100.00. Maturity all 三级 (87).
AUDITOR = {"id": "A1", "source": "auditor", "alpha": sheet("0.8")}
SELF = {"id": "S1", "source": "self", "alpha": sheet("1")}


def test_the_report_scores_without_self_evaluations_and_lists_them_apart(tmp_path):
    text = report_text(tmp_path, [AUDITOR, SELF])
    # Official: 80.00 / 1 = 80.0 → AAA (with self counted it would be 90.0 → AAAA).
    assert re.search(r"服务特性测评得分 Service score：80\.0（n = 1", text)
    assert re.search(r"认证等级 Grade\s+AAA\s", text)
    assert "自我评价（不计入服务特性测评得分，§5.1.2）" in text
    assert "100.00" in text  # S1's score, in its own table
    assert "1 次自我评价不计入服务特性测评得分，另行计算：均值 100.0" in text


def test_a_report_of_self_evaluations_only_has_no_service_score_and_no_grade(tmp_path):
    text = report_text(tmp_path, [SELF])
    assert "没有计入的服务特性测评" in text
    assert "自我评价（不计入服务特性测评得分，§5.1.2）" in text
    assert re.search(r"认证等级 Grade\s+暂不确定 not determined", text)


def test_the_report_shows_the_exact_band_and_says_parts_are_rounded_apart(tmp_path):
    # Characteristic 1 of the issue: 1.1 at 0.94 ×3 → 5 × 2.82 / 3 = 4.70; 1.2 at 0.84, 0.84,
    # 0.85 → 7 × 2.53 / 3 = 5.90333… → 5.90; 1.3 at 0.97, 0.97, 0.96 → 5 × 2.90 / 3 = 4.8333…
    # → 4.83. Shown 4.70 + 5.90 + 4.83 = 15.43; whole (14.10 + 17.71 + 14.50) / 3 = 15.43666…
    # → 15.44. Item 4.2 at 0.80, 0.80, 0.81: α 2.41 / 3 = 0.80333… → band 5 (0.8 < α), shown
    # 0.8033…; points 5 × 2.41 / 3 = 4.01666… → 4.02; 80.3 %.
    rows = [("0.84", "0.97", "0.80"), ("0.84", "0.97", "0.80"), ("0.85", "0.96", "0.81")]
    evaluations = [
        {"id": f"E{i}", "alpha": sheet("0.9", **{"1.1": "0.94", "1.2": a, "1.3": b, "4.2": c})}
        for i, (a, b, c) in enumerate(rows, 1)
    ]
    layout = report_text(tmp_path, evaluations, layout=True)
    assert re.search(r"4\.2\s.*\s5\s+0\.8033…\s+5 远高于预期\s+4\.02\s+80\.3", layout)
    text = " ".join(report_text(tmp_path, evaluations).split())
    assert "每个数值都由精确值分别四舍五入" in text
    assert "1: 4.70 + 5.90 + 4.83 = 15.43 ≠ 15.44" in text
    assert "4.2: 0.8033… > 0.8 → 5" in text


@pytest.mark.parametrize("evaluations", [[AUDITOR]])
def test_no_note_where_nothing_needs_one(tmp_path, evaluations):
    # α 0.8 everywhere: every figure exact (e.g. 1: 4.00 + 5.60 + 4.00 = 13.60), band 4, 0.80.
    text = report_text(tmp_path, evaluations)
    assert "分别四舍五入" not in text and "精确值确定，而不是" not in text
    assert "自我评价（不计入" not in text
