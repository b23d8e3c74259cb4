"""Paper questionnaires: an Excel template with one row per questionnaire, and its reader.

Row 1 holds the column headers — the date, the item ids (1.1 … 7.1) and
the comment — and row 2 the questions as the customer read them; each
questionnaire is one row from row 3.  The reader finds columns by their
header, checks every cell and names each problem by row and column
("row 7 column 3.2: level 6 is not one of 1–5"); on any problem nothing is
returned, so nothing is stored.
"""

from __future__ import annotations

import contextlib
import datetime
import warnings
from dataclasses import dataclass

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from greencert.core.exceptions import InputError, Problem
from greencert.core.scheme import Scheme
from greencert.web.surveys.answers import Answers, comment_problem, level_problem, read_level
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
    answers: Answers


def write_template(scheme: Scheme, stream, *, title: str = "") -> None:
    """The blank template for *scheme* (*title* names the survey on the instructions sheet)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "问卷"
    items = list(scheme.items.values())
    last = len(items) + 2
    headers = [DATE_HEADER, *[item.id for item in items], COMMENT_HEADER]
    hints = [DATE_HINT, *[item.question for item in items], _("optional")]
    for column, (header, hint) in enumerate(zip(headers, hints, strict=True), start=1):
        cell = ws.cell(1, column, header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        cell.number_format = "@"  # item ids stay text: 1.10 would not become 1.1
        hint_cell = ws.cell(2, column, hint)
        hint_cell.font = Font(italic=True, color="595959", size=9)
        hint_cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(column)].width = 12
    ws.column_dimensions["A"].width = 13
    ws.column_dimensions[get_column_letter(last)].width = 40
    ws.row_dimensions[2].height = 120
    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    end = FIRST_ROW + TEMPLATE_ROWS - 1
    top = len(scheme.likert)
    levels = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2=str(top),
        showErrorMessage=True,
        error=_("A level from 1 to %(top)d") % {"top": top},
    )
    levels.add(f"B{FIRST_ROW}:{get_column_letter(last - 1)}{end}")
    dates = DataValidation(type="date", operator="greaterThan", formula1="36526")
    dates.add(f"A{FIRST_ROW}:A{end}")
    ws.add_data_validation(levels)
    ws.add_data_validation(dates)
    for row in range(FIRST_ROW, FIRST_ROW + 20):
        for column in range(1, last + 1):
            ws.cell(row, column).fill = INPUT_FILL
        ws.cell(row, 1).number_format = "yyyy-mm-dd"

    notes = book.create_sheet("说明")
    lines = [
        title,
        _("One row per paper questionnaire, from row 3; every question needs a level."),
        _("Date: the day the questionnaire was filled in (YYYY-MM-DD)."),
        _("Levels:"),
        *[f"{band.level} = {band.label} ({band.label_en})" for band in scheme.likert],
        _("Comment: optional."),
        scheme.label,
    ]
    for row, line in enumerate(filter(None, lines), start=1):
        notes.cell(row, 1, line)
    notes.column_dimensions["A"].width = 80
    book.save(stream)


def _open(stream):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(stream)
    except Exception as exc:  # openpyxl raises many kinds of error on a non-xlsx file
        raise InputError(
            Problem(field=_("workbook"), message=_("not an Excel .xlsx workbook"))
        ) from exc


def _where(row: int, column: str) -> str:
    return _("row %(row)d column %(column)s") % {"row": row, "column": column}


def _columns(ws, scheme: Scheme, problems: list[Problem]) -> dict[str, int]:
    """Column number of the date, of each item and of the comment, from row 1."""
    columns: dict[str, int] = {}
    for cell in next(ws.iter_rows(min_row=1, max_row=1), ()):
        label = text(cell.value).strip()
        if not label:
            continue
        lowered = label.lower()
        key = (
            "date"
            if "date" in lowered or "日期" in label
            else "comment"
            if "comment" in lowered or "意见" in label
            else label
        )
        if key not in ("date", "comment") and key not in scheme.items:
            problems.append(
                Problem(
                    field=_where(1, get_column_letter(cell.column)),
                    message=_("“%(label)s” is not a question of the scheme")
                    % {"label": label[:20]},
                )
            )
            continue
        if key in columns:
            problems.append(
                Problem(
                    field=_where(1, get_column_letter(cell.column)),
                    message=_("this column is repeated"),
                )
            )
            continue
        columns[key] = cell.column
    for key in ("date", *scheme.items):
        if key not in columns:
            problems.append(
                Problem(
                    field=_("row 1"),
                    message=_("the column %(column)s is missing") % {"column": key},
                )
            )
    return columns


def _date(cell, where: str, problems: list[Problem]) -> datetime.date | None:
    value = cell.value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.date.fromisoformat(value.strip())
    if not isinstance(value, datetime.date):
        shown = "" if value is None else text(value)
        problems.append(
            Problem(
                field=where,
                message=_("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": shown[:20]},
            )
        )
        return None
    if value > timezone.localdate():
        problems.append(
            Problem(field=where, message=_("%(date)s is in the future") % {"date": value})
        )
        return None
    return value


def read_questionnaires(scheme: Scheme, stream) -> list[Row]:
    """Every filled row as a complete questionnaire; raises :class:`InputError` naming cells."""
    ws = _open(stream).worksheets[0]
    problems: list[Problem] = []
    columns = _columns(ws, scheme, problems)
    if problems:
        raise InputError(problems)
    rows: list[Row] = []
    for cells in ws.iter_rows(min_row=2):
        number = cells[0].row
        by_column = {cell.column: cell for cell in cells}
        used = [by_column.get(c) for c in columns.values()]
        if all(c is None or is_blank(c.value) for c in used):
            continue
        date_cell = by_column.get(columns["date"])
        if number == 2 and date_cell is not None and text(date_cell.value) == DATE_HINT:
            continue  # the row of questions
        if len(rows) >= MAX_ROWS:
            problems.append(
                Problem(
                    field=_where(number, "A"), message=_("more than %(n)d rows") % {"n": MAX_ROWS}
                )
            )
            break
        start = len(problems)
        date = _date(date_cell, _where(number, _("date")), problems)
        likert: dict[str, int] = {}
        for item_id in scheme.items:
            cell = by_column.get(columns[item_id])
            where = _where(number, item_id)
            if cell is None or is_blank(cell.value):
                problems.append(
                    Problem(field=where, message=_("not answered (every question is required)"))
                )
            elif is_formula(cell):
                problems.append(
                    Problem(field=where, message=_("is a formula: type the level itself"))
                )
            elif (level := read_level(scheme, exact(cell.value))) is None:
                problems.append(
                    Problem(field=where, message=level_problem(scheme, text(cell.value)))
                )
            else:
                likert[item_id] = level
        comment = ""
        if "comment" in columns and (cell := by_column.get(columns["comment"])) is not None:
            comment = text(cell.value).strip()
            if problem := comment_problem(comment):
                problems.append(Problem(field=_where(number, _("comment")), message=problem))
        if len(problems) == start:
            rows.append(Row(number, date, Answers(likert, comment)))
    if not rows and not problems:
        problems.append(Problem(field=_("workbook"), message=_("no questionnaire is filled in")))
    if problems:
        raise InputError(problems)
    return rows
