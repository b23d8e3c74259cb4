"""Readable tables of an assessment for the terminal (Chinese first, English on request)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from greencert.core.assessment import Assessment
from greencert.core.checklist import VERDICTS
from greencert.core.grade import level_names

LABELS = {
    "zh-hans": {
        "scheme": "认证方案",
        "service": "服务特性测评",
        "evaluation": "测评",
        "source": "来源",
        "site": "场所",
        "score": "得分",
        "service_score": "服务特性测评得分",
        "characteristic": "服务特性指标",
        "item": "评价内容",
        "weight": "分值",
        "alpha": "平均 α",
        "band": "档次",
        "points": "实际得分",
        "percent": "得分率 %",
        "management": "管理要求审核",
        "clause": "管理要求",
        "level": "成熟度",
        "total": "管理成熟度总分",
        "mgmt_level": "管理水平",
        "conformity": "管理要求符合性审查",
        "passed": "通过",
        "failed": "未通过",
        "grade": "认证等级",
        "none": "不予认证",
        "pending": "暂不确定",
        "explanation": "判定依据",
        "statistics": "统计（仅供参考，等级由认证方案决定）",
        "next": "距下一等级",
        "service_gap": "服务得分需从 {score} 提高到 {required}（差 {gap}；{n} 次测评得分合计还需 +{total_points_needed}）",
        "mgmt_gap": "管理总分需从 {total} 提高到 {required_total}（+{points_needed}），最少提升 {steps} 级：",
        "raise": "条款 {clause}：{from} 级 → {to} 级（+{points} 分）",
        "rate": "评价条款：{ids}",
        "close": "关闭严重不符合项：{ids}",
        "plans": "接受一般不符合项的纠正措施计划：{ids}",
        "top": "已是最高等级。",
        "not_rated": "未评",
        "self": "自我评价（不计入服务特性测评得分，§5.1.2）",
        "self_mean": "自我评价均值（仅供参考）",
        "no_service": "无（没有计入的测评）",
        "audit_qms": "GB/T 19001 质量管理体系审核（§4.2.1、§5.2.1）",
        "audit_specific": "特定管理要求审核（§4.2.2）",
        "absent": "未记录",
        "judged": "已判定 {judged}/{total}",
        "conforms": "符合",
        "minor": "一般不符合",
        "major": "严重不符合",
        "exempted": "免除（§5.2.2）",
        "out_of_scope": "不适用",
        "unjudged": "未判定",
        "refused": "免除无效",
        "no_exemption": "没有免除决定",
        "not_listed": "免除决定未列出",
        "not_valid_at_audit": "审核日期时证书已失效",
        "lapsed": "证书在决定前失效",
        "record_audits": "记录审核结果：{ids}",
        "judge": "判定 {kind} 条款：{ids}",
        "exemptions": "免除无效的条款（重新判定或更正免除决定）：{ids}",
        "record_findings": "为判定为不符合的条款记录不符合项：{ids}",
    },
    "en": {
        "scheme": "Scheme",
        "service": "Service evaluation",
        "evaluation": "Evaluation",
        "source": "Source",
        "site": "Site",
        "score": "Score",
        "service_score": "Service score",
        "characteristic": "Characteristic",
        "item": "Item",
        "weight": "Weight",
        "alpha": "Mean α",
        "band": "Band",
        "points": "Points",
        "percent": "%",
        "management": "Management audit",
        "clause": "Clause",
        "level": "Level",
        "total": "Maturity total",
        "mgmt_level": "Management level",
        "conformity": "Conformity review",
        "passed": "passed",
        "failed": "not passed",
        "grade": "Grade",
        "none": "not certified",
        "pending": "not determined",
        "explanation": "Explanation",
        "statistics": "Statistics (advice only; the scheme decides the grade)",
        "next": "To the next grade",
        "service_gap": "Service score from {score} to {required} ({gap} short; the {n} evaluations together need +{total_points_needed} points)",
        "mgmt_gap": "Maturity total from {total} to {required_total} (+{points_needed}); fewest raises, {steps} level step(s):",
        "raise": "clause {clause}: level {from} → {to} (+{points} points)",
        "rate": "rate clauses: {ids}",
        "close": "close major nonconformities: {ids}",
        "plans": "accept the corrective-action plans of: {ids}",
        "top": "Already the highest grade.",
        "not_rated": "not rated",
        "self": "Self-evaluations (never counted in the service score, §5.1.2)",
        "self_mean": "Self-evaluation mean (for information only)",
        "no_service": "none (no evaluation counts)",
        "audit_qms": "GB/T 19001 quality-management audit (§4.2.1, §5.2.1)",
        "audit_specific": "Specific requirements audit (§4.2.2)",
        "absent": "not recorded",
        "judged": "{judged} of {total} judged",
        "conforms": "conforms",
        "minor": "minor",
        "major": "major",
        "exempted": "exempted (§5.2.2)",
        "out_of_scope": "out of scope",
        "unjudged": "not judged",
        "refused": "exemption does not hold",
        "no_exemption": "no exemption recorded",
        "not_listed": "not listed in the exemption",
        "not_valid_at_audit": "certificate not valid on the audit date",
        "lapsed": "certificate lapses before the decision",
        "record_audits": "record the audits: {ids}",
        "judge": "judge the {kind} rows: {ids}",
        "exemptions": "rows whose exemption does not hold (judge them, or correct the exemption): {ids}",
        "record_findings": "record nonconformities for the rows judged nonconforming: {ids}",
    },
}


def print_assessment(assessment: Assessment, lang: str = "zh-hans", console: Console | None = None):
    console = console or Console(highlight=False)
    t = LABELS[lang]
    scheme = assessment.scheme
    console.print(f"[bold]{t['scheme']}[/]: {scheme.label}  ({scheme.hash[:12]})")
    if assessment.service:
        _print_service(console, assessment, lang)
    elif assessment.self_assessment:
        console.print(f"[bold]{t['service_score']}[/]: {t['no_service']}")
    if assessment.self_assessment:
        _print_self(console, assessment, lang)
    if assessment.management:
        _print_management(console, assessment, lang)
    _print_audits(console, assessment, lang)
    console.print(
        f"[bold]{t['conformity']}[/]: {t['passed'] if assessment.conformity.passed else t['failed']}"
    )
    management = assessment.management
    complete = assessment.service and management and management.complete
    grade = assessment.grade or (t["none"] if complete else t["pending"])
    console.print(f"\n[bold]{t['grade']}: {grade}[/]\n")

    console.print(f"[bold]{t['explanation']}[/]")
    for note in assessment.notes:
        console.print(f"  [{note.rule}] {note.text(lang)}", markup=False)
    if complete:
        _print_next_grade(console, assessment, lang)


def print_statistics(statistics, lang: str = "zh-hans", console: Console | None = None) -> None:
    """The statistics' sentences under their own heading (issue 18): advice beside the result."""
    console = console or Console(highlight=False)
    console.print(f"\n[bold]{LABELS[lang]['statistics']}[/]")
    for note in statistics.notes:
        console.print(f"  {note.text(lang)}", markup=False)


