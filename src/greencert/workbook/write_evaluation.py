"""The evaluation sheet (一次测评, §5.1.2): a header block and one row per item.

The band and points columns are Excel formulas built from the scheme's
Likert data, so the person filling the sheet sees them as they type.
They are a convenience only: the reader ignores them and the core
recomputes everything exactly.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from greencert.core.inputs import SOURCES
from greencert.core.scheme import Scheme
from greencert.workbook import style
from greencert.workbook.layout import (
    EVALUATION,
    EVALUATION_FIELDS,
    EVALUATION_FIRST_FIELD_ROW,
    EVALUATION_HEADER_ROW,
    EVALUATION_HEADERS,
    FIELD_VALUE_COLUMN,
)
from greencert.workbook.layout import EvaluationColumn as C

WIDTHS = {C.ITEM: 16, C.CHARACTERISTIC: 15, C.ASPECT: 12, C.REQUIREMENT: 52, C.WEIGHT: 7}
WIDTHS |= {C.ALPHA: 11, C.LIKERT: 11, C.BAND: 15, C.POINTS: 9}
BOTH = "只填一项 one only"
FIELD_HINTS = {
    "id": "必填，每张表不同，如 E1 · required, unique",
    "evaluator": "姓名 · name",
    "rater": "审核员或神秘顾客的系统用户名（审核组成员），可空 · the rater's username, optional",
    "date": "YYYY-MM-DD",
    "site": "门店、网点或场所 · venue",
    "source": "auditor 审核员 / mystery_shopper 神秘顾客 / customer 顾客 / self 自评（空 = auditor）",
}


def write_evaluation_sheet(wb: Workbook, scheme: Scheme, name: str) -> None:
    ws = wb.create_sheet(name)
    last = len(C)
    style.title(ws, f"服务特性测评表 Service evaluation · {scheme.label}", last, EVALUATION, scheme)
    style.set_widths(ws, WIDTHS)
    _header_block(ws)
    style.note(
        ws,
        EVALUATION_HEADER_ROW - 1,
        "每项必填：α 栏填 0–1（最多两位小数）或 Likert 栏填 1–5，只填一种。档次、得分为公式，仅供参考。"
        " · Every item: α (0–1, ≤2 decimals) OR a Likert level (1–5), never both.",
        1,
        last,
        WIDTHS,
    )
    style.header_row(ws, EVALUATION_HEADER_ROW, EVALUATION_HEADERS)
    first = EVALUATION_HEADER_ROW + 1
    for row, item in enumerate(scheme.items.values(), start=first):
        characteristic = scheme.characteristic_by_id[item.characteristic_id]
        requirement = item.requirement.strip()
        style.text_cell(ws, row, C.ITEM, item.id)
        ws.cell(row, C.CHARACTERISTIC, f"{characteristic.id} {characteristic.name}")
        ws.cell(row, C.ASPECT, item.aspect)
        ws.cell(row, C.REQUIREMENT, requirement)
        ws.cell(row, C.WEIGHT, item.weight)
        ws.cell(row, C.BAND, band_formula(scheme, row))
        ws.cell(row, C.POINTS, points_formula(scheme, row))
        for column in C:
            cell = ws.cell(row, column)
            cell.border, cell.alignment = style.BOX, style.WRAP
        for column in (C.ALPHA, C.LIKERT):
            ws.cell(row, column).fill = style.INPUT_FILL
        for column in (C.BAND, C.POINTS):
            ws.cell(row, column).fill = style.COMPUTED_FILL
        style.fit(ws, row, [(requirement, WIDTHS[C.REQUIREMENT])])
    end = first + len(scheme.items) - 1
    top = len(scheme.likert)
    style.validate(
        ws, style.decimal_validation(0, 1, "α 0–1，最多两位小数"), _range(C.ALPHA, first, end)
    )
    style.validate(
        ws, style.whole_validation(1, top, f"Likert 1–{top}"), _range(C.LIKERT, first, end)
    )
    _total_row(ws, first, end)
    ws.freeze_panes = ws.cell(first, 1)


def _header_block(ws) -> None:
    for row, (key, zh, en) in enumerate(EVALUATION_FIELDS, start=EVALUATION_FIRST_FIELD_ROW):
        ws.cell(row, 1, f"{zh} {en}").font = style.BOLD
        value = ws.cell(row, FIELD_VALUE_COLUMN)
        value.fill, value.border = style.INPUT_FILL, style.BOX
        value.number_format = "yyyy-mm-dd" if key == "date" else style.TEXT_FORMAT
        ws.merge_cells(start_row=row, start_column=FIELD_VALUE_COLUMN, end_row=row, end_column=3)
        ws.cell(row, 4, FIELD_HINTS[key]).font = style.HINT
        if key == "source":
            validation = style.list_validation(list(SOURCES), "空 = auditor")
            style.validate(ws, validation, ws.cell(row, FIELD_VALUE_COLUMN).coordinate)


def _total_row(ws, first: int, end: int) -> None:
    row = end + 1
    ws.cell(row, C.REQUIREMENT, "合计 Total").font = style.BOLD
    ws.cell(row, C.WEIGHT, f"=SUM({_range(C.WEIGHT, first, end)})").font = style.BOLD
    ws.cell(row, C.POINTS, f"=SUM({_range(C.POINTS, first, end)})").font = style.BOLD


def _range(column: int, first: int, end: int) -> str:
    letter = get_column_letter(column)
    return f"{letter}{first}:{letter}{end}"


def _cells(row: int) -> tuple[str, str, str]:
    return tuple(f"{get_column_letter(c)}{row}" for c in (C.ALPHA, C.LIKERT, C.WEIGHT))


def band_formula(scheme: Scheme, row: int) -> str:
    """The Likert band of the α typed, or of the level typed (RULES.md §1)."""
    alpha, level, _ = _cells(row)
    labels = ",".join(f'"{band.level} {band.label}"' for band in scheme.likert)
    # Bands are contiguous and closed above: the level is 1 + the bands lying wholly below α.
    of_alpha = "1+" + "+".join(f"({alpha}>{band.upper})" for band in scheme.likert[:-1])
    return (
        f'=IFERROR(IF(AND(ISNUMBER({alpha}),ISNUMBER({level})),"{BOTH}",'
        f"IF(ISNUMBER({alpha}),CHOOSE({of_alpha},{labels}),"
        f'IF(ISNUMBER({level}),CHOOSE({level},{labels}),""))),"")'
    )


def points_formula(scheme: Scheme, row: int) -> str:
    """weight × α, a Likert level standing for its band's α (Appendix 1, RULES.md §1)."""
    alpha, level, weight = _cells(row)
    alphas = ",".join(str(band.alpha) for band in scheme.likert)
    return (
        f'=IFERROR(IF(AND(ISNUMBER({alpha}),ISNUMBER({level})),"",'
        f"IF(ISNUMBER({alpha}),{weight}*{alpha},"
        f'IF(ISNUMBER({level}),{weight}*CHOOSE({level},{alphas}),""))),"")'
    )
