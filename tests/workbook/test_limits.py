"""Uploaded workbooks are read within limits, checked while they are read.

The figures are the limits of :mod:`greencert.workbook.limits` (ASSESSMENT: 8 MB
unpacked, 500 parts, 400,000 XML elements, 64 sheets, 2,000 rows, 64 columns,
100,000 cells, 10,000 characters a cell); where a limit is hit is worked out
by hand for each crafted file.
"""

from __future__ import annotations

import datetime
import doctest
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from greencert.core.exceptions import InputError
from greencert.core.registry import default_scheme
from greencert.workbook import limits, read_workbook, write_template
from greencert.workbook.questionnaires import read_questionnaires

from .crafted import grid, sheet_xml, xlsx
from .filling import fill_evaluation, open_book, save

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2026, 5, 10)
SCHEME = default_scheme()


def bomb() -> bytes:
    """Like the issue's workbook (191 KB): a million cells (1,000 rows × 1,000) in 129 KB.

    Each cell is ``<c><v>N</v></c>`` with N its column, so the sheet unpacks to
    16,908,893 bytes = 16.1 MB (over both readers' limits, 8 and 16 MB).
    """
    rows = (
        b'<row r="%d">%s</row>' % (r, b"".join(b"<c><v>%d</v></c>" % c for c in range(1000)))
        for r in range(1, 1001)
    )
    return xlsx({"Sheet1": sheet_xml(rows)})


def one_long_row() -> bytes:
    """One row of 500,000 cells ``<c><v>1</v></c>`` (15 bytes): 7.5 MB unpacked, under both
    readers' size limits, so only the check while streaming can stop it."""
    return xlsx({"E1": sheet_xml([b'<row r="1">' + b"<c><v>1</v></c>" * 500_000 + b"</row>"])})


def refused(content: bytes, reader: str = "assessment"):
    with pytest.raises(InputError) as caught:
        if reader == "assessment":
            read_workbook(SCHEME, io.BytesIO(content))
        else:
            read_questionnaires(SCHEME, io.BytesIO(content), today=TODAY, comment_limit=1000)
    (problem,) = caught.value.problems
    return problem


# --- time and memory, measured in a fresh process -----------------------------------

