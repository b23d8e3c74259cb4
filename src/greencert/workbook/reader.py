"""Read a filled workbook back into the plain data of the ``greencert score`` contract.

The result is exactly what the JSON input would hold (see
:mod:`greencert.core.inputs`), ready for
:func:`~greencert.core.inputs.parse_assessment`.  Nothing is half-read:
every problem in every sheet is collected, each naming its sheet and row,
and one :class:`~greencert.core.exceptions.InputError` lists them all.
Sheets are recognised by their hidden marker, not their name, so renamed
or copied sheets are read too.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from greencert.core.exceptions import InputError, Problem
from greencert.core.scheme import Scheme
from greencert.workbook import limits
from greencert.workbook.layout import (
    EVALUATION,
    MARKER_COLUMN,
    MATURITY,
    NONCONFORMITIES,
    parse_marker,
)
from greencert.workbook.limits import Cell, Sheet
from greencert.workbook.read_evaluation import read_evaluation
from greencert.workbook.read_management import read_maturity, read_nonconformities

KINDS = (EVALUATION, MATURITY, NONCONFORMITIES)


def read_workbook(scheme: Scheme, path_or_stream: str | os.PathLike | BinaryIO) -> dict:
    """The assessment data in the workbook; raises :class:`InputError` listing every problem,
    or naming the first limit of :data:`~greencert.workbook.limits.ASSESSMENT` reached."""
    name = limits.name_of(path_or_stream)
    found = Found()
    with limits.read(path_or_stream, limits.ASSESSMENT, name) as book:
        for ws in book.worksheets:
            rows = limits.rows(ws, limits.ASSESSMENT, MARKER_COLUMN, name)
            first = next(rows, ())
            marker = _marker(first)
            if marker and marker[0] in KINDS:
                found.read(Sheet(ws.title, [first, *rows]), marker, scheme)
    if not found.sheets:
        raise InputError(Problem(code="workbook.no_sheets", source=name))
    return found.data(scheme)


class Found:
    """What the workbook's sheets hold, and every problem met, sheet by sheet."""

    def __init__(self):
        self.sheets = 0
        self.problems: list[Problem] = []
        self.evaluations: list[dict] = []
        self.maturity: list[tuple[str, dict]] = []
        self.nonconformities: list[dict] = []
        self.evaluation_ids: dict[str, str] = {}
        self.nc_ids: dict[str, dict] = {}

    def read(self, sheet: Sheet, marker: tuple[str, str], scheme: Scheme) -> None:
        kind, label = marker
        self.sheets += 1
        problems = self.problems
        if label != scheme.label:
            params = {"made_for": repr(label), "scheme": repr(scheme.label)}
            problems.append(Problem(code="workbook.other_scheme", params=params, sheet=sheet.title))
        elif kind == EVALUATION:
            entry = read_evaluation(sheet, scheme, problems, self.evaluation_ids)
            if entry is not None:
                self.evaluations.append(entry)
        elif kind == MATURITY:
            levels = read_maturity(sheet, scheme, problems)
            if levels:
                self.maturity.append((sheet.title, levels))
        else:
            self.nonconformities += read_nonconformities(sheet, scheme, problems, self.nc_ids)

    def data(self, scheme: Scheme) -> dict:
        if len(self.maturity) > 1:
            params = {"sheets": ", ".join(title for title, _ in self.maturity)}
            self.problems.append(
                Problem(code="workbook.maturity_twice", params=params, source="workbook")
            )
        if self.problems:
            raise InputError(self.problems)
        data: dict = {"scheme": scheme.label}
        if self.evaluations:
            data["evaluations"] = self.evaluations
        if self.maturity:
            data["maturity"] = self.maturity[0][1]
        data["nonconformities"] = self.nonconformities
        return data


def _marker(first_row: tuple[Cell, ...]) -> tuple[str, str] | None:
    """The sheet's kind and scheme from the marker in its first row, if any."""
    for cell in first_row:
        found = parse_marker(cell.value)
        if found:
            return found
    return None
