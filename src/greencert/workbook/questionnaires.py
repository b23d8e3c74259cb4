"""Paper questionnaires of a customer survey: an Excel template with one row per
questionnaire, and its reader.

Row 1 holds the column headers — the date, the item ids (1.1 … 7.1) and
the comment — and row 2 the questions as the customer read them; each
questionnaire is one row from row 3.  The reader finds columns by their
header, checks every cell and reports each problem as an :class:`Issue`: a
code, the row and column, and its figures (the web app words them in the
reader's language: "row 7 column 3.2: level 6 is not one of 1–5").  On any
problem nothing is returned, so nothing is stored.

No Django here: the words of the template (instructions, hints) come in as
:class:`TemplateTexts`, and the limits (today, the comment's length) as
arguments.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, field

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from greencert.core.exceptions import InputError
from greencert.core.ratings import parse_likert
from greencert.core.scheme import Scheme
from greencert.workbook import limits
from greencert.workbook.cells import exact, is_blank, is_formula, text

DATE_HEADER = "日期 date"
COMMENT_HEADER = "意见 comment"
DATE_HINT = "YYYY-MM-DD"
FIRST_ROW = 3
TEMPLATE_ROWS = 500  # rows prepared with validations (more may be added)
MAX_ROWS = 5000  # questionnaires per upload
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class Row:
    row: int
    date: datetime.date
    likert: dict[str, int]  # every item of the scheme → its level
    comment: str


@dataclass(frozen=True)
class Issue:
    """One problem of a filled template.

    ``code`` says what is wrong; ``row`` and ``column`` where (``row`` None: the
    workbook as a whole; ``column`` None: the header row as a whole; else a column letter,
    an item id, ``"date"`` or ``"comment"``); ``params`` the figures to show.
    Codes: ``empty``, ``not_a_question`` (label), ``repeated_column``,
    ``missing_column`` (column), ``too_many_rows`` (n), ``not_a_date`` (value),
    ``future_date`` (date), ``not_answered``, ``formula``, ``bad_level`` (value),
    ``comment_too_long`` (limit).
    """

    code: str
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)


class QuestionnaireIssues(Exception):
    """The filled template cannot be stored; ``issues`` lists every problem."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(issue.code for issue in issues))
        self.issues = issues


@dataclass(frozen=True)
class TemplateTexts:
    """The words of the template, in the reader's language (already filled in)."""

    title: str  # names the survey, first line of the instructions
    optional: str  # the hint under the comment header
    level_error: str  # Excel's message for a cell outside the levels
    one_row: str  # instructions, line by line
    date: str
    levels: str
    comment: str


