"""Read one evaluation sheet into the ``evaluations[]`` entry of the score contract.

Each cell is checked here, with the core's own per-value rules
(:func:`~greencert.core.inputs.parse_alpha`, :func:`~greencert.core.inputs.parse_likert`),
so that every problem names the sheet and row a person must go back to.
A sheet with nothing typed in it is a spare and is skipped; a started
sheet must rate every item (RULES.md §1: no item may be skipped).
"""

from __future__ import annotations

import datetime

from openpyxl.worksheet.worksheet import Worksheet

from greencert.core.exceptions import Problem
from greencert.core.inputs import SOURCES, parse_alpha, parse_likert
from greencert.core.scheme import Scheme
from greencert.workbook.cells import exact, find_row, is_blank, is_formula, text
from greencert.workbook.layout import (
    EVALUATION_FIELDS,
    EVALUATION_HEADER_ROW,
    EVALUATION_HEADERS,
    FIELD_VALUE_COLUMN,
    label_of,
)
from greencert.workbook.layout import EvaluationColumn as C

FIELDS = {zh: (key, f"{zh} {en.lower()}") for key, zh, en in EVALUATION_FIELDS}
FORMULA = "holds a formula: type the value itself"


def read_evaluation(
    ws: Worksheet, scheme: Scheme, problems: list[Problem], seen: dict[str, str]
) -> dict | None:
    """The sheet's evaluation, or ``None`` if the sheet is empty; *seen* maps ids to sheets."""
    sheet = f"sheet {ws.title}"
    header = find_row(ws, EVALUATION_HEADERS[0][0], EVALUATION_HEADER_ROW)
    fields, ratings, stray = {}, {}, []
    for cells in ws.iter_rows(max_col=len(C)):
        row, first = cells[0].row, cells[0].value
        alpha, level = cells[C.ALPHA - 1], cells[C.LIKERT - 1]
        if row < header and label_of(first) in FIELDS:
            fields.setdefault(FIELDS[label_of(first)][0], (row, cells[FIELD_VALUE_COLUMN - 1]))
        elif row > header and text(first) in scheme.items:
            item_id = text(first)
            if item_id in ratings:
                where = f"{sheet} row {row} (item {item_id})"
                problems.append(
                    Problem(where, f"item {item_id} is also on row {ratings[item_id][0]}")
                )
            else:
                ratings[item_id] = (row, alpha, level)
        elif row > header and not (is_blank(alpha.value) and is_blank(level.value)):
            stray.append(row)
    typed = [cell for _, cell in fields.values()]
    typed += [cell for _, alpha, level in ratings.values() for cell in (alpha, level)]
    if not stray and all(is_blank(cell.value) for cell in typed):
        return None  # a spare sheet
    for row in stray:
        problems.append(
            Problem(f"{sheet} row {row}", "has a rating but no item id of the scheme in column A")
        )
    entry = _fields(sheet, fields, problems, seen)
    alphas, likert = _ratings(sheet, ratings, scheme, problems)
    if alphas:
        entry["alpha"] = alphas
    if likert:
        entry["likert"] = likert
    return entry


def _fields(sheet: str, fields: dict, problems: list[Problem], seen: dict[str, str]) -> dict:
    entry: dict = {}
    for zh, (key, label) in FIELDS.items():
        if key not in fields:
            if key == "id":
                problems.append(Problem(sheet, f"has no {label} row: it cannot be identified"))
            continue
        row, cell = fields[key]
        where = f"{sheet} row {row} ({label})"
        if is_formula(cell):
            problems.append(Problem(where, FORMULA))
            continue
        value = _date(cell.value, where, problems) if key == "date" else text(cell.value)
        if key == "source":
            value = value.lower()
            if value and value not in SOURCES:
                message = f"source {value!r} is not one of {', '.join(SOURCES)}"
                problems.append(Problem(where, message))
        if key == "id":
            if not value:
                problems.append(Problem(where, f"needs an evaluation id ({zh})"))
            elif value in seen:
                problems.append(
                    Problem(where, f"evaluation id {value!r} is also used on {seen[value]}")
                )
            else:
                seen[value] = sheet
        if value:
            entry[key] = value
    return entry


def _date(value: object, where: str, problems: list[Problem]) -> str:
    """A date cell or ISO text as ``YYYY-MM-DD``; anything else is a problem."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()  # a time typed with the date is dropped
    if isinstance(value, datetime.date):
        return value.isoformat()
    if is_blank(value):
        return ""
    try:
        return datetime.date.fromisoformat(text(value)).isoformat()
    except ValueError:
        problems.append(Problem(where, f"date {text(value)!r} is not a date (YYYY-MM-DD)"))
        return ""


def _ratings(sheet: str, ratings: dict, scheme: Scheme, problems: list[Problem]):
    """α and Likert levels by item, in scheme order; each cell checked by the core's rule."""
    alphas, likert, missing = {}, {}, []
    for item_id in scheme.items:
        if item_id not in ratings:
            missing.append(f"{item_id} (no row)")
            continue
        row, alpha, level = ratings[item_id]
        where = f"{sheet} row {row} (item {item_id})"
        if is_formula(alpha) or is_formula(level):
            problems.append(Problem(where, f"the α or Likert cell {FORMULA}"))
        elif is_blank(alpha.value) and is_blank(level.value):
            missing.append(f"{item_id} (row {row})")
        elif not is_blank(alpha.value) and not is_blank(level.value):
            given = f"α {exact(alpha.value)} and Likert level {exact(level.value)}"
            problems.append(Problem(where, f"gives both {given}: fill only one"))
        elif not is_blank(alpha.value):
            _keep(alphas, item_id, parse_alpha(exact(alpha.value), scheme), where, problems)
        else:
            # Handed over as typed: the core reads an int or float exactly, and quotes it as typed.
            value = level.value.strip() if isinstance(level.value, str) else level.value
            _keep(likert, item_id, parse_likert(value, scheme), where, problems)
    if missing:
        problems.append(
            Problem(sheet, f"items not rated: {', '.join(missing)} (every item needs α or Likert)")
        )
    return alphas, likert


def _keep(into: dict, item_id: str, result: object, where: str, problems: list[Problem]) -> None:
    if isinstance(result, str):
        problems.append(Problem(where, result))
    else:
        into[item_id] = result