def _print_service(console: Console, assessment: Assessment, lang: str) -> None:
    """The evaluations and their scores, then every characteristic and item (§5.1)."""
    t, en = LABELS[lang], lang == "en"
    service = assessment.service
    table = Table(title=t["service"], box=box.SIMPLE_HEAD)
    for column in (t["evaluation"], t["source"], t["site"], t["score"]):
        table.add_column(column, justify="right" if column == t["score"] else "left")
    for r in service.evaluations:
        e = r.evaluation
        table.add_row(e.id, e.source, e.site, str(r.shown_score))
    console.print(table)

    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(t["item"])
    table.add_column("")
    for key in ("weight", "alpha", "band", "points", "percent"):
        table.add_column(t[key], justify="right")
    columns = ("weight", "mean_alpha", "band", "points", "percent")
    for c in assessment.scheme.characteristics:
        shown = service.characteristics[c.id].shown()
        table.add_row(
            f"[bold]{c.id} {c.name_en if en else c.name}[/]",
            "",
            *(f"[bold]{shown[k]}[/]" for k in columns),
        )
        for item in c.items:
            s = service.items[item.id].shown()
            table.add_row(
                f"  {item.id}", item.aspect_en if en else item.aspect, *(str(s[k]) for k in columns)
            )
    console.print(table)
    console.print(f"[bold]{t['service_score']}[/]: [bold]{service.score}[/]  (n = {service.n})")


