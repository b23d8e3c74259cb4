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
    """The workbook as bytes."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.sheet[:31])
        widths = [width(header) for header in table.headers]
        for column, header in enumerate(table.headers, start=1):
            sheet.cell(HEADER_ROW, column, header).font = Font(bold=True)
        formats = list(table.formats)
        for row_number, row in enumerate(table.rows, start=HEADER_ROW + 1):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row_number, column, _cell(value))
                if column <= len(formats) and formats[column - 1]:
                    cell.number_format = formats[column - 1]
                if column <= len(widths):
                    widths[column - 1] = max(widths[column - 1], width(value))
        for column, chars in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(chars, MAX_WIDTH) + 2
        _note(sheet, note, [min(w, MAX_WIDTH) + 2 for w in widths])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _note(sheet, note: str, widths: list[int]) -> None:
    """The note in A1, wrapped over the table's columns (merged), tall enough to be read."""
    cell = sheet.cell(1, 1, note)
    cell.font = Font(italic=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    span, total = 1, widths[0] if widths else NOTE_WIDTH
    while span < len(widths) and total < NOTE_WIDTH:
        total += widths[span]
        span += 1
    if span > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    lines = -(-width(note) // max(total, 1))  # ceiling
    sheet.row_dimensions[1].height = 15 * max(lines, 1) + 3
