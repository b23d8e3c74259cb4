"""The statistics' sentences, in Chinese and English (codes ``statistics.*``; see
:class:`greencert.core.explanation.Note`, which renders them).

An interval shown to people lies within the score's scale 0–100; where Student's t interval
runs past an end, the sentence shows it cut there and says so: each sentence that shows an
interval has a variant per cut (``_cut_high``, ``_cut_low``, ``_cut_both``) whose figures add
the t interval's own ends (``t_low``, ``t_high``) and the scale's (``bottom``, ``top``).
"""

from __future__ import annotations

_SURE = "以目前 {n} 份测评，服务特性测评得分的 95% 置信区间为 {low}–{high}{cut}，"
_SURE_EN = (
    "With {n} evaluations so far, the 95% confidence interval of the service score is "
    "{low}–{high}{cut}"
)
# What is said where the t interval is shown cut at the scale's end: by the suffix of the code.
CUTS: dict[str, tuple[str, str]] = {
    "": ("", ""),
    "_cut_high": (
        "（t 区间上端 {t_high} 超出评分上限 {top}，已截至 {top}）",
        " (the t interval's upper end {t_high} lies above the highest score {top}, so it is "
        "shown cut at {top})",
    ),
    "_cut_low": (
        "（t 区间下端 {t_low} 低于评分下限 {bottom}，已截至 {bottom}）",
        " (the t interval's lower end {t_low} lies below the lowest score {bottom}, so it is "
        "shown cut at {bottom})",
    ),
    "_cut_both": (
        "（t 区间 {t_low}–{t_high} 两端都超出评分范围 {bottom}–{top}，已截至范围以内）",
        " (the t interval {t_low}–{t_high} runs past both ends of the score's range "
        "{bottom}–{top}, so it is shown cut at both)",
    ),
}


def _with_cuts(code: str, zh: str, en: str) -> dict[str, dict[str, str]]:
    """The sentence *code* and its variants for each cut, ``{cut}`` filled in."""
    return {
        code + suffix: {"zh-hans": zh.replace("{cut}", cut_zh), "en": en.replace("{cut}", cut_en)}
        for suffix, (cut_zh, cut_en) in CUTS.items()
    }


