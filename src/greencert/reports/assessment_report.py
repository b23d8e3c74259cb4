"""The assessment report (绿色产品服务认证评价报告), A4 portrait, in Chinese.

One code path for every caller: the input is an ``Assessment.as_dict()``
result (the live result from the command line, or the ``result`` JSON a
frozen snapshot stored) plus a *context* of what the result does not hold:

``organisation``, ``address``, ``scope``, ``sites`` (list of text), ``qms``
(list of text: GB/T 19001 certificates and their §5.2.2 exemption decisions),
``project_code``, ``date``, ``team`` ([{"name", "role"}]),
``nonconformities`` ([{"id", "reference", "severity", "status", "description"}]; "reference"
names what it cites, e.g. "GB/T 19001 8.5.1 生产和服务提供的控制"; a bare "clause" is also read),
``blueprints`` ([{"site", "service", "blueprint"}]: §4.2.2 2)① service blueprints,
each as the plain data of :class:`greencert.core.blueprint.Blueprint`),
``checklist_rows``, ``exemption``, ``exemption_problem`` (the management-system audit: see
:mod:`greencert.reports.audit_section`),
``statistics`` (how sure the service score is, issue 18: see
:func:`greencert.reports.adapters.statistics_entry`; advice, drawn and worded as given),
``signatures`` ({"team_leader", "reviewer", "decision_maker"}: names) and
``draft`` (bool: stamp 草稿 on every page; default true).

Every figure printed is the result's own figure string; nothing is
recomputed here.  The scheme is looked up only for names and labels.
"""

from __future__ import annotations

import datetime
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from greencert.core.explanation import FIGURE_NOTES
from greencert.core.level_wording import level_wording
from greencert.core.registry import get_scheme
from greencert.core.scheme import Scheme
from greencert.reports.audit_section import audit_flowables
from greencert.reports.blueprint_pdf import blueprint_flowables
from greencert.reports.charts import clause_bars, interval, radar
from greencert.reports.interval_chart import IntervalLabels
from greencert.reports.pdfbase import (
    PALE,
    PageFurniture,
    Styles,
    grid_table,
    styles,
)
from greencert.reports.text import (
    NC_STATUSES,
    ROLES,
    SEVERITIES,
    SOURCES,
    date_zh,
    label,
    markup,
    nfc,
)

INTERVAL_HEADING = (
    "服务特性测评得分的 95% 置信区间 The 95% confidence interval of the service score"
)
INTERVAL_LABELS = IntervalLabels(
    title=INTERVAL_HEADING,
    score="得分与 95% t 区间 Score and 95% t interval",
    bootstrap="自助法 95% 区间 Bootstrap 95% interval",
    # The web page's names of the sources (Evaluation.Source), as a row of many evaluations.
    sources={
        source: f"{SOURCES[source]} {english}"
        for source, english in (
            ("auditor", "Auditors"),
            ("mystery_shopper", "Mystery shoppers"),
            ("customer", "Customers"),
        )
    },
    single="只有 1 份测评，无置信区间 Only 1 evaluation: no interval",
)
TITLE = "绿色产品服务认证评价报告"
TITLE_EN = "Green product service certification — assessment report"
BLANK = "________________"


def scheme_of(result: dict) -> Scheme:
    identity = result["scheme"]
    return get_scheme(f"{identity['code']} {identity['version']}")


