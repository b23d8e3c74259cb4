"""The one sentence shown beside the interval drawn (issue 18 §3), on small cases worked by hand.

Every evaluation rates every item at the same α, so its score is 100 α (RULES.md §1); the
scheme's thresholds are AAA 80.0, AAAA 90.0, AAAAA 95.0; the score has one decimal.
t(0.975, 2) = 4.302653 (tables).
"""

from __future__ import annotations

from dataclasses import replace

from greencert.core.assessment import assess
from greencert.core.statistics.output import statistics_dict
from greencert.core.statistics.score_statistics import score_statistics
from greencert.core.statistics.wording import headline
from tests.core.test_score_statistics import assessment


def sentence(alphas, lang="zh-hans") -> str:
    return headline(score_statistics(assessment(alphas))).text(lang)


def test_one_evaluation_has_no_interval_and_says_how_many_are_needed():
    assert sentence(["0.92"]) == (
        "只有 1 份测评，看不出测评之间的差异，无法给出置信区间：至少还需 1 份测评（n ≥ 2）"
    )
    assert "at least 1 more evaluation is needed (n ≥ 2)" in sentence(["0.92"], "en")


def test_three_evaluations_straddling_aaaa():
    # 90, 91, 92: mean 91, s = 1, se = 1/√3 = 0.57735; 91 ± 4.302653 × 0.57735 = 91 ± 2.4841
    # → 88.516–93.484, shown 88.5–93.5: across 90.0, wholly below 95.0 and above 80.0.
    assert sentence(["0.90", "0.91", "0.92"]) == (
        "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 88.5–93.5，跨过 AAAA 门槛 90.0："
        "现有测评还不能说明得分落在门槛的哪一侧。"
    )
    assert sentence(["0.90", "0.91", "0.92"], "en") == (
        "With 3 evaluations so far, the 95% confidence interval of the service score is "
        "88.5–93.5, across the AAAA threshold 90.0: the evaluations so far cannot tell on which "
        "side the score lies."
    )


def test_all_equal_is_an_interval_of_no_width_between_two_thresholds():
    # 92, 92, 92: s = 0, so the interval is 92.0–92.0: above 90.0 and below 95.0.
    assert sentence(["0.92"] * 3) == (
        "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 92.0–92.0，"
        "完全位于 AAAA 门槛 90.0 之上、AAAAA 门槛 95.0 之下。"
    )


def test_above_the_top_threshold_names_it_alone_and_shows_the_interval_within_100():
    # 97, 98, 99: 98 ± 2.4841 → 95.516–100.484: a score cannot pass 100, so it is shown
    # 95.5–100.0, and the sentence says the t interval's end 100.5 was cut: wholly above 95.0.
    assert sentence(["0.97", "0.98", "0.99"]) == (
        "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 95.5–100.0"
        "（t 区间上端 100.5 超出评分上限 100，已截至 100），完全位于 AAAAA 门槛 95.0 之上。"
    )
    assert sentence(["0.97", "0.98", "0.99"], "en") == (
        "With 3 evaluations so far, the 95% confidence interval of the service score is "
        "95.5–100.0 (the t interval's upper end 100.5 lies above the highest score 100, so it "
        "is shown cut at 100), wholly above the AAAAA threshold 95.0."
    )


def test_two_thresholds_straddled_are_listed_as_each_language_lists():
    # 88, 92, 96: mean 92, s = 4, se = 4/√3 = 2.3094; 92 ± 4.302653 × 2.3094 = 92 ± 9.9366
    # → 82.063–101.937: shown 82.1–100.0 (cut at 100), above 80.0, across 90.0 and 95.0.
    assert sentence(["0.88", "0.92", "0.96"]) == (
        "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 82.1–100.0"
        "（t 区间上端 101.9 超出评分上限 100，已截至 100），"
        "跨过 AAAA 门槛 90.0 和 AAAAA 门槛 95.0：现有测评还不能说明得分落在门槛的哪一侧。"
    )
    assert sentence(["0.88", "0.92", "0.96"], "en") == (
        "With 3 evaluations so far, the 95% confidence interval of the service score is "
        "82.1–100.0 (the t interval's upper end 101.9 lies above the highest score 100, so it "
        "is shown cut at 100), across the AAAA threshold 90.0 and the AAAAA threshold 95.0: "
        "the evaluations so far cannot tell on which side the score lies."
    )


def test_an_interval_past_both_ends_is_shown_as_the_whole_scale():
    # 0 and 100: mean 50, s = 70.711, se = 50; t(0.975, 1) = 12.706205 → 50 ± 635.31
    # → −585.31–685.31, shown 0.0–100.0: across all three thresholds.
    assert sentence(["0.00", "1.00"]) == (
        "以目前 2 份测评，服务特性测评得分的 95% 置信区间为 0.0–100.0"
        "（t 区间 -585.3–685.3 两端都超出评分范围 0–100，已截至范围以内），"
        "跨过 AAA 门槛 80.0、AAAA 门槛 90.0 和 AAAAA 门槛 95.0：现有测评还不能说明得分落在门槛的哪一侧。"
    )
    assert "across the AAA threshold 80.0, the AAAA threshold 90.0 and the AAAAA" in sentence(
        ["0.00", "1.00"], "en"
    )


