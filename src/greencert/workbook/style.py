"""Looks and data validations shared by the template sheets.

Input cells are pale yellow, computed cells grey, headers blue: a person
filling the sheet in Excel, WPS or LibreOffice sees at a glance what is
theirs to type.  Nothing is locked.  Row heights are estimated here,
because not every spreadsheet grows a row for wrapped text on its own.
"""

from __future__ import annotations

import math
import unicodedata

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from greencert.core.scheme import Scheme
from greencert.workbook.layout import MARKER_COLUMN, TEXT_FORMAT, header_text, marker

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
COMPUTED_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
HINT = Font(italic=True, color="595959")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
_SIDE = Side(style="thin", color="BFBFBF")
BOX = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
LINE_HEIGHT = 18  # points per line of 11-point text, with room for CJK fonts
FILL_RATIO = 0.85  # share of a column's width that wrapped text really fills
LIST_LIMIT = 255  # Excel refuses an in-cell list longer than this


def title(ws: Worksheet, text: str, last_column: int, kind: str | None, scheme: Scheme) -> None:
    """Row 1: the sheet's title across the table, and its hidden marker."""
    ws.cell(1, 1, text).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_column)
    ws.row_dimensions[1].height = 24
    if kind:
        ws.cell(1, MARKER_COLUMN, marker(kind, scheme))
        ws.column_dimensions[get_column_letter(MARKER_COLUMN)].hidden = True


def note(
    ws: Worksheet, row: int, text: str, first: int, last: int, widths: dict, font: Font = HINT
) -> None:
    """A wrapped text across columns *first*–*last*, its row made tall enough."""
    cell = ws.cell(row, first, text)
    cell.font, cell.alignment = font, WRAP
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    fit(ws, row, [(text, sum(widths[c] for c in range(first, last + 1)))])


def header_row(ws: Worksheet, row: int, labels: tuple[tuple[str, str], ...]) -> None:
    for column, label in enumerate(labels, start=1):
        cell = ws.cell(row, column, header_text(label))
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, CENTRE, BOX
    ws.row_dimensions[row].height = 2 * LINE_HEIGHT


def text_cell(ws: Worksheet, row: int, column: int, value: str | None = None):
    """A cell typed as text, so an id such as 1.1 is kept exactly as written."""
    cell = ws.cell(row, column, value)
    cell.number_format = TEXT_FORMAT
    return cell


def set_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    """Column widths, and a printout one page wide: some auditors fill it on paper."""
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def display_width(text: str) -> int:
    """Width in character units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(ws: Worksheet, row: int, texts: list[tuple[str, float]]) -> None:
    """Make *row* tall enough for each (text, column width) to show wrapped."""
    lines = 1
    for text, width in texts:
        per_line = max(1, int(width * FILL_RATIO))
        count = sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, count)
    height = max(ws.row_dimensions[row].height or 0, LINE_HEIGHT * lines)
    ws.row_dimensions[row].height = min(409, height)  # Excel's limit


def list_validation(values: list[str], prompt: str) -> DataValidation | None:
    """A drop-down of *values*; ``None`` if the list is too long for Excel to hold inline."""
    formula = '"' + ",".join(values) + '"'
    if len(formula) > LIST_LIMIT:
        return None  # the reader checks the values anyway
    return _validation("list", formula, None, prompt, "请从列表中选择 Pick from the list")


def whole_validation(low: int, high: int, prompt: str) -> DataValidation:
    return _validation("whole", str(low), str(high), prompt, f"填 {low}–{high} 的整数")


def decimal_validation(low: int, high: int, prompt: str) -> DataValidation:
    return _validation("decimal", str(low), str(high), prompt, f"填 {low}–{high} 的数")


def _validation(kind: str, first: str, second: str | None, prompt: str, error: str):
    return DataValidation(
        type=kind,
        operator=None if kind == "list" else "between",
        formula1=first,
        formula2=second,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="GreenCert",
        error=error,
        prompt=prompt,
    )


def validate(ws: Worksheet, validation: DataValidation | None, cells: str) -> None:
    if validation is not None:
        ws.add_data_validation(validation)
        validation.add(cells)
