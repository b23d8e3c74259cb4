"""The statistics of one assessment: wired to the scheme's own grade rule, worded in both
languages, and advice only (issue 18 §1)."""

from __future__ import annotations

from decimal import Decimal

from greencert.core import default_scheme
from greencert.core.assessment import assess_data
from greencert.core.statistics.output import statistics_dict
from greencert.core.statistics.score_statistics import score_statistics
from tests.audit_verdicts import conforming

SCHEME = default_scheme()
ITEMS = list(SCHEME.items)


def assessment(alphas, sources=None, maturity=True, **extra):
    sources = sources or ["auditor"] * len(alphas)
    data = {
        "evaluations": [
            {
                "id": f"E{n}",
                "source": source,
                "alpha": dict.fromkeys(ITEMS, Decimal(alpha)),
                **extra,
            }
            for n, (alpha, source) in enumerate(zip(alphas, sources, strict=True), start=1)
        ],
        "qms": conforming("qms"),
        "specific": conforming("specific"),
    }
    if maturity:
        data["maturity"] = dict.fromkeys(SCHEME.clauses, 4)
    return assess_data(SCHEME, data)


TWELVE = [
    "0.91",
    "0.92",
    "0.93",
    "0.92",
    "0.91",
    "0.93",
    "0.92",
    "0.92",
    "0.93",
    "0.91",
    "0.92",
    "0.92",
]


def test_twelve_evaluations_lie_between_aaaa_and_aaaaa_in_one_sentence():
    # Scores 91 ×3, 92 ×6, 93 ×3: mean 92, s = √(6/11) = 0.7385, se = 0.2132,
    # t(0.975, 11) = 2.2010 → 92 ± 0.4693 = 91.53–92.47, shown 91.5–92.5.
    s = score_statistics(assessment(TWELVE))
    texts = [n.text() for n in s.notes]
    assert (
        "以目前 12 份测评，服务特性测评得分的 95% 置信区间为 91.5–92.5，完全位于 AAAA 门槛 90.0 之上、AAAAA 门槛 95.0 之下。"
        in texts
    )
    english = [n.text("en") for n in s.notes]
    assert (
        "With 12 evaluations so far, the 95% confidence interval of the service score is 91.5–92.5, "
        "wholly above the AAAA threshold 90.0 and below the AAAAA threshold 95.0." in english
    )
    assert texts[0] == "统计数字仅供参考：认证等级只由认证方案的规则决定，这些数字不改变等级"
    assert [(t.grade, t.side) for t in s.thresholds] == [
        ("AAA", "above"),
        ("AAAA", "above"),
        ("AAAAA", "below"),
    ]
    # Nearest threshold 90.0: 2.0 points, (92 − 90) / 0.2132 = 9.38 standard errors; nothing to add.
    assert (s.nearest.grade, s.margin_points, round(s.margin_se, 2)) == (
        "AAAA",
        Decimal("2.0"),
        9.38,
    )
    assert s.more_needed == 0 and s.leave_one_out == ()


def test_leave_one_out_asks_the_schemes_rule():
    # Scores 95, 90, 86: mean 90.33 → 90.3, AAAA.  Without E1: 88.0 (AAA); without E2: 90.5;
    # without E3: 92.5 — only E1's removal alone changes the grade.
    a = assessment(["0.95", "0.90", "0.86"])
    assert a.grade == "AAAA"
    s = score_statistics(a)
    assert s.leave_one_out == ("E1",)
    assert "只要去掉其中任何一份，等级就会改变的测评：E1" in [n.text() for n in s.notes]
    assert a.grade == "AAAA"  # statistics change nothing in the result


def test_without_a_grade_there_is_no_leave_one_out():
    assert score_statistics(assessment(["0.95", "0.90"], maturity=False)).leave_one_out is None


def test_one_evaluation_has_no_interval_and_says_how_many_are_needed():
    s = score_statistics(assessment(["0.92"]))
    assert s.sample.interval is None and s.bootstrap is None and s.more_needed is None
    out = statistics_dict(s, "en")
    assert (out["n"], out["interval"], out["sd"]) == (1, None, None)
    assert "at least 1 more evaluation is needed (n ≥ 2)" in out["explanation"][1]["text"]
    assert "至少还需 1 份测评（n ≥ 2）" in score_statistics(assessment(["0.92"])).notes[1].text()


def test_by_source_and_the_difference_between_auditors_and_customers():
    # Auditors 90, 92, 94 (mean 92); customers 84, 85, 86, 89 (mean 86): difference 6.
    a = assessment(
        ["0.90", "0.92", "0.94", "0.84", "0.85", "0.86", "0.89"],
        ["auditor"] * 3 + ["customer"] * 4,
    )
    s = score_statistics(a)
    assert s.by_source["auditor"].mean == 92 and s.by_source["customer"].mean == 86
    assert s.auditor_minus_customer.estimate == 6.0
    out = statistics_dict(s)
    assert out["by_source"]["auditor"]["mean"] == "92.00" and out["by_source"]["customer"]["n"] == 4
    assert out["auditor_minus_customer"]["estimate"] == "6.00"
    # Every item: auditors' mean α 0.92, customers' 0.86 → all differ by 0.06; five are listed.
    assert [d["spread"] for d in out["disagreement"]] == ["0.06"] * 5


def test_the_output_is_drawable_without_recomputing():
    out = statistics_dict(score_statistics(assessment(TWELVE)))
    assert out["advisory"] is True and out["scale"] == {"low": "0", "high": "100"}
    assert out["interval"] == {"low": "91.53", "high": "92.47"}
    assert [t["score"] for t in out["thresholds"]] == ["80.0", "90.0", "95.0"]
    assert out["bootstrap"]["resamples"] == 2000
    assert float(out["bootstrap"]["low"]) < 92 < float(out["bootstrap"]["high"])
