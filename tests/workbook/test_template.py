"""The template: sheets, texts from the scheme, validations, text ids, and LibreOffice."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import openpyxl
import pytest

from greencert.workbook import read_workbook, write_template
from greencert.workbook.layout import (
    MARKER_COLUMN,
    EvaluationColumn,
    MaturityColumn,
    NonconformityColumn,
)

from .filling import field_row, fill_evaluation, fill_maturity, open_book, row_of, save


def validation_at(ws, coordinate: str):
    """The data validation covering *coordinate* (at most one may)."""
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate}: {len(found)} validations"
    return found[0]


def coordinate(row: int, column: int) -> str:
    return f"{openpyxl.utils.get_column_letter(column)}{row}"


def test_sheets_come_in_order(template):
    book = open_book(template)
    assert book.sheetnames == [
        "说明",
        "E1",
        "E2",
        "E3",
        "成熟度",
        "不符合项",
        "GB-T 19001",
        "§4.2.2",
    ]


def test_the_number_of_evaluation_sheets_is_chosen(tmp_path, scheme):
    stream = io.BytesIO()
    write_template(scheme, stream, evaluations=5)
    stream.seek(0)
    names = openpyxl.load_workbook(stream).sheetnames
    assert [n for n in names if n.startswith("E")] == ["E1", "E2", "E3", "E4", "E5"]
    with pytest.raises(ValueError):
        write_template(scheme, tmp_path / "x.xlsx", evaluations=-1)


def test_instructions_explain_alpha_likert_and_their_bands(template, scheme):
    ws = open_book(template)["说明"]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "0–1" in text and "Likert" in text and "never both" in text
    assert "每项必填" in text
    for band in scheme.likert:
        assert band.label in text and f"α = {band.alpha}" in text
    assert "[0, 0.2]" in text and "(0.8, 1]" in text


def test_evaluation_sheet_has_one_text_row_per_item(template, scheme):
    ws = open_book(template)["E1"]
    for item in scheme.items.values():
        row = row_of(ws, item.id)
        cell = ws.cell(row, EvaluationColumn.ITEM)
        assert cell.value == item.id and cell.number_format == "@"
        assert ws.cell(row, EvaluationColumn.WEIGHT).value == item.weight
        assert ws.cell(row, EvaluationColumn.REQUIREMENT).value == item.requirement.strip()
        assert ws.cell(row, EvaluationColumn.REQUIREMENT).alignment.wrap_text
        for column in (EvaluationColumn.BAND, EvaluationColumn.POINTS):
            assert str(ws.cell(row, column).value).startswith("=")
    assert ws.freeze_panes == f"A{row_of(ws, '1.1')}"
    assert ws.cell(field_row(ws, "id"), 2).number_format == "@"


def test_alpha_and_likert_cells_are_validated(template, scheme):
    ws = open_book(template)["E2"]
    for item_id in scheme.items:
        row = row_of(ws, item_id)
        alpha = validation_at(ws, coordinate(row, EvaluationColumn.ALPHA))
        assert (alpha.type, alpha.formula1, alpha.formula2) == ("decimal", "0", "1")
        likert = validation_at(ws, coordinate(row, EvaluationColumn.LIKERT))
        assert (likert.type, likert.formula1, likert.formula2) == ("whole", "1", "5")
    source = validation_at(ws, coordinate(field_row(ws, "source"), 2))
    assert source.type == "list"
    assert source.formula1 == '"auditor,mystery_shopper,customer,self"'


def test_maturity_sheet_lists_every_clause_with_a_validated_level(template, scheme):
    ws = open_book(template)["成熟度"]
    for clause in scheme.clauses.values():
        row = row_of(ws, clause.id, below=3)
        assert ws.cell(row, MaturityColumn.CLAUSE).number_format == "@"
        assert ws.cell(row, MaturityColumn.WORTH).value == clause.worth
        points = ws.cell(row, MaturityColumn.POINTS_PER_LEVEL).value
        assert points == "/".join(str(p) for p in clause.points)
        assert ws.cell(row, MaturityColumn.GUIDANCE).value == clause.guidance.strip()
        level = validation_at(ws, coordinate(row, MaturityColumn.LEVEL))
        assert (level.type, level.formula1, level.formula2) == ("whole", "1", "5")
    assert "2/4/6/8/10" in [
        ws.cell(row_of(ws, "4.1", below=3), MaturityColumn.POINTS_PER_LEVEL).value
    ]


def test_nonconformity_sheet_offers_lists(template, scheme):
    ws = open_book(template)["不符合项"]
    lists = {
        NonconformityColumn.CLAUSE: list(scheme.clauses),
        NonconformityColumn.ITEM: list(scheme.items),
        NonconformityColumn.SEVERITY: ["major", "minor"],
        NonconformityColumn.STATUS: ["open", "plan_accepted", "closed"],
    }
    for column, values in lists.items():
        dv = validation_at(ws, coordinate(4, column))
        assert dv.type == "list" and dv.formula1 == '"' + ",".join(values) + '"'
    for column in (NonconformityColumn.ID, NonconformityColumn.CLAUSE, NonconformityColumn.ITEM):
        assert ws.cell(4, column).number_format == "@"


def test_data_sheets_carry_a_hidden_marker(template):
    book = open_book(template)
    letter = openpyxl.utils.get_column_letter(MARKER_COLUMN)
    for name, kind in [
        ("E1", "evaluation"),
        ("成熟度", "maturity"),
        ("不符合项", "nonconformities"),
    ]:
        ws = book[name]
        assert ws.cell(1, MARKER_COLUMN).value == f"greencert:{kind}:CTS TBSC041-2026 B/0"
        assert ws.column_dimensions[letter].hidden


def test_ids_stay_text_after_a_save(template, scheme, tmp_path):
    book = open_book(template)
    path = save(book, tmp_path / "resaved.xlsx")
    ws = open_book(path)["E1"]
    values = [ws.cell(row_of(ws, i), 1).value for i in scheme.items]
    assert all(isinstance(v, str) for v in values) and "1.1" in values


# --- LibreOffice ---------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def soffice(tmp_path, source, target: str) -> None:
    """Convert *source* headless, with a private profile so parallel runs do not clash."""
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "converted"
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless"]
    command += ["--convert-to", target, "--outdir", str(out), str(source)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr


@needs_soffice
def test_libreoffice_opens_the_template_and_computes_its_formulas(tmp_path, scheme, template):
    # E1 filled: α 0.9 everywhere, item 1.2 at Likert 2, item 1.3 at α 0.2 (band 1, closed below).
    book = open_book(template)
    fill_evaluation(book["E1"], scheme, alpha={"1.3": 0.2}, likert={"1.2": 2}, every_alpha=0.9)
    rows = export_sheet(tmp_path, save(book, tmp_path / "filled.xlsx"), book, "E1")
    by_id = {row[0]: row for row in rows if row and row[0] in scheme.items}
    band, points = EvaluationColumn.BAND - 1, EvaluationColumn.POINTS - 1
    # The csv holds the figures as shown: 5 × 0.9, 7 × 0.4 (level 2's α), 5 × 0.2.
    assert (by_id["1.1"][band], by_id["1.1"][points]) == ("5 远高于预期", "4.5")
    assert (by_id["1.2"][band], by_id["1.2"][points]) == ("2 低于预期", "2.8")
    assert (by_id["1.3"][band], by_id["1.3"][points]) == ("1 远低于预期", "1")
    # Total by hand: 0.9 × (100 − 5 − 7) = 79.2, plus 2.8 (item 1.2) and 1 (item 1.3) = 83.
    total = next(row for row in rows if row and "合计 Total" in row)
    assert total[points] == "83"


def export_sheet(tmp_path, path, book, name: str) -> list[list[str]]:
    """One sheet as LibreOffice computes and shows it, through a csv export."""
    sheet = book.sheetnames.index(name) + 1  # the 12th filter option picks the sheet
    options = f"44,34,76,1,,0,false,true,false,false,false,{sheet}"  # comma, quote, UTF-8
    soffice(tmp_path, path, f"csv:Text - txt - csv (StarCalc):{options}")
    (exported,) = (tmp_path / "converted").glob("*.csv")  # filled-<sheet>.csv
    return list(csv.reader(exported.open(encoding="utf-8")))


@needs_soffice
def test_libreoffice_computes_the_maturity_total_and_level(tmp_path, scheme, template):
    # Level 4 everywhere: 13 clauses worth 5 score 4, 8 worth 10 score 8: 52 + 64 = 116;
    # 4.1 at level 5 scores 10 instead of 8 → 118, in [105, 145] → 五级.
    book = open_book(template)
    levels = {cid: 4 for cid in scheme.clauses} | {"4.1": 5}
    fill_maturity(book["成熟度"], levels)
    rows = export_sheet(tmp_path, save(book, tmp_path / "filled.xlsx"), book, "成熟度")
    points = MaturityColumn.POINTS - 1
    by_id = {row[0]: row for row in rows if row and row[0] in scheme.clauses}
    assert [by_id[c][points] for c in ("1.1", "4.1", "4.2")] == ["4", "10", "8"]
    total = next(row for row in rows if "合计 Total" in row)
    level = next(row for row in rows if "管理水平 Level" in row)
    assert (total[points], level[points]) == ("118", "五级")


@needs_soffice
def test_libreoffice_keeps_what_the_reader_needs(tmp_path, scheme, template):
    # Filled, saved again by LibreOffice as .xlsx, then read: markers and text ids survive.
    book = open_book(template)
    fill_evaluation(book["E1"], scheme, every_alpha=0.85, id="E1")
    fill_maturity(book["成熟度"], {cid: 3 for cid in scheme.clauses})
    path = save(book, tmp_path / "filled.xlsx")
    soffice(tmp_path, path, "xlsx")
    data = read_workbook(scheme, tmp_path / "converted" / "filled.xlsx")
    assert data["evaluations"][0]["id"] == "E1"
    assert set(data["evaluations"][0]["alpha"]) == set(scheme.items)
    assert data["maturity"] == {cid: 3 for cid in scheme.clauses}


@needs_soffice
def test_libreoffice_prints_the_template(tmp_path, template):
    soffice(tmp_path, template, "pdf")
    assert (tmp_path / "converted" / "blank.pdf").stat().st_size > 0


def test_the_maturity_levels_say_which_words_are_greencert_s(template):
    # §5.2.5 names only 一级 基本水平 and 五级 最佳实践; the rest is GreenCert's (RULES.md §2).
    book = open_book(template)
    cells = [str(c.value) for row in book["说明"].iter_rows() for c in row if c.value]
    assert "初步改进*" in cells and "Early improvement*" in cells
    assert "基本水平" in cells and "最佳实践" in cells and "基本水平*" not in cells
    assert any(c.startswith("* 方案 §5.2.5 只给出一级“基本水平”和五级“最佳实践”") for c in cells)
    assert not any("Maturity levels (§5.2.5)" in c for c in cells)  # no longer cited for them
    legend = book["成熟度"].cell(2, 1).value
    assert "2 二级 初步改进* · 3 三级 系统管理*" in legend and "5 五级 最佳实践" in legend
    assert "是 GreenCert 的措辞，不是方案原文" in legend
