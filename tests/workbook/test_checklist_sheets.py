"""The checklist sheets of the workbook (GB/T 19001 §4.2.1/§5.2.1, §4.2.2, the §5.2.2 block),
read back by their markers; a workbook read without a scheme is read as the scheme it names."""

from __future__ import annotations

import datetime
import json
from importlib import resources

import pytest

from greencert.cli.main import main
from greencert.core import registry
from greencert.core.assessment import assess
from greencert.core.exceptions import InputError
from greencert.core.inputs import parse_assessment
from greencert.core.registry import qms_checklist_for, specific_checklist_for
from greencert.workbook import read_workbook, write_template
from greencert.workbook.layout import MARKER_COLUMN, ChecklistColumn
from greencert.workbook.reader import read_book

from .filling import (
    fill_evaluation,
    fill_exemption,
    fill_maturity,
    fill_verdicts,
    open_book,
    row_of,
    save,
)

QMS_SHEET, SPECIFIC_SHEET = "GB-T 19001", "§4.2.2"


@pytest.fixture
def book(template):
    return open_book(template)


@pytest.fixture
def checklists(scheme):
    return qms_checklist_for(scheme), specific_checklist_for(scheme)


def refused(path, scheme=None, lang="en") -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        read_workbook(scheme, path)
    return [(p.where_text(lang), p.message_text(lang)) for p in caught.value.problems]


def all_rows(checklist, verdict: str = "符合 conforms", **others: str) -> dict[str, str]:
    out = dict.fromkeys(checklist.clauses, verdict)
    return out | {k.replace("_", "."): v for k, v in others.items()}


# --- the template ----------------------------------------------------------------------


def test_each_checklist_has_its_sheet_marked_with_label_and_hash(book, checklists):
    for name, checklist in zip((QMS_SHEET, SPECIFIC_SHEET), checklists, strict=True):
        ws = book[name]
        marker = f"greencert:{checklist.kind}:{checklist.label}:{checklist.hash}"
        assert ws.cell(1, MARKER_COLUMN).value == marker
        assert ws.column_dimensions["Z"].hidden
        ids = [ws.cell(row_of(ws, cid), 1).value for cid in checklist.clauses]
        assert ids == list(checklist.clauses)  # one row per checklist row, in its order
        first = checklist.clauses[next(iter(checklist.clauses))]
        row = row_of(ws, first.id)
        assert ws.cell(row, ChecklistColumn.TITLE).value == first.title
        assert ws.cell(row, ChecklistColumn.TITLE_EN).value == first.title_en
        assert ws.cell(row, ChecklistColumn.NOTE).value == f"{first.note}\n{first.note_en}"
    (qms_list,) = book[QMS_SHEET].data_validations.dataValidation
    assert qms_list.formula1 == (
        '"符合 conforms,一般不符合 minor,严重不符合 major,豁免 exempted,不适用 out_of_scope"'
    )
    (specific_list,) = book[SPECIFIC_SHEET].data_validations.dataValidation
    assert "豁免" not in specific_list.formula1  # §5.2.2 exempts GB/T 19001 rows only
    assert str(qms_list.sqref) == "E8:E47"  # 40 GB/T 19001 rows below the header of row 7


def test_a_blank_template_records_no_audit(template, scheme):
    data = read_workbook(None, template)
    assert data == {"scheme": scheme.label, "nonconformities": []}


# --- hand-worked: the grade the figures give ----------------------------------------------