def write_template(scheme: Scheme, stream, *, texts: TemplateTexts) -> None:
    """The blank questionnaire template for *scheme*."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "问卷"
    items = list(scheme.items.values())
    headers = [DATE_HEADER, *[item.id for item in items], COMMENT_HEADER]
    hints = [DATE_HINT, *[item.question for item in items], texts.optional]
    for column, (header, hint) in enumerate(zip(headers, hints, strict=True), start=1):
        _header(ws, column, header, hint)
    last = len(headers)
    ws.column_dimensions["A"].width = 13
    ws.column_dimensions[get_column_letter(last)].width = 40
    ws.row_dimensions[2].height = 120
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    _validations(ws, scheme, last, texts.level_error)
    for row in range(FIRST_ROW, FIRST_ROW + 20):
        for column in range(1, last + 1):
            ws.cell(row, column).fill = INPUT_FILL
        ws.cell(row, 1).number_format = "yyyy-mm-dd"
    _notes(book.create_sheet("说明"), scheme, texts)
    book.save(stream)


def _header(ws, column: int, header: str, hint: str) -> None:
    cell = ws.cell(1, column, header)
    cell.font, cell.fill = Font(bold=True), HEADER_FILL
    cell.alignment = Alignment(horizontal="center")
    cell.number_format = "@"  # item ids stay text: 1.10 would not become 1.1
    hint_cell = ws.cell(2, column, hint)
    hint_cell.font = Font(italic=True, color="595959", size=9)
    hint_cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions[get_column_letter(column)].width = 12


def _validations(ws, scheme: Scheme, last: int, level_error: str) -> None:
    end = FIRST_ROW + TEMPLATE_ROWS - 1
    levels = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2=str(len(scheme.likert)),
        showErrorMessage=True,
        error=level_error,
    )
    levels.add(f"B{FIRST_ROW}:{get_column_letter(last - 1)}{end}")
    dates = DataValidation(type="date", operator="greaterThan", formula1="36526")
    dates.add(f"A{FIRST_ROW}:A{end}")
    ws.add_data_validation(levels)
    ws.add_data_validation(dates)


def _notes(notes, scheme: Scheme, texts: TemplateTexts) -> None:
    lines = [
        texts.title,
        texts.one_row,
        texts.date,
        texts.levels,
        *[f"{band.level} = {band.label} ({band.label_en})" for band in scheme.likert],
        texts.comment,
        scheme.label,
    ]
    for row, line in enumerate(filter(None, lines), start=1):
        notes.cell(row, 1, line)
    notes.column_dimensions["A"].width = 80


def _key(label: str) -> str:
    lowered = label.lower()
    if "date" in lowered or "日期" in label:
        return "date"
    if "comment" in lowered or "意见" in label:
        return "comment"
    return label


def _columns(header: tuple, scheme: Scheme, issues: list[Issue]) -> dict[str, int]:
    """Column number of the date, of each item and of the comment, from row 1."""
    columns: dict[str, int] = {}
    for cell in header:
        label = text(cell.value).strip()
        if not label:
            continue
        key, letter = _key(label), get_column_letter(cell.column)
        if key not in ("date", "comment") and key not in scheme.items:
            issues.append(Issue("not_a_question", 1, letter, {"label": label[:20]}))
        elif key in columns:
            issues.append(Issue("repeated_column", 1, letter))
        else:
            columns[key] = cell.column
    for key in ("date", *scheme.items):
        if key not in columns:
            issues.append(Issue("missing_column", 1, None, {"column": key}))
    return columns


def _date(cell, row: int, today: datetime.date, issues: list[Issue]) -> datetime.date | None:
    value = cell.value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.date.fromisoformat(value.strip())
    if not isinstance(value, datetime.date):
        shown = "" if value is None else text(value)
        issues.append(Issue("not_a_date", row, "date", {"value": shown[:20]}))
        return None
    if value > today:
        issues.append(Issue("future_date", row, "date", {"date": value}))
        return None
    return value


def _level(cell, scheme: Scheme, row: int, item_id: str, issues: list[Issue]) -> int | None:
    if cell is None or is_blank(cell.value):
        issues.append(Issue("not_answered", row, item_id))
        return None
    if is_formula(cell):
        issues.append(Issue("formula", row, item_id))
        return None
    try:
        return parse_likert(exact(cell.value), scheme)
    except InputError:
        issues.append(Issue("bad_level", row, item_id, {"value": text(cell.value)}))
        return None


def _row(by_column, columns, scheme, number, today, comment_limit, issues) -> Row | None:
    """The questionnaire of one filled row, or None (its problems added to *issues*)."""
    start = len(issues)
    date = _date(by_column.get(columns["date"]), number, today, issues)
    likert = {}
    for item_id in scheme.items:
        level = _level(by_column.get(columns[item_id]), scheme, number, item_id, issues)
        if level is not None:
            likert[item_id] = level
    comment = ""
    if "comment" in columns and (cell := by_column.get(columns["comment"])) is not None:
        comment = text(cell.value).strip()
        if len(comment) > comment_limit:
            issues.append(Issue("comment_too_long", number, "comment", {"limit": comment_limit}))
    return Row(number, date, likert, comment) if len(issues) == start else None


def read_questionnaires(
    scheme: Scheme, stream, *, today: datetime.date, comment_limit: int
) -> list[Row]:
    """Every filled row as a complete questionnaire; raises :class:`QuestionnaireIssues`,
    or :class:`~greencert.core.exceptions.InputError` at the first limit of
    :data:`~greencert.workbook.limits.QUESTIONNAIRES` reached (or for a file that is not
    a workbook)."""
    bounds, name = limits.QUESTIONNAIRES, limits.name_of(stream)
    with limits.read(stream, bounds, name) as book:
        if not book.worksheets:
            raise QuestionnaireIssues([Issue("empty")])
        # One pass over the sheet, row by row: nothing but the questionnaires is kept.
        rows_read = limits.rows(book.worksheets[0], bounds, bounds.columns, name)
        issues: list[Issue] = []
        columns = _columns(next(rows_read, ()), scheme, issues)
        if issues:
            raise QuestionnaireIssues(issues)
        rows = _rows(rows_read, columns, scheme, today, comment_limit, issues)
    if not rows and not issues:
        issues.append(Issue("empty"))
    if issues:
        raise QuestionnaireIssues(issues)
    return rows


def _rows(rows_read, columns, scheme, today, comment_limit, issues) -> list[Row]:
    rows: list[Row] = []
    for cells in rows_read:
        number = cells[0].row
        by_column = {cell.column: cell for cell in cells}
        if all(by_column.get(c) is None or is_blank(by_column[c].value) for c in columns.values()):
            continue
        date_cell = by_column.get(columns["date"])
        if number == 2 and date_cell is not None and text(date_cell.value) == DATE_HINT:
            continue  # the row of questions
        if len(rows) >= MAX_ROWS:
            issues.append(Issue("too_many_rows", number, "A", {"n": MAX_ROWS}))
            break
        row = _row(by_column, columns, scheme, number, today, comment_limit, issues)
        if row is not None:
            rows.append(row)
    return rows
