"""Reading an uploaded workbook within limits, checked while it is read.

An ``.xlsx`` file is a zip of XML parts, and a small one can unpack to a great
deal: 191 KB held a million cells.  openpyxl's read-only mode streams rows,
but it first reads every sheet to its end when the sheet does not state its
size (a million cells: 4 s), and it builds a whole row before handing it over
(one row of a million cells: 25 s, 400 MB).  So the limits are checked on the
XML as it streams, before openpyxl opens the file, and the first one reached
stops the reading with a :class:`~greencert.core.exceptions.Problem` naming the
limit and where it was hit:

1. the package, before any part is parsed: how many parts, how much they
   unpack to (the zip records each size, and :mod:`zipfile` unpacks no more),
   how many sheets the workbook lists;
2. each sheet, streamed: its rows, the column of each cell, the cells of the
   whole workbook;
3. each cell as openpyxl then reads it (:func:`rows`): the length of its text.

>>> import io
>>> with read(io.BytesIO(b"not a zip"), ASSESSMENT, "x.xlsx") as book:
...     pass
Traceback (most recent call last):
...
greencert.core.exceptions.InputError: x.xlsx: not an Excel .xlsx workbook
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple
from xml.etree.ElementTree import ParseError, iterparse

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook import Workbook

from greencert.core.exceptions import InputError, Problem

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
MB = 1024 * 1024
# What zipfile raises on a damaged, encrypted or oddly compressed archive.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError)


@dataclass(frozen=True)
class Limits:
    """How much of a workbook is read; beyond any of these it is refused."""

    unpacked_mb: int  # all parts together, unpacked
    parts: int  # files inside the zip
    elements: int  # XML elements in all parts together (what any parser builds)
    sheets: int
    rows: int  # the last row number of a sheet
    columns: int  # the column of any cell
    cells: int  # cells in all sheets together
    text: int  # characters in one cell


# The assessment template: 50 evaluation sheets unpack to 1.4 MB: 60 parts, 55 sheets,
# 26,000 cells and 58,000 XML elements.
ASSESSMENT = Limits(
    unpacked_mb=8,
    parts=500,
    elements=400_000,
    sheets=64,
    rows=2000,
    columns=64,
    cells=100_000,
    text=10_000,
)
# Paper questionnaires: 5,000 rows of 19 levels and a 100-character comment unpack to
# 5 MB: 106,000 cells, 240,000 XML elements.
QUESTIONNAIRES = Limits(
    unpacked_mb=16,
    parts=500,
    elements=600_000,
    sheets=8,
    rows=10_000,
    columns=64,
    cells=250_000,
    text=10_000,
)


class Cell(NamedTuple):
    """A cell as the readers use it (openpyxl's read-only cells have no row when empty)."""

    row: int
    column: int
    value: object = None
    data_type: str = "n"


@dataclass(frozen=True)
class Sheet:
    """A sheet read within the limits, kept for readers that look at it more than once."""

    title: str
    rows: list[tuple[Cell, ...]]  # from row 1, each as wide as it was read

    def iter_rows(self, min_row: int = 1, max_col: int | None = None):
        """The rows from *min_row*, each cut at *max_col* (openpyxl's names)."""
        for cells in self.rows[min_row - 1 :]:
            yield cells[:max_col]


def name_of(source) -> str:
    """How a problem names the file: its path, an upload's own name, else "workbook"."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return posixpath.basename(name) if isinstance(name, str) and name else "workbook"


def _refused(code: str, source: str, **where) -> InputError:
    params = {k: str(v) for k, v in where.pop("params", {}).items()}
    return InputError(Problem(code=code, params=params, source=source, **where))


@contextlib.contextmanager
def read(source, limits: Limits, name: str) -> Iterator[Workbook]:
    """The workbook in openpyxl's read-only mode, once its package and sheets are within
    *limits*; raises :class:`InputError` at the first limit reached (*name* names the file)."""
    try:
        archive = zipfile.ZipFile(source)
    except DAMAGED as exc:
        raise _refused("workbook.not_xlsx", name) from exc
    try:
        with archive:
            _Scan(archive, limits, name).package()
    except (*DAMAGED, ParseError, KeyError) as exc:  # KeyError: no xl/workbook.xml
        raise _refused("workbook.not_xlsx", name) from exc
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel extensions it drops (e.g. newer validations);
            # reading values does not need them.
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(source, read_only=True, data_only=False)
    except OSError:
        raise  # a missing or unreadable file is the caller's to report
    except Exception as exc:  # openpyxl raises many kinds of error on a non-xlsx file
        raise _refused("workbook.not_xlsx", name) from exc
    try:
        yield book
    finally:
        book.close()


class _Scan:
    """Every XML part streamed once, counted as it goes by; nothing is kept."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits, name: str):
        self.archive, self.limits, self.name = archive, limits, name
        self.elements = self.cells = 0

    def refuse(self, code: str, **where) -> InputError:
        return _refused(code, self.name, **where)

    def package(self) -> None:
        parts, limits = self.archive.infolist(), self.limits
        if len(parts) > limits.parts:
            raise self.refuse("workbook.too_many_parts", params={"limit": limits.parts})
        unpacked = sum(part.file_size for part in parts)
        if unpacked > limits.unpacked_mb * MB:
            params = {"limit": limits.unpacked_mb, "size": f"{unpacked / MB:.1f}"}
            raise self.refuse("workbook.too_large", params=params)
        sheets = self._sheets()
        targets = self._targets()
        titles = {targets.get(rid): title for title, rid in sheets}
        read = {WORKBOOK_PART, WORKBOOK_RELATIONSHIPS}
        for part in parts:
            # The XML parts openpyxl may parse (not VML drawings, which are seldom well formed
            # and which it leaves alone in read-only mode).
            if part.filename.endswith((".xml", ".rels")) and part.filename not in read:
                with self.archive.open(part) as stream:
                    self._part(stream, titles.get(part.filename))

    def _elements(self, stream, events=("end",)):
        """The part's XML events, each finished element dropped from its parent (so the
        tree never grows) and counted against the workbook's limit."""
        open_ = []
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                self.elements += 1
                if self.elements > self.limits.elements:
                    raise self.refuse(
                        "workbook.too_many_elements", params={"limit": self.limits.elements}
                    )
                open_.append(element)
            else:
                open_.pop()
            if event in events:
                yield event, element
            if event == "end" and open_:
                del open_[-1][:]

    def _sheets(self) -> list[tuple[str, str]]:
        """(title, relationship id) of each sheet the workbook lists, up to the limit."""
        found = []
        with self.archive.open(WORKBOOK_PART) as stream:
            for _event, element in self._elements(stream):
                if element.tag == f"{MAIN}sheet":
                    if len(found) == self.limits.sheets:
                        params = {"limit": self.limits.sheets}
                        raise self.refuse("workbook.too_many_sheets", params=params)
                    found.append((element.get("name", ""), element.get(f"{RELATIONSHIPS}id", "")))
        return found

    def _targets(self) -> dict[str, str]:
        """Relationship id → the part it points to, from the workbook's relationships."""
        if WORKBOOK_RELATIONSHIPS not in self.archive.NameToInfo:
            return {}
        targets = {}
        with self.archive.open(WORKBOOK_RELATIONSHIPS) as stream:
            for _event, element in self._elements(stream):
                if element.tag == f"{PACKAGE_RELATIONSHIPS}Relationship":
                    target = element.get("Target", "")
                    target = target[1:] if target.startswith("/") else f"xl/{target}"
                    targets[element.get("Id", "")] = posixpath.normpath(target)
        return targets

    def _part(self, stream, title: str | None) -> None:
        """Count the part's elements; in a sheet, also its rows, columns and cells."""
        row = column = depth = 0
        row_tag, cell_tag = f"{MAIN}row", f"{MAIN}c"
        depth_of_row = None  # inside a row: its depth in the tree
        for event, element in self._elements(stream, events=("start", "end")):
            if event == "end":
                depth -= 1
                if element.tag == row_tag:
                    depth_of_row = None
                continue
            depth += 1
            if title is None:
                continue
            if element.tag == row_tag:
                row, column, depth_of_row = int(element.get("r") or row + 1), 0, depth
                if row > self.limits.rows:
                    params = {"limit": self.limits.rows}
                    raise self.refuse("workbook.too_many_rows", sheet=title, row=row, params=params)
            elif depth_of_row is not None and depth == depth_of_row + 1:
                # openpyxl takes every element in a row for a cell.
                reference = element.get("r") if element.tag == cell_tag else None
                column = _column(reference, column)
                self._cell(title, row, column)

    def _cell(self, title: str, row: int, column: int) -> None:
        self.cells += 1
        if column > self.limits.columns:
            letter = get_column_letter(min(column, 18278))
            params = {"column": letter, "limit": self.limits.columns}
            raise self.refuse("workbook.too_many_columns", sheet=title, row=row, params=params)
        if self.cells > self.limits.cells:
            params = {"limit": self.limits.cells}
            raise self.refuse("workbook.too_many_cells", sheet=title, row=row, params=params)


def _column(reference: str | None, previous: int) -> int:
    """The column of a cell: from its reference (``BM7``), else the one after the previous."""
    if not reference:
        return previous + 1
    try:
        return column_index_from_string(reference.rstrip("0123456789"))
    except ValueError:
        return 1 << 20  # beyond any sheet's columns: refused as too far right


def rows(ws, limits: Limits, width: int, name: str) -> Iterator[tuple[Cell, ...]]:
    """The sheet's rows from row 1, each *width* cells wide; a text longer than the limit
    stops the reading."""
    # The dimension a sheet states may be stale: read every row there is (the scan
    # above has bounded them).
    ws.reset_dimensions()
    for number, found in enumerate(ws.iter_rows(max_col=width), start=1):
        cells = []
        for column, cell in enumerate(found, start=1):
            value = cell.value
            if isinstance(value, str) and len(value) > limits.text:
                params = {
                    "column": get_column_letter(column),
                    "length": len(value),
                    "limit": limits.text,
                }
                raise _refused(
                    "workbook.text_too_long", name, sheet=ws.title, row=number, params=params
                )
            cells.append(Cell(number, column, value, cell.data_type))
        yield tuple(cells)