def test_all_conforming_with_one_exempted_row_scores_the_grade_its_figures_give(
    book, tmp_path, scheme, checklists
):
    qms, specific = checklists
    # E1: α 0.9 on all 19 items → 100 × 0.9 = 90.0 (weights sum to 100).
    fill_evaluation(book["E1"], scheme, every_alpha=0.9, id="A1")
    # Maturity all 三级: 13 clauses worth 5 → 3 each, 8 worth 10 → 6 each: 39 + 48 = 87 →
    # [70, 95) 三级.
    fill_maturity(book["成熟度"], dict.fromkeys(scheme.clauses, 3))
    # GB/T 19001: 39 rows conform, typed as the list gives them or a word alone; 7.1.5 is
    # exempted, under a certificate valid on the audit date and until long after (§5.2.2).
    fill_verdicts(
        book[QMS_SHEET], all_rows(qms, **{"4_1": "conforms", "4_2": "符合", "7_1_5": "豁免"})
    )
    fill_exemption(
        book[QMS_SHEET],
        certificate_expires=datetime.datetime(2099, 12, 31),
        audit_date="2026-05-11",
        clauses="7.1.5",
    )
    fill_verdicts(book[SPECIFIC_SHEET], all_rows(specific))
    data = read_workbook(None, save(book, tmp_path / "filled.xlsx"))
    assert data["qms"]["7.1.5"] == "exempted" and data["qms"]["4.2"] == "conforms"
    assert set(data["qms"].values()) == {"conforms", "exempted"} and len(data["qms"]) == 40
    assert data["exemption"] == {
        "certificate_expires": "2099-12-31",
        "audit_date": "2026-05-11",
        "clauses": ["7.1.5"],
    }
    result = assess(scheme, parse_assessment(data, scheme))
    assert result.conformity.audits["qms"].exempted == ("7.1.5",)
    assert result.conformity.passed
    # 90.0 ≥ 90.0 with 三级 ≥ 三级 and conformity passed → AAAA (AAAAA needs 95.0 and 四级).
    assert (str(result.service.score), result.grade) == ("90.0", "AAAA")


def test_an_exempted_row_under_a_certificate_lapsed_before_the_audit_blocks_the_grade(
    book, tmp_path, scheme, checklists
):
    qms, specific = checklists
    fill_evaluation(book["E1"], scheme, every_alpha=0.9, id="A1")
    fill_maturity(book["成熟度"], dict.fromkeys(scheme.clauses, 3))
    fill_verdicts(book[QMS_SHEET], all_rows(qms, **{"7_1_5": "豁免 exempted"}))
    # Expired 2026-05-10, audited 2026-05-11: not valid on the audit date (§5.2.2).
    fill_exemption(
        book[QMS_SHEET], certificate_expires="2026-05-10", audit_date="2026-05-11", clauses="7.1.5"
    )
    fill_verdicts(book[SPECIFIC_SHEET], all_rows(specific))
    data = read_workbook(None, save(book, tmp_path / "filled.xlsx"))
    result = assess(scheme, parse_assessment(data, scheme))
    assert result.conformity.audits["qms"].refused == {"7.1.5": "not_valid_at_audit"}
    assert (result.conformity.passed, result.grade) == (False, None)


def test_a_row_out_of_scope_keeps_its_reason_and_blank_rows_stay_unjudged(
    book, tmp_path, scheme, checklists
):
    fill_verdicts(book[SPECIFIC_SHEET], {"1": "conforms", "3": "不适用"}, {"3": "无外部供方"})
    reading = read_book(None, save(book, tmp_path / "filled.xlsx"))
    assert reading.data["specific"] == {"1": "conforms", "3": "out_of_scope"}
    assert reading.reasons == {"specific": {"3": "无外部供方"}}
    assert "qms" not in reading.data  # the blank GB/T 19001 sheet records nothing
    audit = assess(scheme, parse_assessment(reading.data, scheme)).conformity.audits["specific"]
    assert audit.unjudged == ("2.1", "2.2", "2.3", "2.4", "2.5")


# --- refusals, naming sheet, row and value ---------------------------------------------------