def test_the_json_keeps_the_t_interval_and_gives_the_one_shown_beside_it():
    out = statistics_dict(score_statistics(assessment(["0.97", "0.98", "0.99"])))
    assert out["interval"] == {"low": "95.52", "high": "100.48"}  # 98 ± 2.4841
    assert out["interval_shown"] == {"low": "95.52", "high": "100.00"}
    # Placed by the interval shown: wholly above 95.0, as the sentence says.
    assert [t["side"] for t in out["thresholds"]] == ["above", "above", "above"]
    # Auditors 97, 98, 99 are the whole sample: the same pair for the source.
    auditors = out["by_source"]["auditor"]
    assert (
        auditors["interval"]["high"] == "100.48" and auditors["interval_shown"]["high"] == "100.00"
    )
    # 100.48 shows as 100.5 at the score's one decimal: past 100, cut, as the sentence says.
    assert out["cut"] == ["high"] and auditors["cut"] == ["high"]


def test_a_sources_interval_is_shown_within_100_and_says_so():
    # Auditors 90, 92: mean 91, s = √2, se = 1; 91 ± 12.706205 → 78.29–103.71.
    s = score_statistics(
        assessment(["0.90", "0.92", "0.91", "0.95"], sources=["auditor"] * 2 + ["customer"] * 2)
    )
    texts = [n.text() for n in s.notes]
    assert (
        "审核员：2 份，均值 91.00，95% 区间 78.29–100.00（t 区间上端 103.71 超出评分上限 100，已截至 100）"
        in texts
    )


def test_lists_in_notes_read_as_each_language_lists():
    # 95, 95, 80: mean 90.0, AAAA.  Without E1 or E2: 87.5 (AAA); without E3: 95.0 (AAAAA at
    # management level 4): each alone changes the grade.
    s = score_statistics(assessment(["0.95", "0.95", "0.80"]))
    note = next(n for n in s.notes if n.code == "statistics.leave_one_out")
    assert note.figures["ids"] == ["E1", "E2", "E3"]  # data, the same in either language
    assert note.text().endswith("：E1、E2 和 E3")
    assert note.text("en").endswith(": E1, E2 and E3")
    # Auditors 90, 92 against customers 91, 95: every item's mean α 0.91 against 0.93, so the
    # first five items of the scheme differ by 0.02 each.
    s = score_statistics(
        assessment(["0.90", "0.92", "0.91", "0.95"], sources=["auditor"] * 2 + ["customer"] * 2)
    )
    note = next(n for n in s.notes if n.code == "statistics.disagreement")
    assert note.text().endswith(
        "：1.1（0.02）、1.2（0.02）、1.3（0.02）、2.1（0.02）和 2.2（0.02）"
    )
    assert note.text("en").endswith(
        ": 1.1 (0.02), 1.2 (0.02), 1.3 (0.02), 2.1 (0.02) and 2.2 (0.02)"
    )


def test_the_json_carries_the_sentence_in_its_language():
    s = score_statistics(assessment(["0.90", "0.91", "0.92"]))
    assert statistics_dict(s, "en")["sentence"].startswith("With 3 evaluations so far")
    assert statistics_dict(s)["sentence"].startswith("以目前 3 份测评")


def test_agreement_without_resampling_keeps_the_values_and_the_flag():
    # Three raters of one site, each giving every item one value (0.90, 0.91, 0.92): the items
    # do not differ, the raters do, so alpha is below 0.67 (worked in tests/web/certification/
    # test_interval_shown); without resampling, the same values and no intervals.
    a = assessment(["0.90", "0.91", "0.92"], site="S")
    raters = [
        replace(e, evaluator=name) for e, name in zip(a.input.evaluations, "ABC", strict=True)
    ]
    a = assess(a.scheme, replace(a.input, evaluations=tuple(raters)))
    full = score_statistics(a)
    light = score_statistics(a, agreement_resamples=0)
    assert light.sample == full.sample and light.bootstrap == full.bootstrap
    (f,), (li,) = full.agreement, light.agreement
    assert li.alpha_interval.value == f.alpha_interval.value < 0.67
    agreement = next(n for n in full.notes if n.code == "statistics.agreement")
    assert "3 位评价人（A、B 和 C）" in agreement.text()
    assert "3 raters (A, B and C)" in agreement.text("en")
    assert li.low and f.low
    assert f.alpha_interval.interval is not None
    assert li.alpha_interval.interval is None and li.icc.interval is None
