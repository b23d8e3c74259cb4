"""Reading a filled workbook back: the round trip, exact numbers, and every error named by row."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from greencert.core.assessment import assess
from greencert.core.exceptions import InputError
from greencert.core.inputs import parse_assessment
from greencert.workbook import read_workbook
from greencert.workbook.layout import MARKER_COLUMN, EvaluationColumn, MaturityColumn
from tests.audit_verdicts import with_conforming_audits

from .filling import (
    field_row,
    fill_evaluation,
    fill_maturity,
    fill_nonconformity,
    open_book,
    row_of,
    save,
)

ALPHA, LIKERT = EvaluationColumn.ALPHA, EvaluationColumn.LIKERT


@pytest.fixture
def book(template):
    return open_book(template)


@pytest.fixture
def read(tmp_path, scheme):
    """Save a filled book and read it back."""

    def read(book):
        return read_workbook(scheme, save(book, tmp_path / "filled.xlsx"))

    return read


@pytest.fixture
def problems(read):
    """The (where, message) pairs a filled book is refused with."""

    def problems(book):
        with pytest.raises(InputError) as caught:
            read(book)
        return [(p.where, p.message) for p in caught.value.problems]

    return problems


def all_levels(scheme, level=4, **exceptions):
    return {cid: exceptions.get(cid.replace(".", "_"), level) for cid in scheme.clauses}


# --- the round trip ------------------------------------------------------------


def test_a_filled_workbook_scores_as_worked_out_by_hand(book, read, scheme):
    # E1: α 0.9 on every item, except 1.2 (weight 7) at α 0.5 and the three items of
    #     2 安全性 (weights 5 + 5 + 5) at Likert 5, which counts as α 1.0:
    #     0.9 × 100 − 0.4 × 7 + 0.1 × 15 = 90 − 2.8 + 1.5 = 88.7
    # E2 (renamed, so found by its marker): Likert 4 (α 0.8) everywhere except 7.1
    #     (weight 8) typed as the text "0.85":  0.8 × 92 + 0.85 × 8 = 73.6 + 6.8 = 80.4
    # E3 is left empty: a spare, skipped.
    # Service score = (88.7 + 80.4) / 2 = 84.55, rounded once, half-up → 84.6.
    fill_evaluation(
        book["E1"],
        scheme,
        alpha={"1.2": 0.5},
        likert={"2.1": 5, "2.2": 5, "2.3": 5},
        every_alpha=0.9,
        id="E1",
        evaluator="张三",
        date=datetime.datetime(2026, 3, 1),
        site="南昌店",
        source="auditor",
    )
    book["E2"].title = "李四走访"
    fill_evaluation(
        book["李四走访"],
        scheme,
        alpha={"7.1": "0.85"},
        likert={i: 4 for i in scheme.items if i != "7.1"},
        id="V-2",
        date="2026-03-02",
        source="mystery_shopper",
    )
    # Maturity: level 4 everywhere (13 clauses worth 5 → 4 each, 8 worth 10 → 8 each:
    # 52 + 64 = 116), and 4.1 at level 5 (10 instead of 8) → 118 → 五级.
    fill_maturity(book["成熟度"], all_levels(scheme, 4, **{"4_1": 5}))
    fill_nonconformity(
        book["不符合项"], 4, id="NC-1", clause="4.1", severity="minor", status="plan_accepted"
    )

    data = read(book)

    first, second = data["evaluations"]
    assert {k: v for k, v in first.items() if k not in ("alpha", "likert")} == {
        "id": "E1",
        "evaluator": "张三",
        "date": "2026-03-01",
        "site": "南昌店",
        "source": "auditor",
    }
    assert first["alpha"]["1.2"] == Decimal("0.5") and first["alpha"]["1.1"] == Decimal("0.9")
    assert all(type(v) is Decimal for v in first["alpha"].values())
    assert first["likert"] == {"2.1": 5, "2.2": 5, "2.3": 5}
    assert second["id"] == "V-2" and second["alpha"] == {"7.1": Decimal("0.85")}
    assert data["maturity"]["4.1"] == 5 and len(data["maturity"]) == 21
    assert data["nonconformities"] == [
        {"id": "NC-1", "clause": "4.1", "severity": "minor", "status": "plan_accepted"}
    ]

    # The checklist sheets are left blank here (tests/workbook/test_checklist_sheets.py fills
    # them): the audits are recorded beside the workbook's data.
    result = assess(scheme, parse_assessment(with_conforming_audits(data), scheme))
    assert [str(r.shown_score) for r in result.service.evaluations] == ["88.70", "80.40"]
    assert result.service.score == Decimal("84.6")
    assert (result.management.total, result.management.band.name) == (118, "五级")
    assert result.conformity.passed
    assert result.grade == "AAA"  # ≥ 80.0 with ≥ 二级, but under 90.0 for AAAA


def test_an_empty_template_gives_no_evaluations_and_no_maturity(book, read, scheme):
    assert read(book) == {"scheme": scheme.label, "nonconformities": []}


def test_floats_from_excel_become_the_decimals_typed(book, read, scheme):
    typed = {"1.1": 0.07, "1.2": 0.1, "1.3": 0.3, "2.1": 0.29, "2.2": 1, "2.3": 0}
    fill_evaluation(book["E1"], scheme, alpha=typed, every_alpha=0.85, id=7)
    evaluation = read(book)["evaluations"][0]
    assert evaluation["id"] == "7"  # an id typed as a number comes back as text
    alphas = evaluation["alpha"]
    assert [str(alphas[i]) for i in typed] == ["0.07", "0.1", "0.3", "0.29", "1", "0"]
    assert alphas["7.1"] == Decimal("0.85") and str(alphas["7.1"]) == "0.85"


@pytest.mark.parametrize(
    "typed",
    [datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 14, 30), "2026-03-01", "20260301"],
)
def test_dates_come_back_as_iso_text(book, read, scheme, typed):
    fill_evaluation(book["E1"], scheme, every_alpha=0.9, id="E1", date=typed)
    assert read(book)["evaluations"][0]["date"] == "2026-03-01"


def test_a_copied_sheet_and_an_id_turned_number_are_still_read(book, read, scheme):
    copy = book.copy_worksheet(book["E1"])
    copy.title = "E1 (2)"
    fill_evaluation(book["E1"], scheme, every_alpha=1, id="A")
    fill_evaluation(copy, scheme, every_alpha=0.5, id="B")
    copy.cell(row_of(copy, "3.2"), 1).value = 3.2  # Excel turned the id into a number
    data = read(book)
    assert [e["id"] for e in data["evaluations"]] == ["A", "B"]
    assert data["evaluations"][1]["alpha"]["3.2"] == Decimal("0.5")


def test_partial_maturity_is_read_and_left_incomplete(book, read, scheme):
    fill_maturity(book["成熟度"], {"1.1": 3, "4.1": 2.0})
    data = read(book)
    assert data["maturity"] == {"1.1": 3, "4.1": 2}
    result = assess(scheme, parse_assessment(data, scheme))
    assert not result.management.complete and result.grade is None


def test_nonconformity_rows_blank_rows_skipped_description_dropped(book, read):
    ws = book["不符合项"]
    fill_nonconformity(ws, 4, id="NC-1", clause="5.2", item="1.2", severity="major")
    fill_nonconformity(ws, 6, id="NC-2", clause="6.1", severity="Minor", status="closed")
    ws.cell(6, 6, "记录不全")
    assert read(book)["nonconformities"] == [
        {"id": "NC-1", "clause": "5.2", "item": "1.2", "severity": "major"},
        {"id": "NC-2", "clause": "6.1", "severity": "minor", "status": "closed"},
    ]


# --- every problem named by sheet and row ----------------------------------------


def started(book, scheme, sheet="E1", **kwargs):
    kwargs.setdefault("id", sheet)
    kwargs.setdefault("every_alpha", 0.9)
    fill_evaluation(book[sheet], scheme, **kwargs)
    return book[sheet]


def test_alpha_out_of_range(book, problems, scheme):
    ws = started(book, scheme, "E2", alpha={"3.2": 1.2})
    assert problems(book) == [
        (f"sheet E2 row {row_of(ws, '3.2')} (item 3.2)", "α 1.2 is outside [0, 1]")
    ]


@pytest.mark.parametrize(
    ("alpha", "likert", "message"),
    [
        (0.855, None, "α 0.855 has more than 2 decimals"),
        ("abc", None, "α 'abc' is not a number"),
        (-0.1, None, "α -0.1 is outside [0, 1]"),
        (0.9, 4, "gives both α 0.9 and Likert level 4: fill only one"),
        (None, 6, "Likert level 6 is not one of 1–5"),
        (None, 2.5, "Likert level 2.5 is not one of 1–5"),
        ("=0.5+0.4", None, "the α or Likert cell holds a formula: type the value itself"),
    ],
)
def test_a_bad_rating_names_sheet_row_and_item(book, problems, scheme, alpha, likert, message):
    given = {"alpha": {"1.3": alpha}} if alpha is not None else {}
    if likert is not None:
        given["likert"] = {"1.3": likert}
    ws = started(book, scheme, **given)
    assert problems(book) == [(f"sheet E1 row {row_of(ws, '1.3')} (item 1.3)", message)]


def test_a_started_sheet_must_rate_every_item(book, problems, scheme):
    ws = started(book, scheme, "E3", every_alpha=None, alpha={"1.1": 0.5}, likert={"1.2": 3})
    rows = {i: row_of(ws, i) for i in ("1.3", "7.1")}
    ((where, message),) = problems(book)
    assert where == "sheet E3"
    assert message.startswith(f"items not rated: 1.3 (row {rows['1.3']}), 2.1 (row")
    assert f"7.1 (row {rows['7.1']})" in message


def test_a_started_sheet_needs_an_id(book, problems, scheme):
    ws = started(book, scheme, id=None)
    assert problems(book) == [
        (f"sheet E1 row {field_row(ws, 'id')} (测评编号 id)", "needs an evaluation id (测评编号)")
    ]


def test_evaluation_ids_are_unique_across_sheets(book, problems, scheme):
    started(book, scheme, "E1", id="A")
    ws = started(book, scheme, "E3", id="A")
    assert problems(book) == [
        (
            f"sheet E3 row {field_row(ws, 'id')} (测评编号 id)",
            "evaluation id 'A' is also used on sheet E1",
        )
    ]


def test_header_fields_are_checked(book, problems, scheme):
    ws = started(book, scheme, date="2026/13/01", source="boss")
    assert problems(book) == [
        (
            f"sheet E1 row {field_row(ws, 'date')} (日期 date)",
            "date '2026/13/01' is not a date (YYYY-MM-DD)",
        ),
        (
            f"sheet E1 row {field_row(ws, 'source')} (来源 source)",
            "source 'boss' is not one of auditor, mystery_shopper, customer, self",
        ),
    ]


def test_a_rating_outside_the_item_rows_is_refused(book, problems, scheme):
    ws = started(book, scheme)
    total_row = row_of(ws, "7.1") + 1
    ws.cell(total_row, ALPHA, 0.5)
    ws.cell(total_row + 2, 1, "1.1")  # an item row pasted twice
    ws.cell(total_row + 2, LIKERT, 3)
    assert problems(book) == [
        (
            f"sheet E1 row {total_row + 2} (item 1.1)",
            f"item 1.1 is also on row {row_of(ws, '1.1')}",
        ),
        (f"sheet E1 row {total_row}", "has a rating but no item id of the scheme in column A"),
    ]


@pytest.mark.parametrize(
    ("level", "message"),
    [
        (6, "level 6 is not one of 1–5"),
        (0, "level 0 is not one of 1–5"),
        (3.5, "level 3.5 is not one of 1–5"),
        ("三级", "level 三级 is not one of 1–5"),
        ("=2+2", "the level cell holds a formula: type the value itself"),
    ],
)
def test_a_bad_maturity_level_names_row_and_clause(book, problems, level, message):
    ws = book["成熟度"]
    fill_maturity(ws, {"4.1": level})
    assert problems(book) == [
        (f"sheet 成熟度 row {row_of(ws, '4.1', below=3)} (clause 4.1)", message)
    ]


def test_a_level_without_a_clause_is_refused(book, problems, scheme):
    ws = book["成熟度"]
    fill_maturity(ws, all_levels(scheme))
    below = row_of(ws, "7.2", below=3) + 3
    ws.cell(below, MaturityColumn.LEVEL, 4)
    assert problems(book) == [
        (f"sheet 成熟度 row {below}", "has a level but no clause id of the scheme in column A")
    ]


def test_bad_nonconformities_are_named_by_row(book, problems):
    ws = book["不符合项"]
    fill_nonconformity(ws, 4, id="NC-1", clause="4.1", severity="major")
    fill_nonconformity(ws, 5, id="NC-1", clause="9.9", item="8.1", severity="minor", status="done")
    fill_nonconformity(ws, 7, clause="4.1")
    where = "sheet 不符合项 row 5 (nonconformity NC-1)"
    assert problems(book) == [
        (where, "id 'NC-1' is also used on sheet 不符合项 row 4"),
        (where, "clause '9.9' is not a clause of the scheme"),
        (where, "item '8.1' is not an item of the scheme"),
        (where, "status 'done' is not one of open, plan_accepted, closed"),
        ("sheet 不符合项 row 7", "needs an id (编号)"),
        ("sheet 不符合项 row 7", "severity '' is not major or minor"),
    ]


def test_every_problem_of_every_sheet_comes_at_once(book, problems, scheme):
    started(book, scheme, "E1", alpha={"1.1": 2})
    started(book, scheme, "E2", likert={"1.1": 0})
    fill_maturity(book["成熟度"], {"1.1": 9})
    fill_nonconformity(book["不符合项"], 4, id="X", clause="1.1", severity="big")
    wheres = [where.split(" row")[0] for where, _ in problems(book)]
    assert wheres == ["sheet E1", "sheet E2", "sheet 成熟度", "sheet 不符合项"]


# --- files that are not GreenCert workbooks ---------------------------------------


def test_a_file_that_is_not_xlsx_is_refused_clearly(tmp_path, scheme):
    renamed, text = tmp_path / "notes.xlsx", tmp_path / "notes.csv"
    renamed.write_text("id,alpha\nE1,0.9\n")
    text.write_text("id,alpha\nE1,0.9\n")
    for source, where in [
        (renamed, str(renamed)),
        (text, str(text)),
        (io.BytesIO(b"not a zip"), "workbook"),
    ]:
        with pytest.raises(InputError) as caught:
            read_workbook(scheme, source)
        assert [(p.where, p.message) for p in caught.value.problems] == [
            (where, "not an Excel .xlsx workbook")
        ]


def test_an_xlsx_without_greencert_sheets_is_refused(tmp_path, scheme):
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match="has no GreenCert sheets"):
        read_workbook(scheme, path)


def test_a_sheet_made_for_another_scheme_is_refused(book, problems, scheme):
    book["E1"].cell(1, MARKER_COLUMN).value = "greencert:evaluation:CTS TBSC041-2026 B/1"
    assert problems(book) == [
        ("sheet E1", "was made for scheme 'CTS TBSC041-2026 B/1', not 'CTS TBSC041-2026 B/0'")
    ]
