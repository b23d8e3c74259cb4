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
        "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 88.5–93.5，跨过 AAAA 90.0："
        "现有测评还不能说明得分落在门槛的哪一侧。"
    )
    assert sentence(["0.90", "0.91", "0.92"], "en") == (
        "With 3 evaluations so far, the 95% confidence interval of the service score is "
        "88.5–93.5, across AAAA 90.0: the evaluations so far cannot tell on which side of it "
        "the score lies."
    )


def test_all_equal_is_an_interval_of_no_width_between_two_thresholds():
    # 92, 92, 92: s = 0, so the interval is 92.0–92.0: above 90.0 and below 95.0.
    assert sentence(["0.92"] * 3) == (
        "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 92.0–92.0，"
        "完全位于 AAAA 门槛 90.0 之上、AAAAA 门槛 95.0 之下。"
    )


def test_above_the_top_threshold_names_it_alone():
    # 97, 98, 99: 98 ± 2.4841 → 95.516–100.484, shown 95.5–100.5: wholly above 95.0.
    assert sentence(["0.97", "0.98", "0.99"]) == (
        "以目前 3 份测评，服务特性测评得分的 95% 置信区间为 95.5–100.5，"
        "完全位于 AAAAA 门槛 95.0 之上。"
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
    assert li.low and f.low
    assert f.alpha_interval.interval is not None
    assert li.alpha_interval.interval is None and li.icc.interval is None
