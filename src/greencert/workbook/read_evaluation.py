"""Read one evaluation sheet into the ``evaluations[]`` entry of the score contract.

Each cell is checked here, with the core's own per-value rules
(:func:`~greencert.core.inputs.parse_alpha`, :func:`~greencert.core.inputs.parse_likert`),
so that every problem names the sheet and row a person must go back to.
A sheet with nothing typed in it is a spare and is skipped; a started
sheet must rate every item (RULES.md §1: no item may be skipped).
"""

from __future__ import annotations

import datetime

from greencert.core.exceptions import InputError, Problem
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
from greencert.workbook.limits import Sheet

FIELDS = {zh: (key, f"{zh} {en.lower()}") for key, zh, en in EVALUATION_FIELDS}


def read_evaluation(
    ws: Sheet, scheme: Scheme, problems: list[Problem], seen: dict[str, str]
) -> dict | None:
    """The sheet's evaluation, or ``None`` if the sheet is empty; *seen* maps ids to sheets."""
    sheet = ws.title
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
                params = {"item": item_id, "other_row": str(ratings[item_id][0])}
                problems.append(
                    Problem(
                        code="workbook.item_twice",
                        params=params,
                        sheet=sheet,
                        row=row,
                        item=item_id,
                    )
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
        problems.append(Problem(code="workbook.stray_rating", sheet=sheet, row=row))
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
                params = {"label": label}
                problems.append(Problem(code="workbook.no_field_row", params=params, sheet=sheet))
            continue
        row, cell = fields[key]
        where = {"sheet": sheet, "row": row, "field": label}
        if is_formula(cell):
            problems.append(Problem(code="workbook.formula", **where))
            continue
        value = _date(cell.value, where, problems) if key == "date" else text(cell.value)
        if key == "source":
            value = value.lower()
            if value and value not in SOURCES:
                params = {"value": repr(value), "choices": ", ".join(SOURCES)}
                problems.append(
                    Problem(code="evaluation.bad_source", params=params, value=value, **where)
                )
        if key == "id":
            if not value:
                params = {"label": zh}
                problems.append(
                    Problem(code="workbook.needs_evaluation_id", params=params, **where)
                )
            elif value in seen:
                params = {"id": repr(value), "other_sheet": seen[value]}
                problems.append(
                    Problem(
                        code="workbook.evaluation_id_twice", params=params, value=value, **where
                    )
                )
            else:
                seen[value] = sheet
        if value:
            entry[key] = value
    return entry


def _date(value: object, where: dict, problems: list[Problem]) -> str:
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
        params = {"value": repr(text(value))}
        problems.append(Problem(code="evaluation.bad_date", params=params, value=value, **where))
        return ""


def _ratings(sheet: str, ratings: dict, scheme: Scheme, problems: list[Problem]):
    """α and Likert levels by item, in scheme order; each cell checked by the core's rule."""
    alphas, likert, missing = {}, {}, []
    for item_id in scheme.items:
        if item_id not in ratings:
            missing.append(f"{item_id} (no row)")
            continue
        row, alpha, level = ratings[item_id]
        where = {"sheet": sheet, "row": row, "item": item_id}
        if is_formula(alpha) or is_formula(level):
            problems.append(Problem(code="workbook.rating_formula", **where))
        elif is_blank(alpha.value) and is_blank(level.value):
            missing.append(f"{item_id} (row {row})")
        elif not is_blank(alpha.value) and not is_blank(level.value):
            params = {"alpha": str(exact(alpha.value)), "level": str(exact(level.value))}
            problems.append(Problem(code="workbook.both_ratings", params=params, **where))
        elif not is_blank(alpha.value):
            _keep(alphas, item_id, parse_alpha, exact(alpha.value), scheme, where, problems)
        else:
            # Handed over as typed: the core reads an int or float exactly, and quotes it as typed.
            value = level.value.strip() if isinstance(level.value, str) else level.value
            _keep(likert, item_id, parse_likert, value, scheme, where, problems)
    if missing:
        params = {"items": ", ".join(missing)}
        problems.append(Problem(code="workbook.unrated", params=params, sheet=sheet))
    return alphas, likert


def _keep(into: dict, item_id: str, read, value, scheme: Scheme, where: dict, problems) -> None:
    """Keep what the core's rule *read* makes of *value*, or its problem placed at *where*."""
    try:
        into[item_id] = read(value, scheme)
    except InputError as refused:
        problems.extend(p.at(**where) for p in refused.problems)
