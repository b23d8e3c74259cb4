"""The maturity sheet (Appendix 3) and the nonconformity sheet (RULES.md §3).

The maturity sheet lists the 21 clauses with their worth, the points each
level scores and the Appendix 4 text as auditor guidance; the auditor types
a level 1–5 per clause.  Points, total and management level are formulas
for the auditor's convenience; the reader takes only the levels.
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from greencert.core.inputs import NC_STATES, SEVERITIES
from greencert.core.level_wording import level_wording
from greencert.core.scheme import Scheme
from greencert.workbook import style
from greencert.workbook.layout import (
    MATURITY,
    MATURITY_HEADER_ROW,
    MATURITY_HEADERS,
    MATURITY_SHEET,
    NONCONFORMITIES,
    NONCONFORMITY_HEADER_ROW,
    NONCONFORMITY_HEADERS,
    NONCONFORMITY_ROWS,
    NONCONFORMITY_SHEET,
)
from greencert.workbook.layout import MaturityColumn as M
from greencert.workbook.layout import NonconformityColumn as N

MATURITY_WIDTHS = {M.CLAUSE: 10, M.CHAPTER: 14, M.TITLE: 18, M.WORTH: 7, M.POINTS_PER_LEVEL: 12}
MATURITY_WIDTHS |= {M.GUIDANCE: 60, M.LEVEL: 11, M.POINTS: 9, M.EVIDENCE: 30}
NC_WIDTHS = {N.ID: 12, N.CLAUSE: 10, N.ITEM: 14, N.SEVERITY: 12, N.STATUS: 16, N.DESCRIPTION: 60}


def write_maturity_sheet(wb: Workbook, scheme: Scheme) -> None:
    ws = wb.create_sheet(MATURITY_SHEET)
    style.title(ws, f"管理成熟度 Management maturity · {scheme.label}", len(M), MATURITY, scheme)
    style.set_widths(ws, MATURITY_WIDTHS)
    wording = level_wording(scheme)
    legend = " · ".join(
        f"{m.level} {m.name} {wording.marked_label(m)}" for m in scheme.maturity_levels
    )
    whose = f"\n* {wording.note(scheme)}" if wording.note(scheme) else ""
    style.note(
        ws,
        2,
        f"每条款填成熟度等级（{legend}）；全部 {len(scheme.clauses)} 条评完才给出管理水平。"
        f" · Rate every clause 1–5; a level is given once all are rated.{whose}",
        1,
        len(M),
        MATURITY_WIDTHS,
    )
    style.header_row(ws, MATURITY_HEADER_ROW, MATURITY_HEADERS)
    chapters = {chapter.id: chapter for chapter in scheme.chapters}
    first = MATURITY_HEADER_ROW + 1
    for row, clause in enumerate(scheme.clauses.values(), start=first):
        chapter = chapters[clause.chapter_id]
        guidance = clause.guidance.strip()
        style.text_cell(ws, row, M.CLAUSE, clause.id)
        ws.cell(row, M.CHAPTER, f"{chapter.id} {chapter.title}")
        ws.cell(row, M.TITLE, clause.title)
        ws.cell(row, M.WORTH, clause.worth)
        ws.cell(row, M.POINTS_PER_LEVEL, "/".join(str(p) for p in clause.points))
        ws.cell(row, M.GUIDANCE, guidance)
        level = f"{get_column_letter(M.LEVEL)}{row}"
        points = ",".join(str(p) for p in clause.points)
        ws.cell(row, M.POINTS, f'=IFERROR(IF(ISNUMBER({level}),CHOOSE({level},{points}),""),"")')
        for column in M:
            cell = ws.cell(row, column)
            cell.border, cell.alignment = style.BOX, style.WRAP
        for column in (M.LEVEL, M.EVIDENCE):
            ws.cell(row, column).fill = style.INPUT_FILL
        ws.cell(row, M.POINTS).fill = style.COMPUTED_FILL
        style.fit(ws, row, [(guidance, MATURITY_WIDTHS[M.GUIDANCE])])
    end = first + len(scheme.clauses) - 1
    top = len(scheme.maturity_levels)
    letter = get_column_letter(M.LEVEL)
    style.validate(
        ws, style.whole_validation(1, top, f"等级 1–{top}"), f"{letter}{first}:{letter}{end}"
    )
    _maturity_total(ws, scheme, first, end)
    ws.freeze_panes = ws.cell(first, 1)


def _maturity_total(ws, scheme: Scheme, first: int, end: int) -> None:
    """Total points and the management level by the bands of Appendix 3 说明 3."""
    levels = f"{get_column_letter(M.LEVEL)}{first}:{get_column_letter(M.LEVEL)}{end}"
    points = f"{get_column_letter(M.POINTS)}{first}:{get_column_letter(M.POINTS)}{end}"
    total = f"{get_column_letter(M.POINTS)}{end + 1}"
    names = ",".join(f'"{band.name}"' for band in scheme.management_levels)
    of_total = "1+" + "+".join(f"({total}>={b.lower})" for b in scheme.management_levels[1:])
    # Labels go in the guidance column: the reader refuses a level on a row without a clause.
    for row, label in ((end + 1, "合计 Total"), (end + 2, "管理水平 Level")):
        cell = ws.cell(row, M.GUIDANCE, label)
        cell.font, cell.alignment = style.BOLD, Alignment(horizontal="right")
    ws.cell(end + 1, M.POINTS, f"=SUM({points})").font = style.BOLD
    ws.cell(
        end + 2,
        M.POINTS,
        f'=IFERROR(IF(COUNT({levels})<{len(scheme.clauses)},"未评完",CHOOSE({of_total},{names})),"")',
    ).font = style.BOLD


def write_nonconformity_sheet(wb: Workbook, scheme: Scheme) -> None:
    ws = wb.create_sheet(NONCONFORMITY_SHEET)
    style.title(ws, f"不符合项 Nonconformities · {scheme.label}", len(N), NONCONFORMITIES, scheme)
    style.set_widths(ws, NC_WIDTHS)
    style.note(
        ws,
        2,
        "每行一项；编号必填且不重复。严重程度 major 严重 / minor 一般；状态 open 未关闭 / "
        "plan_accepted 纠正计划已接受 / closed 已关闭（空 = open）。描述仅供记录。",
        1,
        len(N),
        NC_WIDTHS,
    )
    style.header_row(ws, NONCONFORMITY_HEADER_ROW, NONCONFORMITY_HEADERS)
    first = NONCONFORMITY_HEADER_ROW + 1
    end = first + NONCONFORMITY_ROWS - 1
    for row in range(first, end + 1):
        for column in N:
            cell = ws.cell(row, column)
            cell.fill, cell.border, cell.alignment = style.INPUT_FILL, style.BOX, style.WRAP
            if column in (N.ID, N.CLAUSE, N.ITEM):
                cell.number_format = style.TEXT_FORMAT
    lists = {
        N.CLAUSE: (list(scheme.clauses), "条款编号 clause id"),
        N.ITEM: (list(scheme.items), "可空 · optional"),
        N.SEVERITY: (list(SEVERITIES), "major 严重 / minor 一般"),
        N.STATUS: (list(NC_STATES), "空 = open"),
    }
    for column, (values, prompt) in lists.items():
        letter = get_column_letter(column)
        style.validate(ws, style.list_validation(values, prompt), f"{letter}{first}:{letter}{end}")
    ws.freeze_panes = ws.cell(first, 1)
