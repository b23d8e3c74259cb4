"""Read a filled workbook back into the plain data of the ``greencert score`` contract.

The result is exactly what the JSON input would hold (see
:mod:`greencert.core.inputs`), ready for
:func:`~greencert.core.inputs.parse_assessment`.  Nothing is half-read:
every problem in every sheet is collected, each naming its sheet and row,
and one :class:`~greencert.core.exceptions.InputError` lists them all.
Sheets are recognised by their hidden marker, not their name, so renamed
or copied sheets are read too.

The workbook says which scheme it was made for (its data sheets' markers)
and which checklists (the checklist sheets' markers, with their content
hash): read without a scheme, it is read as the scheme it names; a
checklist sheet made for another checklist version is refused, naming both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import BinaryIO

from greencert.core.checklist import Checklist
from greencert.core.exceptions import InputError, Problem, SchemeError
from greencert.core.registry import (
    available_schemes,
    get_scheme,
    qms_checklist_for,
    specific_checklist_for,
)
from greencert.core.scheme import Scheme
from greencert.workbook import limits
from greencert.workbook.layout import (
    EVALUATION,
    MARKER_COLUMN,
    MATURITY,
    NONCONFORMITIES,
    QMS,
    SPECIFIC,
    parse_marker,
    split_checklist_label,
)
from greencert.workbook.limits import Cell, Sheet
from greencert.workbook.read_checklist import SheetAudit, has_entries, read_checklist
from greencert.workbook.read_evaluation import read_evaluation
from greencert.workbook.read_management import read_maturity, read_nonconformities

KINDS = (EVALUATION, MATURITY, NONCONFORMITIES)
CHECKLIST_KINDS = (QMS, SPECIFIC)


@dataclass(frozen=True)
class Reading:
    """A workbook read: the contract's data, and what the contract has no key for (the reason
    given for each row out of scope, by checklist kind and row)."""

    data: dict
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)


def read_workbook(scheme: Scheme | None, path_or_stream: str | os.PathLike | BinaryIO) -> dict:
    """The assessment data in the workbook (``None``: of the scheme its markers name); raises
    :class:`InputError` listing every problem, or naming the first limit of
    :data:`~greencert.workbook.limits.ASSESSMENT` reached."""
    return read_book(scheme, path_or_stream).data


def read_book(
    scheme: Scheme | None,
    path_or_stream: str | os.PathLike | BinaryIO,
    *,
    checklists: dict[str, Checklist | None] | None = None,
) -> Reading:
    """The workbook read against *scheme* (``None``: the one its markers name) and *checklists*
    by kind (default: the scheme's, as a new project pins them)."""
    name = limits.name_of(path_or_stream)
    marked: list[tuple[Sheet, tuple[str, str]]] = []
    with limits.read(path_or_stream, limits.ASSESSMENT, name) as book:
        for ws in book.worksheets:
            rows = limits.rows(ws, limits.ASSESSMENT, MARKER_COLUMN, name)
            first = next(rows, ())
            marker = _marker(first)
            if marker and marker[0] in KINDS + CHECKLIST_KINDS:
                marked.append((Sheet(ws.title, [first, *rows]), marker))
    if not marked:
        raise InputError(Problem(code="workbook.no_sheets", source=name))
    scheme = scheme or _named_scheme(marked, name)
    found = Found(scheme, _checklists(scheme) if checklists is None else checklists)
    for sheet, marker in marked:
        found.read(sheet, marker)
    return found.reading()


def _named_scheme(marked: list[tuple[Sheet, tuple[str, str]]], name: str) -> Scheme:
    """The one scheme the data sheets name (the default when only checklist sheets are there)."""
    labels = sorted({label for _, (kind, label) in marked if kind in KINDS})
    if len(labels) > 1:
        params = {"labels": ", ".join(labels)}
        raise InputError(Problem(code="workbook.schemes_mixed", params=params, source=name))
    try:
        return get_scheme(labels[0] if labels else None)
    except SchemeError:
        known = ", ".join(sorted(s.label for s in available_schemes())) or "none"
        params = {"label": repr(labels[0]), "known": known}
        problem = Problem(code="workbook.unknown_scheme", params=params, source=name)
        raise InputError(problem) from None


def _checklists(scheme: Scheme) -> dict[str, Checklist | None]:
    """The scheme's checklists by kind; ``None`` for one it has not."""
    out: dict[str, Checklist | None] = {}
    for kind, lookup in ((QMS, qms_checklist_for), (SPECIFIC, specific_checklist_for)):
        try:
            out[kind] = lookup(scheme)
        except SchemeError:
            out[kind] = None
    return out


class Found:
    """What the workbook's sheets hold, and every problem met, sheet by sheet."""

    def __init__(self, scheme: Scheme, checklists: dict[str, Checklist | None]):
        self.scheme, self.checklists = scheme, checklists
        self.problems: list[Problem] = []
        self.evaluations: list[dict] = []
        self.maturity: list[tuple[str, dict]] = []
        self.nonconformities: list[dict] = []
        self.audits: dict[str, list[tuple[str, SheetAudit]]] = {QMS: [], SPECIFIC: []}
        self.evaluation_ids: dict[str, str] = {}
        self.nc_ids: dict[str, dict] = {}

    def read(self, sheet: Sheet, marker: tuple[str, str]) -> None:
        kind, label = marker
        scheme, problems = self.scheme, self.problems
        if kind in CHECKLIST_KINDS:
            self._checklist(sheet, kind, label)
        elif label != scheme.label:
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

    def _checklist(self, sheet: Sheet, kind: str, marked: str) -> None:
        label, digest = split_checklist_label(marked)
        expected = self.checklists.get(kind)
        if expected is None:
            if not has_entries(sheet):
                return  # a blank sheet of a checklist not in use is left alone
            params = {"label": repr(label), "scheme": repr(self.scheme.label)}
            self.problems.append(
                Problem(code="workbook.no_checklist", params=params, sheet=sheet.title)
            )
        elif (label, digest) != (expected.label, expected.hash):
            made_for, wanted = label, expected.label
            if label == expected.label:  # same name, other content: tell them apart by hash
                made_for, wanted = f"{label} ({digest[:12]}…)", f"{wanted} ({expected.hash[:12]}…)"
            params = {"made_for": repr(made_for), "checklist": repr(wanted)}
            self.problems.append(
                Problem(code="workbook.other_checklist", params=params, sheet=sheet.title)
            )
        else:
            audit = read_checklist(sheet, expected, self.problems)
            if audit.verdicts or audit.exemption:
                self.audits[kind].append((sheet.title, audit))

    def reading(self) -> Reading:
        for title_and_values in (self.maturity, *self.audits.values()):
            if len(title_and_values) > 1:
                code = "workbook.maturity_twice"
                if title_and_values is not self.maturity:
                    code = "workbook.checklist_twice"
                params = {"sheets": ", ".join(title for title, _ in title_and_values)}
                self.problems.append(Problem(code=code, params=params, source="workbook"))
        if self.problems:
            raise InputError(self.problems)
        data: dict = {"scheme": self.scheme.label}
        if self.evaluations:
            data["evaluations"] = self.evaluations
        if self.maturity:
            data["maturity"] = self.maturity[0][1]
        data["nonconformities"] = self.nonconformities
        reasons = {}
        for kind, found in self.audits.items():
            if not found:
                continue  # a blank checklist sheet: the audit is not recorded
            audit = found[0][1]
            if audit.verdicts:
                data[kind] = audit.verdicts
            if audit.exemption:
                data["exemption"] = audit.exemption
            reasons[kind] = audit.reasons
        return Reading(data, reasons)


def _marker(first_row: tuple[Cell, ...]) -> tuple[str, str] | None:
    """The sheet's kind and scheme (or checklist) from the marker in its first row, if any."""
    for cell in first_row:
        found = parse_marker(cell.value)
        if found:
            return found
    return None