STATISTICS_MESSAGES: dict[str, dict[str, str]] = {
    "statistics.advisory": {
        "zh-hans": "统计数字仅供参考：认证等级只由认证方案的规则决定，这些数字不改变等级",
        "en": "Statistics advise; the scheme decides: these figures never change a grade",
    },
    "statistics.single": {
        "zh-hans": "只有 1 份测评，看不出测评之间的差异，无法给出置信区间：至少还需 1 份测评（n ≥ 2）",
        "en": "Only 1 evaluation: there is no spread to measure, so no confidence interval; "
        "at least 1 more evaluation is needed (n ≥ 2)",
    },
    "statistics.spread": {
        "zh-hans": "{n} 份测评得分的均值 {mean}，标准差 {sd}，标准误 {se}",
        "en": "The {n} evaluation scores: mean {mean}, standard deviation {sd}, standard error {se}",
    },
    **_with_cuts(
        "statistics.between",
        _SURE + "完全位于 {below_grade} 门槛 {below} 之上、{above_grade} 门槛 {above} 之下。",
        _SURE_EN + ", wholly above the {below_grade} threshold {below} and below the "
        "{above_grade} threshold {above}.",
    ),
    **_with_cuts(
        "statistics.above",
        _SURE + "完全位于 {below_grade} 门槛 {below} 之上。",
        _SURE_EN + ", wholly above the {below_grade} threshold {below}.",
    ),
    **_with_cuts(
        "statistics.below",
        _SURE + "完全位于 {above_grade} 门槛 {above} 之下。",
        _SURE_EN + ", wholly below the {above_grade} threshold {above}.",
    ),
    **_with_cuts(
        "statistics.straddles",
        _SURE + "跨过 {thresholds}：现有测评还不能说明得分落在门槛的哪一侧。",
        _SURE_EN + ", across {thresholds}: the evaluations so far cannot tell on which side "
        "the score lies.",
    ),
    "statistics.bootstrap": {
        "zh-hans": "自助法（{resamples} 次重抽样，固定种子）的 95% 区间为 {low}–{high}",
        "en": "The bootstrap 95% interval ({resamples} resamples, fixed seed) is {low}–{high}",
    },
    "statistics.margin": {
        "zh-hans": "得分 {score} 距最近的门槛（{grade} {threshold}）{points} 分，约 {se} 个标准误",
        "en": "The score {score} is {points} points from the nearest threshold ({grade} "
        "{threshold}), about {se} standard errors",
    },
    "statistics.more_needed": {
        "zh-hans": "按目前的均值与离散程度，再增加 {more} 份测评，区间即可完全落在 {grade} 门槛 "
        "{threshold} 的一侧",
        "en": "At the present mean and spread, {more} more evaluations would place the interval "
        "wholly on one side of the {grade} threshold {threshold}",
    },
    "statistics.none_can": {
        "zh-hans": "均值恰在 {grade} 门槛 {threshold} 的边界上，增加测评也不能使区间落在门槛一侧",
        "en": "The mean sits on the edge of the {grade} threshold {threshold}: no number of "
        "further evaluations can place the interval on one side of it",
    },
    "statistics.leave_one_out": {
        "zh-hans": "只要去掉其中任何一份，等级就会改变的测评：{ids}",
        "en": "Evaluations whose removal alone would change the grade: {ids}",
    },
    "statistics.leave_one_out_none": {
        "zh-hans": "去掉任何一份测评都不会改变等级",
        "en": "Removing any single evaluation would not change the grade",
    },
    **_with_cuts(
        "statistics.source",
        "{source}：{n} 份，均值 {mean}，95% 区间 {low}–{high}{cut}",
        "{source_en}: {n}, mean {mean}, 95% interval {low}–{high}{cut}",
    ),
    "statistics.source_single": {
        "zh-hans": "{source}：{n} 份，均值 {mean}（不足 2 份，无区间）",
        "en": "{source_en}: {n}, mean {mean} (fewer than 2, no interval)",
    },
    "statistics.difference": {
        "zh-hans": "审核员均值减顾客均值 = {difference}，95% 区间（Welch）{low}–{high}",
        "en": "Auditors' mean minus customers' mean = {difference}, 95% interval (Welch) "
        "{low}–{high}",
    },
    "statistics.disagreement": {
        "zh-hans": "各来源平均 α 相差最大的评价内容（差值）：{items}",
        "en": "Items whose mean α differs most between sources (difference): {items}",
    },
    "statistics.agreement": {
        "zh-hans": "场所“{site}”的 {count} 位评价人（{raters}）之间的一致性：Krippendorff α"
        "（α，等距）{alpha}，（李克特等级，顺序）{ordinal}；ICC(2,1) {icc}",
        "en": "Agreement between the {count} raters ({raters}) of site “{site}”: Krippendorff's "
        "alpha (α, interval) {alpha}, (Likert level, ordinal) {ordinal}; ICC(2,1) {icc}",
    },
    # The flag: its own figures, then who rated, each a sentence (shown on its own to staff).
    "statistics.agreement_low": {
        "zh-hans": "场所“{site}”的评价人之间一致性偏低：Krippendorff α（α，等距）{alpha}，"
        "低于 0.67；ICC(2,1) {icc}。请技术评审关注。评价人：{raters}。",
        "en": "Low agreement between the raters of site “{site}”: Krippendorff's alpha "
        "(α, interval) {alpha}, below 0.67; ICC(2,1) {icc}. For the technical reviewer's "
        "attention. Raters: {raters}.",
    },
}

SOURCE_NAMES = {
    "auditor": ("审核员", "Auditors"),
    "mystery_shopper": ("神秘顾客", "Mystery shoppers"),
    "customer": ("顾客", "Customers"),
}

# How one entry of a listed figure reads (see :data:`greencert.core.explanation.EACH`).
STATISTICS_EACH: dict[str, dict[str, dict[str, str]]] = {
    **{
        "statistics.straddles" + suffix: {
            "thresholds": {"zh-hans": "{grade} 门槛 {score}", "en": "the {grade} threshold {score}"}
        }
        for suffix in CUTS
    },
    "statistics.disagreement": {
        "items": {"zh-hans": "{item}（{spread}）", "en": "{item} ({spread})"}
    },
}