def _print_self(console: Console, assessment: Assessment, lang: str) -> None:
    """The organisation's own evaluations, apart: their scores and mean, never the grade's."""
    t, own = LABELS[lang], assessment.self_assessment
    table = Table(title=t["self"], box=box.SIMPLE_HEAD)
    for column in (t["evaluation"], t["site"], t["score"]):
        table.add_column(column, justify="right" if column == t["score"] else "left")
    for r in own.evaluations:
        table.add_row(r.evaluation.id, r.evaluation.site, str(r.shown_score))
    console.print(table)
    console.print(f"[bold]{t['self_mean']}[/]: {own.score}  (n = {own.n})")


def _print_management(console: Console, assessment: Assessment, lang: str) -> None:
    """Each clause's level and points, the total and the management level (§5.2)."""
    t, en = LABELS[lang], lang == "en"
    management = assessment.management
    table = Table(title=t["management"], box=box.SIMPLE_HEAD)
    table.add_column(t["clause"])
    table.add_column("")
    for key in ("weight", "level", "points"):
        table.add_column(t[key], justify="right")
    for cid, r in management.clauses.items():
        table.add_row(
            cid,
            r.clause.title_en if en else r.clause.title,
            str(r.clause.worth),
            str(r.level) if r.level else t["not_rated"],
            str(r.points) if r.points is not None else "—",
        )
    console.print(table)
    zh, en_name = level_names(assessment.scheme, management.level)
    console.print(
        f"[bold]{t['total']}[/]: {management.total}   "
        f"[bold]{t['mgmt_level']}[/]: {en_name if en else zh}"
    )


def _print_audits(console: Console, assessment: Assessment, lang: str) -> None:
    """Each checklist audit: how many rows judged, the verdicts, what is still open (§4.2, §5.2)."""
    t = LABELS[lang]
    conformity = assessment.conformity
    for kind in ("qms", "specific"):
        title = f"[bold]{t['audit_' + kind]}[/]"
        if kind in conformity.absent:
            console.print(f"{title}: {t['absent']}")
        audit = conformity.audits.get(kind)
        if audit is None:
            continue
        judged = t["judged"].format(judged=len(audit.verdicts), total=len(audit.checklist.clauses))
        console.print(f"{title}: {audit.checklist.label}  ({audit.checklist.hash[:12]})  {judged}")
        for verdict in VERDICTS:
            rows = [row for row, v in audit.verdicts.items() if v == verdict]
            if rows and verdict != "conforms":
                console.print(f"  {t[verdict]}: {', '.join(rows)}", markup=False)
            elif rows:
                console.print(f"  {t[verdict]}: {len(rows)}")
        if audit.unjudged:
            console.print(f"  {t['unjudged']}: {', '.join(audit.unjudged)}", markup=False)
        for row, why in audit.refused.items():
            console.print(f"  {t['refused']}: {row} ({t[why]})", markup=False)


def _print_next_grade(console: Console, assessment: Assessment, lang: str) -> None:
    """What the next grade still needs: service points, clause raises, conformity steps."""
    t = LABELS[lang]
    console.print(f"\n[bold]{t['next']}[/]")
    upcoming = assessment.next_grade
    if upcoming is None:
        console.print(f"  {t['top']}")
        return
    console.print(f"  → {upcoming.grade}")
    if upcoming.service:
        console.print("  " + t["service_gap"].format(**upcoming.service))
    if upcoming.management:
        console.print("  " + t["mgmt_gap"].format(**upcoming.management))
        for r in upcoming.management["raises"]:
            console.print("    " + t["raise"].format(**r))
    if upcoming.conformity:
        for key, label in (
            ("rate_clauses", "rate"),
            ("close_major", "close"),
            ("accept_plans", "plans"),
        ):
            if upcoming.conformity[key]:
                console.print("  " + t[label].format(ids=", ".join(upcoming.conformity[key])))
        _print_audit_gap(console, upcoming.conformity, t)


def _print_audit_gap(console: Console, gap: dict, t: dict[str, str]) -> None:
    """The checklist part of the conformity gap (issue 11): audits, rows, exemptions, findings."""
    if gap["record_audits"]:
        console.print("  " + t["record_audits"].format(ids=", ".join(gap["record_audits"])))
    for kind, rows in gap["judge"].items():
        console.print("  " + t["judge"].format(kind=kind, ids=", ".join(rows)), markup=False)
    if gap["exemptions"]:
        rows = ", ".join(f"{row} ({t[why]})" for row, why in gap["exemptions"].items())
        console.print("  " + t["exemptions"].format(ids=rows), markup=False)
    if gap["record_findings"]:
        ids = ", ".join(gap["record_findings"])
        console.print("  " + t["record_findings"].format(ids=ids), markup=False)