def test_a_bad_verdict_word_is_refused_naming_sheet_row_and_value(book, tmp_path):
    fill_verdicts(book[QMS_SHEET], {"8.5.1": "fine", "4.4": "不适用"})
    fill_verdicts(book[SPECIFIC_SHEET], {"2.1": "exempted"})
    path = save(book, tmp_path / "filled.xlsx")
    row_851, row_44 = row_of(book[QMS_SHEET], "8.5.1"), row_of(book[QMS_SHEET], "4.4")
    choices = (
        "符合 conforms, 一般不符合 minor, 严重不符合 major, 豁免 exempted, 不适用 out_of_scope"
    )
    assert refused(path) == [
        (
            f"sheet GB-T 19001 row {row_44} (clause 4.4)",
            "is out of scope: write the reason in the reason column",
        ),
        (
            f"sheet GB-T 19001 row {row_851} (clause 8.5.1)",
            f"verdict 'fine' is not one of {choices}",
        ),
        (
            "sheet §4.2.2 row 9 (clause 2.1)",
            "specific requirements cannot be exempted (§5.2.2 exempts GB/T 19001 rows only); the "
            "verdict must be one of 符合 conforms, 一般不符合 minor, 严重不符合 major, "
            "不适用 out_of_scope",
        ),
    ]
    zh = refused(path, lang="zh-hans")[1]
    assert zh == (
        f"工作表 GB-T 19001 第 {row_851} 行（条款 8.5.1）",
        f"结论 'fine' 不是 {choices} 之一",
    )


def test_a_bad_exemption_block_is_named_by_row(book, tmp_path):
    fill_exemption(book[QMS_SHEET], certificate_expires="31.12.2099", clauses="7.1.5、7.9")
    assert refused(save(book, tmp_path / "filled.xlsx")) == [
        (
            "sheet GB-T 19001 row 3 (证书有效期至 Certificate expires)",
            "证书有效期至 Certificate expires '31.12.2099' is not a date (YYYY-MM-DD)",
        ),
        ("sheet GB-T 19001 row 4 (审核日期 Audit date)", "needs 审核日期 Audit date (YYYY-MM-DD)"),
        ("sheet GB-T 19001 row 5 (clause 7.9)", "is not a row of GB/T 19001-2016 GC1"),
    ]


def test_a_sheet_of_another_checklist_version_is_refused_naming_both(book, tmp_path, checklists):
    specific = checklists[1]
    book[QMS_SHEET].cell(1, MARKER_COLUMN).value = f"greencert:qms:GB/T 19001-2016 GC2:{'0' * 64}"
    # The same label with other content (a checklist file edited in place): told apart by hash.
    book[SPECIFIC_SHEET].cell(
        1, MARKER_COLUMN
    ).value = f"greencert:specific:{specific.label}:{'a' * 64}"
    assert refused(save(book, tmp_path / "filled.xlsx")) == [
        (
            "sheet GB-T 19001",
            "was made for checklist 'GB/T 19001-2016 GC2', not 'GB/T 19001-2016 GC1'",
        ),
        (
            "sheet §4.2.2",
            f"was made for checklist '{specific.label} (aaaaaaaaaaaa…)', not "
            f"'{specific.label} ({specific.hash[:12]}…)'",
        ),
    ]


def test_two_filled_sheets_of_one_checklist_are_refused(book, tmp_path):
    copy = book.copy_worksheet(book[SPECIFIC_SHEET])
    copy.cell(1, MARKER_COLUMN).value = book[SPECIFIC_SHEET].cell(1, MARKER_COLUMN).value
    fill_verdicts(book[SPECIFIC_SHEET], {"1": "conforms"})
    fill_verdicts(copy, {"1": "major"})
    ((_, message),) = refused(save(book, tmp_path / "filled.xlsx"))
    assert message == f"verdicts of one checklist are on several sheets (§4.2.2, {copy.title})"


# --- the scheme taken from the workbook's own markers ---------------------------------------


