"""Explanations: each rule applied, the clause it comes from and the figures compared.

The core records a :class:`Note` (rule, code, figures) and renders it in
Chinese or English from the catalogue below, so that the command line, the
web pages (whichever language is active) and the reports say the same thing.

>>> Note("§5.3", "grade.none", {}).text("en")
'No grade is reached: not certified.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from greencert.core.statistics.messages import STATISTICS_EACH, STATISTICS_MESSAGES

LANGUAGES = ("zh-hans", "en")
# Notes on how the item/characteristic table reads: shown beside it, not only in the explanation.
FIGURE_NOTES = ("service.band_exact", "service.rounded_apart")

MESSAGES: dict[str, dict[str, str]] = {
    "service.mean": {
        "zh-hans": "服务特性测评得分 = {n} 次测评得分之和 {sum} ÷ {n} = {mean}，四舍五入一次保留 {places} 位小数：{score}",
        "en": "Service score = sum of the {n} evaluation scores {sum} ÷ {n} = {mean}, "
        "rounded once half-up to {places} decimal(s): {score}",
    },
    "service.items": {
        "zh-hans": "每个评价内容的实际得分 = 单项分值 × 体验系数 α；一次测评得分为 {count} 个评价内容实际得分之和（满分 100）",
        "en": "Each item scores its weight × α; an evaluation's score is the sum over its {count} items (100 at most)",
    },
    "service.likert": {
        "zh-hans": "{count} 个评价按李克特等级给出，按方案取该档次上限的 α：{mapping}",
        "en": "{count} rating(s) were given as Likert levels and take the upper bound of their band as α: {mapping}",
    },
    "service.absent": {
        "zh-hans": "没有计入的服务特性测评，无法计算服务特性测评得分",
        "en": "No evaluation counts yet, so there is no service score",
    },
    "service.self_only": {
        "zh-hans": "只有 {n} 次自我评价（来源为组织自己）：自我评价不计入正式的服务特性测评得分，"
        "因此没有服务特性测评得分，也不给出认证等级；自我评价另行计算，均值 {score}，仅供参考",
        "en": "Only {n} self-evaluation(s) (by the organisation itself): self-evaluations never count "
        "in the official service score, so there is no service score and no grade; they are scored "
        "apart, mean {score}, for information only",
    },
    "service.self_apart": {
        "zh-hans": "{n} 次自我评价不计入服务特性测评得分，另行计算：均值 {score}，仅供参考",
        "en": "{n} self-evaluation(s) do not count in the service score; scored apart: mean {score}, "
        "for information only",
    },
    "service.self_predicted": {
        "zh-hans": "自我预测：自我评价按正式测评的同一方法计分，所得等级只是组织自己的预测，"
        "不是认证结果；正式的服务特性测评得分从不计入自我评价",
        "en": "Self-prediction: the self-evaluations are scored by the same method as official ones; "
        "the grade is the organisation's own prediction, not a certification result, and the "
        "official service score never counts self-evaluations",
    },
    "service.band_exact": {
        "zh-hans": "档次按平均 α 的精确值确定，而不是按四舍五入到两位小数的值（那样会落在档次下限上、"
        "读作下一档），因此这些平均 α 显示到四位（截断，“…”表示后面还有）：{figures}",
        "en": "Bands follow the exact mean α, not the mean rounded to 2 decimals (which would sit "
        "on the band's lower edge and read as the band below), so these mean α are shown to 4 "
        "places (cut; “…” means more follows): {figures}",
    },
    "service.rounded_apart": {
        "zh-hans": "每个数值都由精确值分别四舍五入，因此显示的评价内容实际得分相加"
        "可能不等于显示的特性实际得分（特性: 各评价内容 = 和 ≠ 特性）：{figures}",
        "en": "Each figure is rounded on its own from its exact value, so the item points shown "
        "may not add up to the characteristic's points shown (characteristic: items = sum ≠ "
        "characteristic): {figures}",
    },
    "management.total": {
        "zh-hans": "管理成熟度总分：各条款成熟度分值累加 = {total}",
        "en": "Management maturity total: the clause points added up = {total}",
    },
    "management.level": {
        "zh-hans": "总分 {total} 位于 {range}，管理水平为{level}",
        "en": "The total {total} lies in {range}: management level {level_en}",
    },
    "management.disproportion": {
        "zh-hans": "注意：条款评价为{lowest}至{highest}，但分级区间不按比例，总分 {total} 对应{level}",
        "en": "Note: clauses are rated {lowest_en} to {highest_en}, but the bands are not "
        "proportional, so the total {total} gives {level_en}",
    },
    "management.disproportion_uniform": {
        "zh-hans": "注意：全部条款评价为{lowest}，但分级区间不按比例，总分 {total} 对应{level}",
        "en": "Note: every clause is rated {lowest_en}, but the bands are not proportional, so "
        "the total {total} gives {level_en}",
    },
    "management.incomplete": {
        "zh-hans": "尚有 {count} 个条款未评价（{clauses}），全部条款评价后才给出管理水平",
        "en": "{count} clause(s) not yet rated ({clauses}): a level is given once every clause is rated",
    },
    "management.absent": {
        "zh-hans": "没有管理要求审核结果，无法确定管理水平",
        "en": "No management audit was given, so there is no management level",
    },
    "conformity.passed": {
        "zh-hans": "管理要求符合性审查通过：全部条款已评价，无未关闭的严重不符合项，一般不符合项均已接受纠正措施计划",
        "en": "Management conformity review passed: every clause rated, no major nonconformity open, "
        "every open minor one has an accepted corrective-action plan",
    },
    "conformity.unrated": {
        "zh-hans": "符合性审查未通过：{count} 个条款未评价（{clauses}）",
        "en": "Conformity review not passed: {count} clause(s) not rated ({clauses})",
    },
    "conformity.open_major": {
        "zh-hans": "符合性审查未通过：严重不符合项未关闭（{ids}）",
        "en": "Conformity review not passed: major nonconformity not closed ({ids})",
    },
    "conformity.minor_without_plan": {
        "zh-hans": "符合性审查未通过：一般不符合项尚无已接受的纠正措施计划（{ids}）",
        "en": "Conformity review not passed: minor nonconformity without an accepted plan ({ids})",
    },
    "audit.summary": {
        "zh-hans": "{label}：{total} 个条款中已判定 {judged} 个（符合 {conforms}，一般不符合 {minor}，"
        "严重不符合 {major}，免除 {exempted}，不适用 {out_of_scope}）",
        "en": "{label}: {judged} of {total} rows judged (conforms {conforms}, minor {minor}, "
        "major {major}, exempted {exempted}, out of scope {out_of_scope})",
    },
    "audit.exempted": {
        "zh-hans": "按 §5.2.2 免除审核的条款：{clauses}（质量管理体系认证证书有效期至 {expires}，"
        "审核日期 {audit_date}，结果依据日期 {on}，证书在两者均有效）",
        "en": "Exempted under §5.2.2: {clauses} (the quality-management certificate is valid until "
        "{expires}, covering both the audit date {audit_date} and the date relied on {on})",
    },
    "conformity.qms_absent": {
        "zh-hans": "符合性审查未通过：没有 GB/T 19001 质量管理体系审核结果（§4.2.1、§5.2.1）",
        "en": "Conformity review not passed: no GB/T 19001 quality-management audit was recorded "
        "(§4.2.1, §5.2.1)",
    },
    "conformity.specific_absent": {
        "zh-hans": "符合性审查未通过：没有特定管理要求（§4.2.2）的审核结果",
        "en": "Conformity review not passed: no audit of the specific requirements (§4.2.2) was "
        "recorded",
    },
    "conformity.qms_unjudged": {
        "zh-hans": "符合性审查未通过：GB/T 19001 审核尚有 {count} 个条款未判定（{clauses}）",
        "en": "Conformity review not passed: {count} GB/T 19001 row(s) not judged ({clauses})",
    },
    "conformity.specific_unjudged": {
        "zh-hans": "符合性审查未通过：特定管理要求（§4.2.2）尚有 {count} 项未判定（{clauses}）",
        "en": "Conformity review not passed: {count} §4.2.2 requirement(s) not judged ({clauses})",
    },
    "conformity.exemption_no_exemption": {
        "zh-hans": "符合性审查未通过：条款 {clauses} 判定为免除，但没有记录 §5.2.2 的免除决定",
        "en": "Conformity review not passed: {clauses} judged exempted, but no §5.2.2 exemption "
        "was recorded",
    },
    "conformity.exemption_not_listed": {
        "zh-hans": "符合性审查未通过：条款 {clauses} 判定为免除，但 §5.2.2 的免除决定未列出这些条款",
        "en": "Conformity review not passed: {clauses} judged exempted, but the §5.2.2 exemption "
        "does not list them",
    },
    "conformity.exemption_not_valid_at_audit": {
        "zh-hans": "符合性审查未通过：条款 {clauses} 的免除无效：质量管理体系认证证书有效期至 {expires}，"
        "审核日期 {audit_date} 时已失效（§5.2.2 要求持有有效证书）",
        "en": "Conformity review not passed: the exemption of {clauses} does not hold: the "
        "quality-management certificate expired on {expires}, before the audit date {audit_date} "
        "(§5.2.2 asks for a valid certificate)",
    },
    "conformity.exemption_lapsed": {
        "zh-hans": "符合性审查未通过：条款 {clauses} 的免除无效：质量管理体系认证证书有效期至 {expires}，"
        "在结果依据日期 {on} 之前失效",
        "en": "Conformity review not passed: the exemption of {clauses} does not hold: the "
        "quality-management certificate lapses on {expires}, before the date relied on {on}",
    },
    # The §5.2.2 exemption on its own (the report's exemption record), whatever rows rely on it.
    "exemption.valid": {
        "zh-hans": "免除有效：质量管理体系认证证书有效期至 {expires}，在审核日期 {audit_date} 和结果依据日期 "
        "{on} 均有效（§5.2.2）",
        "en": "The exemption holds: the quality-management certificate is valid until {expires}, "
        "on the audit date {audit_date} and on the date relied on {on} (§5.2.2)",
    },
    "exemption.not_valid_at_audit": {
        "zh-hans": "免除无效：质量管理体系认证证书已于 {expires} 失效，早于审核日期 {audit_date}"
        "（§5.2.2 要求持有有效证书）",
        "en": "The exemption does not hold: the quality-management certificate expired on "
        "{expires}, before the audit date {audit_date} (§5.2.2 asks for a valid certificate)",
    },
    "exemption.lapsed": {
        "zh-hans": "免除无效：质量管理体系认证证书于 {expires} 失效，早于结果依据日期 {on}"
        "（认证决定日，未决定时为当天）；被免除的条款须审核（§5.2.2）",
        "en": "The exemption does not hold: the quality-management certificate lapsed on {expires}, "
        "before the date relied on {on} (the decision's, or today while undecided); the exempted "
        "clauses must be audited (§5.2.2)",
    },
    "conformity.finding_uncited": {
        "zh-hans": "符合性审查未通过：判定为不符合的条款没有不符合项记录，按未关闭处理（{rows}）",
        "en": "Conformity review not passed: rows judged nonconforming have no nonconformity "
        "record and count as open ({rows_en})",
    },
    "grade.awarded": {
        "zh-hans": "{grade}：服务得分 {score} ≥ {min_service}，管理水平{level} ≥ {min_level}，"
        "符合性审查通过 → {grade}",
        "en": "{grade}: service score {score} ≥ {min_service}, management level {level_en} ≥ "
        "{min_level_en}, conformity passed → {grade}",
    },
    "grade.blocked_service": {
        "zh-hans": "未达到 {grade}：服务得分 {score} < {min_service}",
        "en": "{grade} not reached: service score {score} < {min_service}",
    },
    "grade.blocked_level": {
        "zh-hans": "未达到 {grade}：管理水平{level} 低于{min_level}",
        "en": "{grade} not reached: management level {level_en} is below {min_level_en}",
    },
    "grade.blocked_conformity": {
        "zh-hans": "未达到 {grade}：未通过管理要求符合性审查",
        "en": "{grade} not reached: the management conformity review is not passed",
    },
    "grade.none": {
        "zh-hans": "未达到任何等级：不予认证。",
        "en": "No grade is reached: not certified.",
    },
    "grade.incomplete": {
        "zh-hans": "服务特性测评与管理要求审核都完成后才给出认证等级",
        "en": "A grade is given once both the service evaluation and the management audit are complete",
    },
    **STATISTICS_MESSAGES,
}

# How one entry of a listed figure reads (code → figure → language → template), when the
# entries are dicts: e.g. each straddled threshold, "AAAA 门槛 90.0" / "the AAAA threshold 90.0".
EACH: dict[str, dict[str, dict[str, str]]] = {**STATISTICS_EACH}


# How the scheme's Chinese clause references read in English (the § numbers read alike).
RULE_WORDS_EN = (
    (re.compile(r"附录\s*(\d+)"), r"Appendix \1"),
    (re.compile(r"说明\s*(\d+)"), r"note \1"),
)


def rule_text(rule: str, lang: str = "zh-hans") -> str:
    """A note's rule (the clause it applies) as a reader of *lang* names it.

    >>> rule_text("附录3 说明2", "en")
    'Appendix 3 note 2'
    >>> rule_text("附录1 / §5.1.1", "zh-hans")
    '附录1 / §5.1.1'
    """
    if lang != "en":
        return rule
    for pattern, words in RULE_WORDS_EN:
        rule = pattern.sub(words, rule)
    return rule


def series(words: list[str], lang: str = "zh-hans") -> str:
    """*words* listed as a reader of *lang* lists them: in Chinese with the enumeration comma
    and 和 before the last (a space beside 和 only where it meets Latin letters or figures),
    in English with commas and "and".

    >>> series(["AAAA 门槛 90.0", "AAAAA 门槛 95.0"]), series(["张三", "李四", "王五"])
    ('AAAA 门槛 90.0 和 AAAAA 门槛 95.0', '张三、李四和王五')
    >>> series(["E1", "E2", "E3"], "en"), series(["E1"], "en")
    ('E1, E2 and E3', 'E1')
    """
    if len(words) < 2:
        return "".join(words)
    head, last = words[:-1], words[-1]
    if lang == "en":
        return f"{', '.join(head)} and {last}"
    first = "、".join(head)
    before = " " if first[-1].isascii() else ""
    after = " " if last[0].isascii() else ""
    return f"{first}{before}和{after}{last}"


@dataclass(frozen=True)
class Note:
    """One step of an explanation: the rule (clause of the scheme), what was found, the figures.

    A figure is a string, or a list (of strings, or of dicts of strings) that the sentence
    lists in the reader's language (:func:`series`): the figures stay data, the same in either
    language, and a list of dicts is worded one by one by the code's templates in :data:`EACH`.

    >>> Note("§5.3", "statistics.leave_one_out", {"ids": ["E1", "E2"]}).text("en")
    'Evaluations whose removal alone would change the grade: E1 and E2'
    """

    rule: str
    code: str
    figures: dict[str, str | list] = field(default_factory=dict)

    def text(self, lang: str = "zh-hans") -> str:
        templates = MESSAGES[self.code]
        template = templates.get(lang) or templates["zh-hans"]
        each = EACH.get(self.code, {})
        worded = {
            name: self._listed(value, each.get(name), lang)
            if isinstance(value, list | tuple)
            else value
            for name, value in self.figures.items()
        }
        return template.format(**worded)

    @staticmethod
    def _listed(values, each: dict | None, lang: str) -> str:
        words = [
            (each.get(lang) or each["zh-hans"]).format(**value)
            if isinstance(value, dict)
            else value
            for value in values
        ]
        return series(words, lang)

    def as_dict(self, lang: str = "zh-hans") -> dict:
        return {
            "rule": self.rule,
            "code": self.code,
            "text": self.text(lang),
            "figures": self.figures,
        }
