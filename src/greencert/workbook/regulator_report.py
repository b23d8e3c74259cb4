"""The regulator's monthly upload: plain rows + the report format → an .xlsx, and its check.

Sheet names, the header row and the column order come from the format file
(:mod:`greencert.core.report_format`), never from here.  Every cell is written
as text (number format ``@``), cleaned the way the platform's rules ask:
trimmed, without invisible characters (zero-width spaces, the BOM, soft
hyphens), with any kind of space (ideographic, no-break, tabs, line breaks)
read as one ordinary space; numbers, codes and certificate numbers upper case
without any space; dates as text in the format's date format.

A row is a dict of the column's ``field`` → a plain value (text, a date, a
Decimal, a code-list key, or a list of them for a cell holding several).
:func:`check_rows` lists every missing or invalid required value by sheet, row
and column, in Chinese and English, before anything is written.

>>> clean_text("\\ufeff 绿色\\u3000服务\\u200b ")
'绿色 服务'
>>> clean_upper(" tb-gps 2026\\u00a00001 ")
'TB-GPS20260001'
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from decimal import Decimal

from openpyxl import Workbook

from greencert.core.exceptions import Problem
from greencert.core.report_format import Column, ReportFormat, Sheet

# Characters with no width that a copy and paste carries along unseen.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
NUMBER = re.compile(r"^[0-9][0-9.\-]*$")
TEXT = "@"
FIRST_DATA_ROW = 2  # row 1 is the header


def clean_text(value: object) -> str:
    """One line of text: NFC, no invisible characters, every run of spaces one space, trimmed."""
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    return " ".join(text.translate(INVISIBLE).split())


def clean_upper(value: object) -> str:
    """A number or code: upper case, with no space of any kind."""
    return "".join(clean_text(value).split()).upper()


def _date_text(value: object, date_format: str) -> str | None:
    """The date as the format writes it; None when *value* is not a date."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(clean_upper(value))
        except ValueError:
            return None
    return value.strftime(date_format) if isinstance(value, datetime.date) else None


def _number_text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 4.50 → 4.5, 10 → 10 (never 1E+1)
    return clean_upper(value)


def _values(value: object) -> list:
    """A cell's values: several for a list, none for blank."""
    values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if v is not None and clean_text(v) != ""]


class _Cell:
    """One cell: its text and its problems, worked out from the column and the format."""

    def __init__(self, fmt: ReportFormat, sheet: Sheet, column: Column, row: int):
        self.fmt, self.sheet, self.column, self.row = fmt, sheet, column, row
        self.problems: list[Problem] = []

    def problem(self, code: str, **params) -> None:
        column = self.column
        params = {"column": column.name, "column_en": column.name_en, **params}
        self.problems.append(Problem(code=code, params=params, sheet=self.sheet.name, row=self.row))

    def text(self, value: object) -> str:
        values = _values(value)
        if not values:
            if self.column.required:
                self.problem("report.missing")
            return ""
        parts = [self.one(v) for v in values]
        return self.fmt.list_separator.join(p for p in parts if p)

    def one(self, value: object) -> str:
        kind = self.column.kind
        if kind == "date":
            text = _date_text(value, self.fmt.date_format)
            if text is None:
                self.problem("report.not_date", value=clean_text(value))
            return text or ""
        if kind == "number":
            text = _number_text(value)
            if not NUMBER.match(text):
                self.problem("report.not_number", value=text)
            return text
        if kind == "code":
            return self.code(clean_text(value))
        return clean_upper(value) if kind == "upper" else clean_text(value)

    def code(self, key: str) -> str:
        code_list = self.fmt.code_lists[self.column.code_list]
        entry = code_list.entry(key)
        names = {"list": code_list.name, "list_en": code_list.name_en}
        if entry is None:
            self.problem("report.not_in_list", value=key, **names)
            return ""
        if not entry.code:
            self.problem(
                "report.code_to_complete", label=entry.label, label_en=entry.label_en, **names
            )
        return clean_upper(entry.code)


def sheet_cells(fmt: ReportFormat, sheet: Sheet, rows: list[dict]):
    """Each row's cells as text, in column order, and every problem found on the way."""
    cells, problems = [], []
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        line = []
        for column in sheet.columns:
            cell = _Cell(fmt, sheet, column, number)
            line.append(cell.text(row.get(column.field)))
            problems.extend(cell.problems)
        cells.append(line)
    return cells, problems


def check_rows(fmt: ReportFormat, rows: dict[str, list[dict]]) -> list[Problem]:
    """Every missing or invalid required value, sheet by sheet in the format's order."""
    problems = []
    for sheet in fmt.sheets:
        problems.extend(sheet_cells(fmt, sheet, rows.get(sheet.key, []))[1])
    return problems


def write_report(fmt: ReportFormat, rows: dict[str, list[dict]]) -> bytes:
    """The upload: every sheet of the format (an empty one keeps its header), all cells text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in fmt.sheets:
        ws = workbook.create_sheet(sheet.name)
        cells, _problems = sheet_cells(fmt, sheet, rows.get(sheet.key, []))
        for line in [list(sheet.header), *cells]:
            ws.append(line)
        for row in ws.iter_rows():
            for cell in row:
                cell.number_format = TEXT
                cell.data_type = "s"
        for index, column in enumerate(sheet.columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            ws.column_dimensions[letter].width = max(12, 2 * len(column.name) + 2)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
