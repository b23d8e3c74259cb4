"""Write the workbook auditors fill offline (Excel, WPS or LibreOffice).

Sheets, in order: 说明 (what to fill and how), ``E1`` … ``En`` (one per
evaluation, §5.1.2), 成熟度 (the 21 clauses, Appendix 3) and 不符合项
(nonconformities).  Every figure and text comes from the scheme, so a new
scheme version yields a new template without a code change.
"""

from __future__ import annotations

from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font

from greencert.core.checklist import Checklist
from greencert.core.exceptions import SchemeError
from greencert.core.level_wording import level_wording
from greencert.core.registry import qms_checklist_for, specific_checklist_for
from greencert.core.scheme import Scheme
from greencert.workbook import style
from greencert.workbook.layout import INSTRUCTIONS_SHEET
from greencert.workbook.write_checklist import write_checklist_sheet
from greencert.workbook.write_evaluation import write_evaluation_sheet
from greencert.workbook.write_management import write_maturity_sheet, write_nonconformity_sheet

WIDTHS = {1: 8, 2: 14, 3: 20, 4: 16, 5: 56}


def write_template(
    scheme: Scheme,
    path_or_stream: str | BinaryIO,
    evaluations: int = 3,
    *,
    checklists: tuple[Checklist, ...] | None = None,
) -> None:
    """Write an empty workbook for *scheme* with *evaluations* evaluation sheets and a sheet per
    checklist (default: the GB/T 19001 and §4.2.2 checklists of *scheme*, those it has)."""
    if evaluations < 0:
        raise ValueError(f"evaluations must be 0 or more, not {evaluations}")
    if checklists is None:
        checklists = checklists_for(scheme)
    wb = Workbook()
    _instructions(wb.active, scheme)
    for number in range(1, evaluations + 1):
        write_evaluation_sheet(wb, scheme, f"E{number}")
    write_maturity_sheet(wb, scheme)
    write_nonconformity_sheet(wb, scheme)
    for checklist in checklists:
        write_checklist_sheet(wb, checklist)
    wb.properties.title = f"{scheme.title} {scheme.label}"
    wb.properties.creator = "GreenCert"
    wb.save(path_or_stream)


def checklists_for(scheme: Scheme) -> tuple[Checklist, ...]:
    """The checklists a new audit of *scheme* uses; a scheme without one has no such sheet."""
    found = []
    for lookup in (qms_checklist_for, specific_checklist_for):
        try:
            found.append(lookup(scheme))
        except SchemeError:
            continue
    return tuple(found)


def _instructions(ws, scheme: Scheme) -> None:
    ws.title = INSTRUCTIONS_SHEET
    style.set_widths(ws, WIDTHS)
    style.title(ws, f"填写说明 How to fill · {scheme.title}", 5, None, scheme)
    source = f"{scheme.label}，{scheme.issuer}，{scheme.effective} 起施行 · {scheme.title_en}"
    style.note(ws, 2, source, 1, 5, WIDTHS)
    row = 4
    for number, text in enumerate(_points(scheme), start=1):
        ws.cell(row, 1, number).alignment = style.CENTRE
        style.note(ws, row, text, 2, 5, WIDTHS, font=Font())
        row += 1
    row = _table(
        ws,
        row + 1,
        "Likert 五级量表 (§5.1.1)",
        (("等级", "Level"), ("标签", "Label"), ("英文", "English"), ("α 区间", "α band")),
        [
            (b.level, b.label, b.label_en, _band(b), f"只填等级时 α = {b.alpha}")
            for b in scheme.likert
        ],
    )
    wording = level_wording(scheme)
    row = _table(
        ws,
        row + 1,
        "成熟度等级 Maturity levels (GB/T 19004-2011 model, §5.2.5)",
        (("等级", "Level"), ("名称", "Name"), ("标签", "Label"), ("英文", "English")),
        [
            (
                m.level,
                m.name,
                wording.marked_label(m),
                wording.marked_label(m, "en"),
                f"{m.description}\n{m.description_en}",
            )
            for m in scheme.maturity_levels
        ],
    )
    if note := wording.note(scheme):
        style.note(ws, row, f"* {note}\n* {wording.note(scheme, 'en')}", 1, 5, WIDTHS)


