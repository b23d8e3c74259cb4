"""The report's management-system audit (管理体系审核): the two checklists and the §5.2.2 exemption.

§4.2.1/§5.2.1 audit the generic requirements against GB/T 19001, §4.2.2 adds
the scheme's own rows, and §5.2.2 may exempt GB/T 19001 clauses.  Every
verdict printed is the core's (``result["qms"]``, ``result["specific"]``);
the context adds only what the result does not hold:

``checklist_rows`` ({"qms"|"specific": {row id: {"auditor", "date", "reason"}}}: who judged a
row, when, and why it is out of scope; the web gives it, the command line does not),
``exemption`` (the §5.2.2 record: certificate, factors, decision; see :data:`EXEMPTION_FIELDS`)
and ``exemption_problem`` ({"zh-hans", "en"}: the web's reason the exemption does not hold on
the report's date, e.g. a certificate lapsed before the decision).

Rows are one line each in a small type, so that the 40 GB/T 19001 rows and
their chapters fit on about a page.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from greencert.core.explanation import Note
from greencert.core.registry import get_checklist
from greencert.reports.pdfbase import PALE, Styles, grid_table
from greencert.reports.text import date_text, markup, nfc

HEADING = "管理体系审核 Management-system audit（§4.2.1、§4.2.2、§5.2）"
VERDICTS = {
    "conforms": "符合 conforms",
    "minor": "一般不符合 minor",
    "major": "严重不符合 major",
    "exempted": "免除 exempted (§5.2.2)",
    "out_of_scope": "不适用 out of scope",
}
UNJUDGED = "未判定 not judged"
# Why an "exempted" verdict does not count (the core's refusal codes, §5.2.2).
REFUSALS = {
    "no_exemption": "免除无效：没有免除决定 No exemption recorded",
    "not_listed": "免除无效：免除决定未列出本条款 Not listed in the exemption",
    "not_valid_at_audit": "免除无效：审核日期时证书已失效 Certificate expired before the audit",
    "lapsed": "免除无效：证书在认证决定前失效 Certificate lapsed before the decision",
}
TITLES = {
    "qms": "GB/T 19001 审核清单 GB/T 19001 checklist（§4.2.1、§5.2.1）",
    "specific": "特定管理要求 Specific requirements（§4.2.2）",
}
# The §5.2.2 record as the context gives it (the web's ExemptionRecord, or --context for the CLI).
EXEMPTION_FIELDS = {
    "certificate_number": "证书编号 Certificate number",
    "issuer": "发证机构 Issuer",
    "accredited": "认可 Accredited",
    "certificate_scope": "证书范围 Certificate scope",
    "certificate_expires": "有效期至 Expires",
    "last_surveillance": "最近监督审核 Last surveillance",
    "audit_date": "审核日期 Audit date",
    "scope_covers_service": "范围覆盖所认证服务 Scope covers the service",
    "scope_note": "范围说明 Note on the scope",
    "complaints_known": "已知投诉和不符合 Complaints, nonconformities known",
    "surveillance_status": "证书监督状态 Surveillance status",
    "clauses": "免除的条款 Exempted clauses",
    "decided_by": "决定人 Decided by",
    "decided_at": "决定日期 Decided on",
    "reason": "理由 Why",
}
YES_NO = {True: "是 yes", False: "否 no"}


def audit_flowables(result: dict, context: dict, st: Styles, width: float) -> list:
    """The section: each checklist (label, version, hash prefix; rows by chapter) and the
    exemption between them. Nothing is printed for a result without either audit key
    (a snapshot frozen before contract 2)."""
    if "qms" not in result and "specific" not in result:
        return []
    section = _Section(result, context, st, width)
    # The heading starts the page its first checklist starts on: never alone at the foot of one,
    # nor above a single row (the GB/T 19001 table fits on a page).
    return [
        KeepTogether([Paragraph(HEADING, st.h2), *section.checklist("qms")]),
        *section.exemption(),
        KeepTogether(section.checklist("specific")),
    ]


class _Section:
    def __init__(self, result: dict, context: dict, st: Styles, width: float):
        self.r, self.c, self.st, self.width = result, context, st, width
        self.cell = ParagraphStyle("audit_cell", parent=st.cell, fontSize=7.5, leading=9)

    def p(self, value: object) -> Paragraph:
        return Paragraph(markup(value), self.cell)

    def checklist(self, kind: str) -> list:
        audit = self.r.get(kind)
        title = Paragraph(f"<b>{TITLES[kind]}</b>", self.st.body)
        if not audit:
            return [title, Paragraph("未记录审核。No audit was recorded.", self.st.body)]
        identity = audit["checklist"]
        line = (
            f"清单 Checklist：{markup(identity['label'])}（版本 version {markup(identity['version'])}，"
            f"hash {markup(identity['hash'][:12])}）"
        )
        if audit.get("unjudged"):
            line += "　未判定 Not judged：" + markup(", ".join(audit["unjudged"]))
        return [title, Paragraph(line, self.st.small), Spacer(1, 1 * mm), self.table(kind, audit)]

    def table(self, kind: str, audit: dict):
        checklist = get_checklist(audit["checklist"]["label"])
        details = (self.c.get("checklist_rows") or {}).get(kind) or {}
        head = [
            "条款\nRow",
            "要求 Requirement",
            "结论\nVerdict",
            "审核员、日期\nAuditor, date",
            "说明 Note",
        ]
        rows, extra = [[self.p(h) for h in head]], []
        for chapter in checklist.chapters:
            extra += [("SPAN", (0, len(rows)), (-1, len(rows))), _shade(len(rows))]
            rows.append(
                [self.p(f"{chapter.id} {chapter.title} {chapter.title_en}"), "", "", "", ""]
            )
            for clause in chapter.clauses:
                rows.append(self.row(clause, audit, details.get(clause.id) or {}))
        widths = [13 * mm, 0, 36 * mm, 34 * mm, 38 * mm]  # verdict, auditor and date: one line
        widths[1] = self.width - sum(widths)
        tight = (("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5))
        return grid_table(rows, widths, self.st.font, (*tight, *extra))

    def row(self, clause, audit: dict, detail: dict) -> list:
        verdict = audit["verdicts"].get(clause.id)
        note = ""
        if verdict == "out_of_scope":
            note = detail.get("reason") or ""
        elif clause.id in (audit.get("exemption_refused") or {}):
            note = REFUSALS.get(audit["exemption_refused"][clause.id], "")
        who = ", ".join(t for t in (nfc(detail.get("auditor")), date_text(detail.get("date"))) if t)
        label = VERDICTS.get(verdict, nfc(verdict)) if verdict else UNJUDGED
        return [self.p(clause.id), self.p(clause.title), self.p(label), self.p(who), self.p(note)]

    def exemption(self) -> list:
        """§5.2.2: the record, and whether it holds, in both languages."""
        title = Paragraph("<b>§5.2.2 免除 Exemption</b>", self.st.body)
        judged = (self.r.get("qms") or {}).get("exemption")
        record = dict(self.c.get("exemption") or {})
        if not judged and not record:
            return [Spacer(1, 2 * mm), title, Paragraph("无免除决定。No exemption.", self.st.body)]
        if judged:  # what the core judged is what the report states
            for key in ("certificate_expires", "audit_date", "clauses"):
                record[key] = judged[key]
        rows = [
            [self.p(name), self.p(_value(key, record.get(key)))]
            for key, name in EXEMPTION_FIELDS.items()
            if key in record
        ]
        rows.append([self.p("是否有效 Does it hold"), self.p("\n".join(self.validity(judged)))])
        table = grid_table(rows, [48 * mm, self.width - 48 * mm], self.st.font, header=False)
        return [Spacer(1, 2 * mm), KeepTogether([title, table]), Spacer(1, 2 * mm)]

    def validity(self, judged: dict | None) -> list[str]:
        """The core's judgement; where the core saw no problem, the web's (on the decision's
        date, perhaps later than the result's); both languages, Chinese first."""
        problem = self.c.get("exemption_problem") or {}
        if judged and judged.get("refusal"):
            code = f"exemption.{judged['refusal']}"
        elif problem.get("zh-hans") or problem.get("en"):
            return [problem.get("zh-hans", ""), problem.get("en", "")]
        elif judged:
            code = "exemption.valid"
        else:
            return ["未经核心判定 Not judged by the result"]
        figures = {
            "expires": judged["certificate_expires"],
            "audit_date": judged["audit_date"],
            "on": judged["on"],
        }
        note = Note("§5.2.2", code, figures)
        return [note.text("zh-hans"), note.text("en")]


def _shade(row: int) -> tuple:
    return ("BACKGROUND", (0, row), (-1, row), PALE)


def _value(key: str, value: object) -> str:
    if isinstance(value, bool):
        return YES_NO[value]
    if key == "clauses":
        return ", ".join(nfc(c) for c in value or []) or "无 none"
    if key in ("certificate_expires", "last_surveillance", "audit_date", "decided_at"):
        return date_text(value) or "—"
    return nfc(value) or "—"