def build_assessment_report(result: dict, context: dict | None = None) -> bytes:
    """The report as PDF bytes. Raises FontMissing without a usable Chinese font."""
    context = dict(context or {})
    st = styles()
    scheme = scheme_of(result)
    report = _Report(result, context, scheme, st)
    buffer = io.BytesIO()
    draft = bool(context.get("draft", True))
    project = nfc(context.get("project_code"))
    footer = f"{TITLE}  {project}  {scheme.label}".strip()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=nfc(f"{TITLE} {nfc(context.get('organisation'))}".strip()),
        author=nfc(scheme.issuer),
        subject=TITLE_EN,
        initialFontName=st.font,
    )
    furniture = PageFurniture(st.font, footer, draft)
    doc.build(report.story(), onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


class _Report:
    def __init__(self, result: dict, context: dict, scheme: Scheme, st: Styles):
        self.r, self.c, self.scheme, self.st = result, context, scheme, st
        self.width = A4[0] - 36 * mm

    def p(self, text: str, style=None) -> Paragraph:
        """A paragraph of markup already escaped by the caller."""
        return Paragraph(text, style or self.st.body)

    def cell(self, value: object, bold: bool = False) -> Paragraph:
        return Paragraph(markup(value), self.st.cell_bold if bold else self.st.cell)

    def story(self) -> list:
        return [
            *self.cover(),
            PageBreak(),
            *self.organisation(),
            *self.team_and_method(),
            *self.service(),
            *self.management(),
            *self.audits(),
            *self.blueprints(),
            *self.nonconformities(),
            *self.outcome(),
            *self.signatures(),
        ]

    # -- cover -------------------------------------------------------------

    def cover(self) -> list:
        st, c, scheme = self.st, self.c, self.scheme
        identity = self.r["scheme"]
        day = c.get("date") or datetime.date.today()
        facts = [
            ("受评组织 Organisation", c.get("organisation")),
            ("认证范围 Scope", c.get("scope")),
            ("项目编号 Project", c.get("project_code")),
            (
                "认证方案 Scheme",
                f"{identity['code']} {identity['version']}（{identity['hash'][:12]}）",
            ),
            ("报告日期 Date", date_zh(day)),
        ]
        rows = [[self.cell(k), self.cell(v)] for k, v in facts]
        table = grid_table(rows, [45 * mm, self.width - 45 * mm], st.font, header=False)
        return [
            Spacer(1, 35 * mm),
            self.p(markup(scheme.issuer), st.subtitle),
            Spacer(1, 8 * mm),
            self.p(TITLE, st.title),
            self.p(TITLE_EN, st.subtitle),
            Spacer(1, 25 * mm),
            table,
        ]

    # -- organisation, team, method ----------------------------------------

    def organisation(self) -> list:
        c = self.c
        sites = c.get("sites") or []
        facts = [
            ("组织名称 Organisation", c.get("organisation")),
            ("地址 Address", c.get("address")),
            ("认证范围 Scope", c.get("scope")),
            ("服务场所 Sites", "\n".join(nfc(s) for s in sites)),
            ("项目编号 Project", c.get("project_code")),
            # §5.2.2: a valid GB/T 19001 certificate may exempt part of the generic QMS audit.
            ("GB/T 19001 与豁免 QMS, §5.2.2", "\n".join(c.get("qms") or []) or "无 None"),
        ]
        rows = [[self.cell(k), self.cell(v)] for k, v in facts]
        return [
            self.p("一、组织与认证范围 Organisation and scope", self.st.h1),
            grid_table(rows, [45 * mm, self.width - 45 * mm], self.st.font, header=False),
        ]

    def team_and_method(self) -> list:
        st, scheme = self.st, self.scheme
        team = self.c.get("team") or []
        out = [self.p("二、评价组与评价方法 Team and method", st.h1)]
        if team:
            rows = [[self.cell("姓名 Name"), self.cell("角色 Role")]]
            rows += [
                [self.cell(m.get("name")), self.cell(label(ROLES, m.get("role")))] for m in team
            ]
            out.append(grid_table(rows, [60 * mm, 70 * mm], st.font))
        else:
            out.append(self.p("评价组：未提供 (team not given)"))
        n_items, n_clauses = len(scheme.items), len(scheme.clauses)
        places = scheme.service_score_places
        method = (
            f"服务特性测评（§5.1）：每次测评对 {n_items} 项评价内容给出体验系数 α（0–1，或李克特五点量表），"
            "单项实际得分 = 单项分值 × α，单次测评得分为各项实际得分之和；服务特性测评得分为全部计入测评得分的"
            f"算术平均值（§5.1.2；组织的自我评价不计入，另行列出），四舍五入一次保留 {places} 位小数；"
            "评价内容与服务特性指标的档次按平均 α 的精确值确定。"
            f"管理要求审核（§5.2）：审核员对 {n_clauses} 条管理要求参照 GB/T 19004-2011 成熟度模型（§5.2.5）"
            "评定一至五级，"
            "按附录3 计分并累加为管理成熟度总分，由总分区间确定管理水平。"
            "认证等级按 §5.3 由服务特性测评得分、管理水平和管理要求符合性审查共同确定。"
        )
        out += [Spacer(1, 3 * mm), self.p(method)]
        return out

    # -- service -----------------------------------------------------------

    def service(self) -> list:
        st = self.st
        service = self.r.get("service")
        out = [self.p("三、服务特性测评结果 Service evaluation (§5.1)", st.h1)]
        if not service:
            return [
                *out,
                self.p("没有计入的服务特性测评。No evaluation counts yet."),
                *self.self_evaluations(),
            ]
        out.append(
            self.p(
                f"服务特性测评得分 Service score：<b>{markup(service['score'])}</b>"
                f"（n = {markup(service['n'])} 次测评 evaluations）",
                st.h2,
            )
        )
        out.append(self.figures_table(service))
        out += self.figure_notes()
        labels = [f"{ch.id} {ch.name}" for ch in self.scheme.characteristics]
        percents = [
            service["characteristics"][ch.id]["percent"] for ch in self.scheme.characteristics
        ]
        out.append(
            KeepTogether(
                [
                    self.p("各服务特性指标得分率 Percentage per characteristic (%)", st.h2),
                    radar(st.font, labels, percents),
                ]
            )
        )
        out += self.interval()
        out.append(self.p("各次测评得分 Evaluation scores", st.h2))
        out.append(self.evaluations_table(service))
        return [*out, *self.self_evaluations()]

    def interval(self) -> list:
        """The service score's 95 % interval on the grade scale with its one sentence, as the
        project page shows them; advice beside the score, which the scheme alone decides."""
        entry = self.c.get("statistics")
        if not entry:
            return []
        st = self.st
        flowables = [
            self.p(INTERVAL_HEADING, st.h2),
            interval(st.font, entry["figures"], INTERVAL_LABELS),
            self.p(markup(entry["sentence"])),
        ]
        if entry.get("sentence_en"):
            flowables.append(self.p(markup(entry["sentence_en"]), st.small))
        advisory = " ".join(filter(None, (entry.get("advisory"), entry.get("advisory_en"))))
        flowables.append(self.p("注 Note：" + markup(advisory), st.small))
        return [KeepTogether(flowables)]

    def figure_notes(self) -> list:
        """The core's notes on how the table's figures read: bands from the exact mean α, and
        parts rounded on their own (a snapshot frozen before they existed has neither)."""
        notes = [
            self.p("注 Note：" + markup(n.get("text")), self.st.small)
            for n in self.r.get("explanation", [])
            if n.get("code") in FIGURE_NOTES
        ]
        return [Spacer(1, 2 * mm), *notes] if notes else []

    def self_evaluations(self) -> list:
        """The organisation's own evaluations, apart: never in the service score (§5.1.2)."""
        own = self.r.get("self_assessment")
        if not own:
            return []
        rows = [[self.cell(h) for h in ("序号", "测评 Evaluation", "场所 Site", "得分 Score")]]
        for i, ev in enumerate(own["evaluations"], 1):
            rows.append([str(i), nfc(ev["id"]), self.cell(ev.get("site")), nfc(ev["score"])])
        rows.append(
            [self.cell(""), self.cell(f"n = {own['n']}"), self.cell("平均 mean"), own["score"]]
        )
        widths = [12 * mm, 52 * mm, 0, 22 * mm]
        widths[2] = self.width - sum(widths)
        title = "自我评价（不计入服务特性测评得分，§5.1.2）Self-evaluations, not counted"
        return [KeepTogether([self.p(title, self.st.h2), grid_table(rows, widths, self.st.font)])]

    def figures_table(self, service: dict):
        """Every characteristic (shaded) and its items: weight, mean α, band, points, %."""
        head = [
            "编号\nNo.",
            "服务特性指标 / 评价内容\nCharacteristic / item",
            "分值\nWeight",
            "平均 α\nMean α",
            "档次\nBand",
            "实际得分\nPoints",
            "得分率 %\nPercent",
        ]
        rows = [[self.cell(h) for h in head]]
        extra = []
        for ch in self.scheme.characteristics:
            fig = service["characteristics"][ch.id]
            extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), PALE))
            rows.append(self.figure_row(ch.id, f"{ch.name} {ch.name_en}", fig, bold=True))
            for item in ch.items:
                rows.append(self.figure_row(item.id, item.aspect, service["items"][item.id]))
        widths = [16 * mm, 48 * mm, 14 * mm, 20 * mm, 30 * mm, 22 * mm, 0]  # α up to "0.8033…"
        widths[-1] = self.width - sum(widths)
        return grid_table(rows, widths, self.st.font, tuple(extra))

    def evaluations_table(self, service: dict):
        """One row per evaluation that counts, and the mean below."""
        rows = [
            [
                self.cell(h)
                for h in ("序号", "测评 Evaluation", "来源 Source", "场所 Site", "得分 Score")
            ]
        ]
        # Short cells as plain strings: a table of hundreds of rows, laid out fast.
        for i, ev in enumerate(service["evaluations"], 1):
            rows.append(
                [
                    str(i),
                    nfc(ev["id"]),
                    label(SOURCES, ev.get("source")),
                    self.cell(ev.get("site")),
                    nfc(ev["score"]),
                ]
            )
        rows.append(
            [
                self.cell(""),
                self.cell(f"n = {service['n']}"),
                self.cell(""),
                self.cell("平均 mean"),
                self.cell(service["score"], bold=True),
            ]
        )
        widths = [12 * mm, 40 * mm, 30 * mm, 0, 22 * mm]
        widths[3] = self.width - sum(widths)
        return grid_table(rows, widths, self.st.font)

    def figure_row(self, code: str, name: str, fig: dict, bold: bool = False) -> list:
        band = self.scheme.likert_band(int(fig["band"]))
        values = (
            code,
            name,
            fig["weight"],
            fig["mean_alpha"],
            f"{band.level} {band.label}",
            fig["points"],
            fig["percent"],
        )
        return [self.cell(v, bold) for v in values]

    # -- management --------------------------------------------------------

    def management(self) -> list:
        st, scheme = self.st, self.scheme
        management = self.r.get("management")
        out = [self.p("四、管理要求审核结果 Management audit (§5.2)", st.h1)]
        if not management:
            return [*out, self.p("没有管理要求审核结果。No management audit was given.")]
        table, chart = self.clauses_table(management)
        out.append(table)
        if note := level_wording(scheme).note(scheme):
            out += [Spacer(1, 2 * mm), self.p("* " + markup(note), st.small)]
        out.append(KeepTogether([self.p("条款得分与分值 Clause points and worth", st.h2), chart]))
        level = management.get("level")
        level_name = scheme.management_levels[int(level) - 1].name if level else "—"
        out.append(
            self.p(
                f"管理成熟度总分 Maturity total：<b>{markup(management['total'])}</b>　"
                f"管理水平 Management level：<b>{markup(level_name)}</b>",
                st.h2,
            )
        )
        if management.get("missing"):
            out.append(
                self.p("未评价条款 Clauses not rated：" + markup(", ".join(management["missing"])))
            )
        return out

    def audits(self) -> list:
        """The GB/T 19001 and §4.2.2 checklist audits and the §5.2.2 exemption."""
        return audit_flowables(self.r, self.c, self.st, self.width)

    def blueprints(self) -> list:
        """§4.2.2 2)①: each site and service's blueprint, drawn (none given, nothing printed)."""
        # A page's frame less room for the heading kept with the first drawing.
        height = A4[1] - 36 * mm - 90
        return blueprint_flowables(self.c.get("blueprints") or [], self.st, self.width, height)

    def clauses_table(self, management: dict) -> tuple:
        """Each clause's worth, level and points, as a table and as a bar chart."""
        head = [
            "条款\nClause",
            "管理要求\nRequirement",
            "分值\nWorth",
            "成熟度等级\nLevel",
            "得分\nPoints",
        ]
        rows = [[self.cell(h) for h in head]]
        ids, points, worth = [], [], []
        wording = level_wording(self.scheme)
        for cid, clause in self.scheme.clauses.items():
            rated = management["clauses"].get(cid, {})
            level = rated.get("level")
            if level:
                ml = self.scheme.maturity_levels[int(level) - 1]
                level_text = f"{ml.name} {wording.marked_label(ml)}"
            else:
                level_text = "未评 not rated"
            pts = rated.get("points")
            rows.append(
                [
                    self.cell(cid),
                    self.cell(clause.title),
                    self.cell(rated.get("worth", clause.worth)),
                    self.cell(level_text),
                    self.cell("—" if pts is None else pts),
                ]
            )
            ids.append(cid)
            points.append(pts)
            worth.append(int(rated.get("worth", clause.worth)))
        widths = [18 * mm, 0, 20 * mm, 34 * mm, 18 * mm]
        widths[1] = self.width - sum(widths)
        table = grid_table(rows, widths, self.st.font)
        return table, clause_bars(self.st.font, ids, points, worth)

    # -- nonconformities ---------------------------------------------------

    def nonconformities(self) -> list:
        st = self.st
        items = self.c.get("nonconformities") or []
        out = [self.p("五、不符合项 Nonconformities", st.h1)]
        if not items:
            return [*out, self.p("无不符合项。None.")]
        head = [
            "编号\nNo.",
            "依据\nReference",
            "程度\nSeverity",
            "状态\nStatus",
            "说明\nDescription",
        ]
        rows = [[self.cell(h) for h in head]]
        for nc in items:
            rows.append(
                [
                    self.cell(nc.get("id") or nc.get("code")),
                    # A context written by hand may still give a bare maturity clause.
                    self.cell(nc.get("reference") or nc.get("clause")),
                    self.cell(label(SEVERITIES, nc.get("severity"))),
                    self.cell(nc.get("status_label") or label(NC_STATUSES, nc.get("status"))),
                    self.cell(nc.get("description")),
                ]
            )
        widths = [14 * mm, 52 * mm, 22 * mm, 36 * mm, 0]
        widths[-1] = self.width - sum(widths)
        out.append(grid_table(rows, widths, st.font))
        return out

    # -- result ------------------------------------------------------------

    def outcome(self) -> list:
        st, r = self.st, self.r
        management = r.get("management") or {}
        complete = bool(r.get("service")) and bool(management.get("complete"))
        grade = r.get("grade") or (
            "不予认证 not certified" if complete else "暂不确定 not determined"
        )
        conformity = r.get("conformity") or {}
        passed = "通过 passed" if conformity.get("passed") else "未通过 not passed"
        out = [
            self.p("六、认证评价结论 Result (§5.3)", st.h1),
            self.p(f"管理要求符合性审查 Conformity review：{passed}"),
        ]
        for reason in conformity.get("reasons") or []:
            out.append(self.p("　· " + markup(reason)))
        out += [
            # The heading never ends a page without the grade under it.
            KeepTogether([self.p("认证等级 Grade", st.subtitle), self.p(markup(grade), st.big)]),
            Spacer(1, 3 * mm),
            self.p("判定依据 Explanation", st.h2),
        ]
        rows = [[self.cell("依据 Rule"), self.cell("说明")]]
        rows += [
            [self.cell(n.get("rule")), self.cell(n.get("text"))] for n in r.get("explanation", [])
        ]
        out.append(grid_table(rows, [26 * mm, self.width - 26 * mm], st.font))
        if complete:
            out.append(self.p("距下一等级 To the next grade", st.h2))
            out += [self.p(markup(line)) for line in next_grade_lines(r.get("next_grade"))]
        return out

    # -- signatures --------------------------------------------------------

    def signatures(self) -> list:
        st = self.st
        names = self.c.get("signatures") or {}
        people = [
            ("审核组长 Team leader", names.get("team_leader")),
            ("技术评审 Reviewer", names.get("reviewer")),
            ("认证决定人员 Decision maker", names.get("decision_maker")),
        ]
        rows = [
            [
                self.cell(""),
                self.cell("姓名 Name"),
                self.cell("签字 Signature"),
                self.cell("日期 Date"),
            ]
        ]
        rows += [
            [self.cell(role), self.cell(nfc(name) or BLANK), self.cell(BLANK), self.cell(BLANK)]
            for role, name in people
        ]
        widths = [48 * mm, 42 * mm, 46 * mm, 0]
        widths[-1] = self.width - sum(widths)
        # Tall rows: room to sign by hand.
        table = grid_table(rows, widths, st.font, row_heights=[None] + [12 * mm] * len(people))
        return [
            Spacer(1, 6 * mm),
            KeepTogether([self.p("七、签字 Signatures", st.h1), table]),
        ]


def next_grade_lines(gap: dict | None) -> list[str]:
    """The gap to the next grade, from the result's ``next_grade`` figures."""
    if gap is None:
        return ["已是最高等级。Already the highest grade."]
    lines = [f"下一等级 Next grade：{gap['grade']}"]
    service = gap.get("service")
    if service:
        lines.append(
            "服务特性测评得分需从 {score} 提高到 {required}（差 {gap}；{n} 次测评得分合计还需 "
            "+{total_points_needed}）".format(**service)
        )
    management = gap.get("management")
    if management:
        lines.append(
            "管理成熟度总分需从 {total} 提高到 {required_total}（+{points_needed}），"
            "最少提升 {steps} 级：".format(**management)
        )
        lines += [
            "· 条款 {clause}：{from} 级 → {to} 级（+{points} 分）".format(**r)
            for r in management.get("raises", [])
        ]
    conformity = gap.get("conformity")
    if conformity:
        for key, text in (
            ("rate_clauses", "评价条款"),
            ("close_major", "关闭严重不符合项"),
            ("accept_plans", "接受一般不符合项的纠正措施计划"),
        ):
            if conformity.get(key):
                lines.append(f"{text}：{', '.join(conformity[key])}")
    return lines
