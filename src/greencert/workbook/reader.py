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
import warnings
from typing import BinaryIO

import openpyxl
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from greencert.core.exceptions import InputError, Problem
from greencert.core.scheme import Scheme
from greencert.workbook.layout import EVALUATION, MATURITY, NONCONFORMITIES, parse_marker
from greencert.workbook.read_evaluation import read_evaluation
from greencert.workbook.read_management import read_maturity, read_nonconformities

KINDS = (EVALUATION, MATURITY, NONCONFORMITIES)


def read_workbook(scheme: Scheme, path_or_stream: str | os.PathLike | BinaryIO) -> dict:
    """The assessment data in the workbook; raises :class:`InputError` listing every problem."""
    name = os.fspath(path_or_stream) if isinstance(path_or_stream, str | os.PathLike) else ""
    book = _open(path_or_stream, name or "workbook")
    problems: list[Problem] = []
    evaluations: list[dict] = []
    maturity: list[tuple[str, dict]] = []
    nonconformities: list[dict] = []
    evaluation_ids: dict[str, str] = {}
    nc_ids: dict[str, dict] = {}
    sheets = [(ws, _marker(ws)) for ws in book.worksheets]
    sheets = [(ws, marker) for ws, marker in sheets if marker and marker[0] in KINDS]
    if not sheets:
        raise InputError(Problem(code="workbook.no_sheets", source=name or "workbook"))
    for ws, (kind, label) in sheets:
        if label != scheme.label:
            params = {"made_for": repr(label), "scheme": repr(scheme.label)}
            problems.append(Problem(code="workbook.other_scheme", params=params, sheet=ws.title))
        elif kind == EVALUATION:
            entry = read_evaluation(ws, scheme, problems, evaluation_ids)
            if entry is not None:
                evaluations.append(entry)
        elif kind == MATURITY:
            levels = read_maturity(ws, scheme, problems)
            if levels:
                maturity.append((ws.title, levels))
        else:
            nonconformities += read_nonconformities(ws, scheme, problems, nc_ids)
    if len(maturity) > 1:
        params = {"sheets": ", ".join(title for title, _ in maturity)}
        problems.append(Problem(code="workbook.maturity_twice", params=params, source="workbook"))
    if problems:
        raise InputError(problems)
    data: dict = {"scheme": scheme.label}
    if evaluations:
        data["evaluations"] = evaluations
    if maturity:
        data["maturity"] = maturity[0][1]
    data["nonconformities"] = nonconformities
    return data


def _open(source, name: str) -> Workbook:
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel extensions it drops (e.g. newer validations);
            # reading values does not need them.
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(source, data_only=False)
    except OSError:
        raise  # a missing or unreadable file is the caller's to report
    except Exception as exc:  # openpyxl raises many kinds of error on a non-xlsx file
        raise InputError(Problem(code="workbook.not_xlsx", source=name)) from exc


def _marker(ws: Worksheet) -> tuple[str, str] | None:
    """The sheet's kind and scheme from the marker in its first row, if any."""
    for row in ws.iter_rows(min_row=1, max_row=1, values_only=True):
        for value in row:
            found = parse_marker(value)
            if found:
                return found
    return None