def _points(scheme: Scheme) -> list[str]:
    n_items, n_clauses = len(scheme.items), len(scheme.clauses)
    top, places = len(scheme.likert), scheme.alpha_places
    return [
        "每张 E 表（E1、E2…）是一次测评：一个人或一次走访的完整评分。不用的 E 表留空，读取时跳过；"
        "工作表可复制、可改名，但请勿删除隐藏的 Z 列（用于识别工作表）。\n"
        "Each E sheet is one evaluation. Leave spare sheets empty. Sheets may be copied or "
        "renamed; keep the hidden column Z.",
        "表头填写测评编号（必填，每张不同）、测评人、日期（YYYY-MM-DD）、场所和来源：auditor 审核员 / "
        "mystery_shopper 神秘顾客 / customer 顾客 / self 自评（留空为 auditor）。"
        "评价人账号填审核员或神秘顾客在系统中的用户名（须为审核组成员；留空则保留已记录的）。\n"
        "Header: evaluation id (required, unique), evaluator, date, site and source; the rater "
        "account is an auditor's or mystery shopper's username (a team member; blank keeps the "
        "stored one).",
        f"{n_items} 个评价项目每项必填，不可跳过（本规范没有“不适用”）。每项只填一种：α 栏填经验系数 0–1"
        f"（最多 {places} 位小数，如 0.85），或 Likert 栏填等级 1–{top}。两栏都填或都不填都会被退回。\n"
        f"Every one of the {n_items} items is required: an α from 0 to 1 (at most {places} "
        f"decimals) OR a Likert level 1–{top}, never both.",
        "只填 Likert 等级时，按下表取该档上限作为 α。档次、得分两栏是公式，仅供填写时参考；"
        "系统只读取 α 和 Likert 两栏，重新精确计算。\n"
        "A level alone counts as its band's upper α (table below). Band and points are formulas "
        "for convenience only; GreenCert reads α and Likert and recomputes.",
        f"成熟度表：{n_clauses} 个条款每条填成熟度等级 1–{len(scheme.maturity_levels)}，"
        f"可在证据/备注栏记录依据；全部评完才给出管理水平。\n"
        f"Maturity: rate each of the {n_clauses} clauses; a management level needs all of them.",
        "不符合项表：每行一项，编号必填且不重复；条款从下拉列表选择，评价项目可空；严重程度 major 严重 / "
        "minor 一般；状态 open 未关闭 / plan_accepted 纠正计划已接受 / closed 已关闭（留空为 open）。\n"
        "Nonconformities: one per row with a unique id, a clause, severity and status.",
        "GB-T 19001 表和 §4.2.2 表：每行从下拉列表选一个结论（符合 / 一般不符合 / 严重不符合 / "
        "豁免 / 不适用），留空为未审核；不适用须写明理由；豁免只适用于 GB/T 19001 条款，且须在该表上方的 "
        "§5.2.2 豁免记录中填写证书有效期、审核日期并列出该条款。两项审核都评完才给出认证等级。\n"
        "Checklists: a verdict per row (blank: not judged); out of scope needs a reason; exempted "
        "needs the §5.2.2 block to list the clause. No grade until both audits are judged.",
        "编号栏（项目、条款、测评、不符合项）均为文本格式，请勿改为数字或日期。\n"
        "Id columns are text: do not turn 1.1 into a number or a date.",
    ]


def _band(band) -> str:
    opening = "[" if band.closed_below else "("
    return f"{opening}{band.lower.normalize()}, {band.upper.normalize()}]"


def _table(ws, row: int, caption: str, headers, rows) -> int:
    """A small reference table; returns the first free row after it."""
    ws.cell(row, 1, caption).font = style.BOLD
    row += 1
    style.header_row(ws, row, (*headers, ("说明", "Meaning")))
    for values in rows:
        row += 1
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row, column, value)
            cell.border, cell.alignment = style.BOX, style.WRAP
        style.fit(ws, row, [(str(values[-1]), WIDTHS[5])])
    return row + 1