# Resident memory (``resource.getrusage``'s ru_maxrss, the peak) rather than tracemalloc:
# the XML parser (expat), zlib and openpyxl's parsers allocate in C, which tracemalloc does
# not see.  In a fresh process warmed up by one small read, the peak is first brought down
# to the present size (Linux: "5" written to /proc/self/clear_refs), so that the growth is
# the peak the read itself reached.
MEASURE = """
import datetime, io, json, resource, sys, time
from greencert.core.exceptions import InputError
from greencert.core.registry import default_scheme
from greencert.workbook import read_workbook
from greencert.workbook.questionnaires import QuestionnaireIssues, read_questionnaires

scheme = default_scheme()
def read(path):
    with open(path, "rb") as f:
        if sys.argv[1] == "assessment":
            return read_workbook(scheme, f)
        return read_questionnaires(scheme, f, today=datetime.date(2026, 5, 10), comment_limit=1000)
try:
    read(sys.argv[3])  # warm up: imports, openpyxl's first workbook
except (InputError, QuestionnaireIssues):
    pass
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
began = time.perf_counter()
try:
    read(sys.argv[2])
    codes = []
except InputError as exc:
    codes = [p.code for p in exc.problems]
seconds = time.perf_counter() - began
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps({"codes": codes, "seconds": seconds, "grown_mb": grown, "before_mb": before / 1024}))
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crafted")
    made = {
        "bomb": bomb(),
        "one_long_row": one_long_row(),
        "small": xlsx({"S": sheet_xml(grid(3, 3))}),
    }
    for name, content in made.items():
        (folder / f"{name}.xlsx").write_bytes(content)
    return folder


@pytest.mark.parametrize("reader", ["assessment", "questionnaires"])
@pytest.mark.parametrize(
    "crafted, code",
    [("bomb", "workbook.too_large"), ("one_long_row", "workbook.too_many_columns")],
)
def test_a_crafted_workbook_is_refused_quickly_and_in_little_memory(files, reader, crafted, code):
    size = (files / f"{crafted}.xlsx").stat().st_size
    if crafted == "bomb":
        assert size < 200_000  # no bigger than the 191 KB
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, reader, files / f"{crafted}.xlsx", files / "small.xlsx"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    assert measured["codes"] == [code]
    assert measured["seconds"] < 2, measured
    assert measured["grown_mb"] < 50, measured


# --- each limit, and where it was hit --------------------------------------------------


def test_the_million_cells_are_refused_before_any_sheet_is_parsed():
    problem = refused(bomb())
    # 16,908,893 bytes / 1,048,576 = 16.13 → "16.1"; the whole workbook, no sheet named.
    assert problem.params == {"size": "16.1", "limit": "8"}
    assert str(problem) == "workbook: unpacks to 16.1 MB, over the limit of 8 MB: it was not read"
    assert problem.text("zh-hans") == "workbook：解压后有 16.1 MB，超过 8 MB 的上限：未读取"


def test_a_row_is_read_only_as_far_as_the_column_limit():
    problem = refused(one_long_row())
    # Cells without a reference follow one another: the 65th is column BM (2 × 26 + 13).
    assert (problem.sheet, problem.row, problem.params["column"]) == ("E1", 1, "BM")
    assert str(problem) == (
        "workbook sheet E1 row 1: column BM is beyond the limit of 64 columns: reading stopped here"
    )
    assert problem.text("zh-hans") == (
        "workbook 工作表 E1 第 1 行：BM 列超过 64 列的上限：读取到此停止"
    )


def test_rows_are_counted_by_their_number_as_they_stream():
    # 400,000 empty rows (4.8 MB): refused at row 2,001, the first beyond 2,000.
    rows = (b'<row r="%d"/>' % r for r in range(1, 400_001))
    problem = refused(xlsx({"E1": sheet_xml(rows)}))
    assert (problem.code, problem.sheet, problem.row) == ("workbook.too_many_rows", "E1", 2001)
    assert problem.message == "is beyond the limit of 2000 rows: reading stopped here"


def test_cells_are_counted_across_the_whole_workbook():
    # Two sheets of 1,000 rows × 51 cells: 51,000 in the first, so the 100,001st cell is
    # the 49,001st of the second: 49,001 = 960 × 51 + 41, in its row 961.
    sheets = {"A": sheet_xml(grid(1000, 51)), "B": sheet_xml(grid(1000, 51))}
    problem = refused(xlsx(sheets))
    assert (problem.code, problem.sheet, problem.row) == ("workbook.too_many_cells", "B", 961)
    assert problem.params == {"limit": "100000"}


def test_sheets_parts_and_elements_are_limited_too():
    many = {f"S{n}": sheet_xml([]) for n in range(1, 66)}  # 65 sheets: one too many
    assert refused(xlsx(many)).params == {"limit": "64"}
    parts = {f"xl/media/p{n}.xml": b"<x/>" for n in range(500)}  # 500 + the 5 of a workbook
    assert refused(xlsx({"S": sheet_xml([])}, parts)).code == "workbook.too_many_parts"
    # Elements outside any cell, which openpyxl would build into one tree: 400,001 of them.
    styles = b"<styleSheet>" + b"<x/>" * 400_000 + b"</styleSheet>"
    problem = refused(xlsx({"S": sheet_xml([])}, {"xl/styles.xml": styles}))
    assert (problem.code, problem.params) == ("workbook.too_many_elements", {"limit": "400000"})


def test_a_text_longer_than_the_limit_names_its_cell(template, tmp_path):
    book = open_book(template)
    # The evaluator's field is row 3 (id on row 2, EVALUATION_FIRST_FIELD_ROW), column B.
    fill_evaluation(book["E1"], SCHEME, every_alpha=0.9, id="E1", evaluator="审" * 10_001)
    with pytest.raises(InputError) as caught:
        read_workbook(SCHEME, save(book, tmp_path / "long.xlsx"))
    (problem,) = caught.value.problems
    assert (problem.code, problem.sheet, problem.row) == ("workbook.text_too_long", "E1", 3)
    assert problem.params == {"column": "B", "length": "10001", "limit": "10000"}


def test_questionnaires_have_their_own_limits():
    # 10,001 rows are allowed no more than 10,000 in a questionnaire file.
    rows = (b'<row r="%d"/>' % r for r in range(1, 10_002))
    problem = refused(xlsx({"问卷": sheet_xml(rows)}), reader="questionnaires")
    assert (problem.code, problem.sheet, problem.row) == ("workbook.too_many_rows", "问卷", 10_001)


def test_a_damaged_archive_is_not_a_workbook(template):
    content = bytearray(template.read_bytes())
    middle = len(content) // 2  # inside some part's packed data, before the zip's directory
    content[middle : middle + 64] = b"\xff" * 64
    assert refused(bytes(content)).code == "workbook.not_xlsx"


# --- genuine workbooks stay well inside ------------------------------------------------


def test_the_largest_template_filled_in_is_read_within_the_limits(tmp_path):
    path = tmp_path / "fifty.xlsx"
    write_template(SCHEME, path, evaluations=50)
    book = open_book(path)
    for n in range(1, 51):
        fill_evaluation(book[f"E{n}"], SCHEME, every_alpha=0.9, id=f"E{n}", evaluator="张三")
    data = read_workbook(SCHEME, save(book, tmp_path / "filled.xlsx"))
    assert [e["id"] for e in data["evaluations"]] == [f"E{n}" for n in range(1, 51)]
    unpacked = sum(p.file_size for p in zipfile.ZipFile(path).infolist())
    assert unpacked < limits.ASSESSMENT.unpacked_mb * limits.MB / 4  # room to spare


def test_the_module_examples_hold():
    assert doctest.testmod(limits).failed == 0
