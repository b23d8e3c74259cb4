"""Plain tables → one .xlsx, a sheet per table, each headed by a note (issue 18 §4 export).

The caller gives the words in the reader's language; nothing here knows
Django.  The note is written above every table so that a sheet copied out
of the workbook still says what its figures are (statistics advise; the
scheme decides).

>>> from openpyxl import load_workbook
>>> import io
>>> data = write_tables("note", [Table("Grades", ("year", "AAA"), [(2026, 3)])])
>>> sheet = load_workbook(io.BytesIO(data))["Grades"]
>>> sheet["A1"].value, [c.value for c in sheet[3]], [c.value for c in sheet[4]]
('note', ['year', 'AAA'], [2026, 3])

Columns are as wide as their longest text (a Chinese character counts twice), the
note wraps across the table's width, and a column may carry a number format:

>>> data = write_tables("note", [Table("S", ("分数", "n"), [(Decimal("92.5"), 3)], ("0.0",))])
>>> sheet = load_workbook(io.BytesIO(data))["S"]
>>> sheet["A4"].value, sheet["A4"].number_format, sheet["B4"].number_format
(92.5, '0.0', 'General')
>>> sheet.column_dimensions["A"].width >= width("分数") + 2, sheet["A1"].alignment.wrap_text
(True, True)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HEADER_ROW = 3  # row 1 the note, row 2 blank
MAX_WIDTH = 60  # characters: a longer text wraps within its column
NOTE_WIDTH = 80  # the note spreads over at least this many characters' width


@dataclass(frozen=True)
class Table:
    sheet: str  # at most 31 characters, as Excel requires
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    formats: Sequence[str | None] = ()  # a number format per column (None: General)


def width(text: object) -> int:
    """*text*'s width in Excel's character units: a wide (CJK) character counts as two.

    >>> width("Year"), width("年份"), width(None)
    (4, 4, 0)
    """
    if text is None:
        return 0
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


def _cell(value: object) -> object:
    """Decimals as numbers (Excel has no decimal type); everything else as given."""
    return float(value) if isinstance(value, Decimal) else value


def write_tables(note: str, tables: Sequence[Table]) -> bytes:
    """The workbook as bytes, written row by row (openpyxl's write-only mode: a sheet of
    thousands of rows costs a fraction of building every cell in memory)."""
    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(table.sheet[:31])
        rows = [[_cell(value) for value in row] for row in table.rows]
        widths = [width(header) for header in table.headers]
        for row in table.rows:
            for column, value in enumerate(row[: len(widths)]):
                widths[column] = max(widths[column], width(value))
        widths = [min(chars, MAX_WIDTH) + 2 for chars in widths]
        for column, chars in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = chars
        _note(sheet, note, widths)
        sheet.append([])
        sheet.append([_styled(sheet, header, font=Font(bold=True)) for header in table.headers])
        formats = list(table.formats)
        styled = [
            column for column, fmt in enumerate(formats) if fmt and column < len(table.headers)
        ]
        for row in rows:
            for column in styled:
                if column < len(row):
                    row[column] = _styled(sheet, row[column], number_format=formats[column])
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _styled(sheet, value, *, font=None, number_format=None, alignment=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    if font:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    if alignment:
        cell.alignment = alignment
    return cell


def _note(sheet, note: str, widths: list[int]) -> None:
    """The note in A1, wrapped over the table's columns (merged), tall enough to be read."""
    span, total = 1, widths[0] if widths else NOTE_WIDTH
    while span < len(widths) and total < NOTE_WIDTH:
        total += widths[span]
        span += 1
    if span > 1:
        sheet.merged_cells.add(f"A1:{get_column_letter(span)}1")
    lines = -(-width(note) // max(total, 1))  # ceiling
    sheet.row_dimensions[1].height = 15 * max(lines, 1) + 3
    wrapped = Alignment(wrap_text=True, vertical="top")
    sheet.append([_styled(sheet, note, font=Font(italic=True), alignment=wrapped)])
