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
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

HEADER_ROW = 3  # row 1 the note, row 2 blank


@dataclass(frozen=True)
class Table:
    sheet: str  # at most 31 characters, as Excel requires
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


def _cell(value: object) -> object:
    """Decimals as numbers (Excel has no decimal type); everything else as given."""
    return float(value) if isinstance(value, Decimal) else value


def write_tables(note: str, tables: Sequence[Table]) -> bytes:
    """The workbook as bytes."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.sheet[:31])
        sheet.cell(1, 1, note).font = Font(italic=True)
        for column, header in enumerate(table.headers, start=1):
            sheet.cell(HEADER_ROW, column, header).font = Font(bold=True)
        for row_number, row in enumerate(table.rows, start=HEADER_ROW + 1):
            for column, value in enumerate(row, start=1):
                sheet.cell(row_number, column, _cell(value))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