def b1_text() -> str:
    """B/0 as version B/1 with the §5.3 table's other reading: AAA 60, AAAA 80, AAAAA 90."""
    text = (resources.files("greencert.core") / "schemes" / "cts-tbsc041-2026-b0.toml").read_text(
        encoding="utf-8"
    )
    for old, new in (
        ('version = "B/0"', 'version = "B/1"'),
        ('grade = "AAAAA"\nmin_service = 95.0', 'grade = "AAAAA"\nmin_service = 90.0'),
        ('grade = "AAAA"\nmin_service = 90.0', 'grade = "AAAA"\nmin_service = 80.0'),
        ('grade = "AAA"\nmin_service = 80.0', 'grade = "AAA"\nmin_service = 60.0'),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def b1(tmp_path, monkeypatch):
    """Scheme B/1 (the §5.3 table's other reading: AAA 60, AAAA 80, AAAAA 90) with its own §4.2.2
    checklist, installed in an operator's folder; the registry is restored afterwards."""
    folder = tmp_path / "schemes"
    folder.mkdir()
    (folder / "b1.toml").write_text(b1_text(), encoding="utf-8")
    bundled = resources.files("greencert.core") / "schemes" / "cts-tbsc041-2026-b0-specific.toml"
    text = bundled.read_text(encoding="utf-8").replace("TBSC041-2026 B/0", "TBSC041-2026 B/1")
    (folder / "b1-specific.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("GREENCERT_SCHEME_DIRS", str(folder))
    registry.reload()
    yield registry.get_scheme("CTS TBSC041-2026 B/1")
    monkeypatch.delenv("GREENCERT_SCHEME_DIRS")
    registry.reload()


def filled_b1(b1, path):
    """A B/1 workbook: α 0.8 everywhere (100 × 0.8 = 80.0), maturity all 三级 (87), both
    audits all conforming."""
    write_template(b1, path, evaluations=1)
    book = open_book(path)
    fill_evaluation(book["E1"], b1, every_alpha=0.8, id="A1")
    fill_maturity(book["成熟度"], dict.fromkeys(b1.clauses, 3))
    fill_verdicts(book[QMS_SHEET], all_rows(qms_checklist_for(b1)))
    fill_verdicts(book[SPECIFIC_SHEET], all_rows(specific_checklist_for(b1)))
    return save(book, path)


def test_a_workbook_is_read_as_the_scheme_its_markers_name(b1, tmp_path):
    data = read_workbook(None, filled_b1(b1, tmp_path / "b1.xlsx"))
    assert data["scheme"] == "CTS TBSC041-2026 B/1"
    # B/1: 80.0 ≥ 80.0 with 三级 → AAAA (under B/0 the same figures give AAA).
    assert assess(b1, parse_assessment(data, b1)).grade == "AAAA"


def test_greencert_score_reads_a_workbook_as_its_scheme_not_the_default(b1, tmp_path, capsys):
    path = filled_b1(b1, tmp_path / "b1.xlsx")
    assert main(["score", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    # The default scheme B/0 would give AAA to 80.0; the workbook is B/1's: AAAA.
    assert (result["scheme"]["version"], result["grade"]) == ("B/1", "AAAA")


def test_a_workbook_of_an_unknown_scheme_is_refused_naming_it(book, tmp_path):
    for name in ("E1", "E2", "E3", "成熟度", "不符合项"):
        book[name].cell(1, MARKER_COLUMN).value = (
            book[name].cell(1, MARKER_COLUMN).value.replace("B/0", "B/9")
        )
    path = save(book, tmp_path / "b9.xlsx")
    assert refused(path) == [
        (
            str(path),
            "was made for scheme 'CTS TBSC041-2026 B/9', which is not installed here "
            "(known: CTS TBSC041-2026 B/0)",
        )
    ]


def test_sheets_of_two_schemes_are_refused(book, tmp_path):
    book["E2"].cell(1, MARKER_COLUMN).value = "greencert:evaluation:CTS TBSC041-2026 B/1"
    path = save(book, tmp_path / "mixed.xlsx")
    ((_, message),) = refused(path)
    assert message == (
        "its sheets were made for different schemes (CTS TBSC041-2026 B/0, "
        "CTS TBSC041-2026 B/1): use one scheme's template"
    )
