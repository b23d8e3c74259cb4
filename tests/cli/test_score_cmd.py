"""``greencert score``: the contract that later parts and outside tools rely on.

Figures by hand for the small input below: E1 has every α 0.9 → 90.00;
E2 has every Likert level 5 → α 1.0 → 100.00; mean 95.0.  Every clause at
四级: 13 × 4 + 8 × 8 = 116 → 五级.  95.0 ≥ 95.0 with 五级 ≥ 四级 → AAAAA.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from greencert.cli.main import main
from greencert.core.registry import default_scheme
from greencert.workbook import write_template
from greencert.workbook.layout import CHECKLIST_SHEETS, MATURITY_SHEET
from tests.audit_verdicts import CHECKLISTS, conforming, with_conforming_audits
from tests.workbook.filling import fill_evaluation, fill_maturity, fill_verdicts, open_book, save

SCHEME = default_scheme()
QMS_SHEET, SPECIFIC_SHEET = CHECKLIST_SHEETS["qms"], CHECKLIST_SHEETS["specific"]
ITEMS = list(SCHEME.items)
CLAUSES = list(SCHEME.clauses)


def conforming_hash(kind: str) -> str:
    return CHECKLISTS[kind].hash


def small_input() -> dict:
    return {
        "evaluations": [
            {"id": "E1", "source": "auditor", "alpha": dict.fromkeys(ITEMS, 0.9)},
            {"id": "E2", "source": "customer", "likert": dict.fromkeys(ITEMS, 5)},
        ],
        "maturity": dict.fromkeys(CLAUSES, 4),
        "qms": conforming("qms"),
        "specific": conforming("specific"),
    }


def run(args, stdin: str | None = None, capsys=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_output_follows_the_contract(tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(small_input()))
    code, out, err = run(["score", str(path), "--json"], capsys=capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["scheme"] == {"code": "CTS TBSC041-2026", "version": "B/0", "hash": SCHEME.hash}
    assert result["service"]["score"] == "95.0" and result["service"]["n"] == 2
    assert [e["score"] for e in result["service"]["evaluations"]] == ["90.00", "100.00"]
    # Item 1.2 (weight 7): mean α (0.9 + 1.0) / 2 = 0.95 → 6.65 points, 95.0 %, band 5.
    assert result["service"]["items"]["1.2"] == {
        "weight": 7, "mean_alpha": "0.95", "points": "6.65", "percent": "95.0", "band": 5,
    }  # fmt: skip
    # Characteristic 1 (weight 17): 17 × 0.95 = 16.15 points.
    assert result["service"]["characteristics"]["1"]["points"] == "16.15"
    assert result["management"]["total"] == 116 and result["management"]["level"] == 5
    assert result["management"]["clauses"]["4.1"] == {"level": 4, "points": 8, "worth": 10}
    assert result["conformity"] == {"passed": True, "reasons": []}
    assert result["grade"] == "AAAAA" and result["next_grade"] is None
    assert any(n["rule"] == "§5.3" and "AAAAA" in n["text"] for n in result["explanation"])


def test_stdin_and_tables_in_chinese(capsys, monkeypatch):
    code, out, _ = run(
        ["score", "-"], stdin=json.dumps(small_input()), capsys=capsys, monkeypatch=monkeypatch
    )
    assert code == 0
    assert "服务特性测评得分: 95.0" in out and "认证等级: AAAAA" in out and "管理水平: 五级" in out


def test_the_checklist_audits_are_printed_as_text_and_json(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one line per row, so the lines can be read whole
    data = small_input()
    data["qms"] = conforming("qms", **{"7.1.5": "exempted", "8.3": "out_of_scope"})
    data["exemption"] = {
        "certificate_expires": "2027-01-31",
        "audit_date": "2026-05-11",
        "on": "2026-06-01",
        "clauses": ["7.1.5"],
    }
    stdin = json.dumps(data)
    code, out, _ = run(["score", "-", "--lang", "en"], stdin, capsys, monkeypatch)
    assert code == 0
    assert "GB/T 19001 quality-management audit (§4.2.1, §5.2.1): GB/T 19001-2016 GC1" in out
    assert "40 of 40 judged" in out  # 38 conforming + 7.1.5 exempted + 8.3 out of scope
    assert "  conforms: 38\n" in out
    assert "exempted (§5.2.2): 7.1.5" in out and "out of scope: 8.3" in out
    assert "Specific requirements audit (§4.2.2): CTS TBSC041-2026 B/0 §4.2.2 GC1" in out
    assert "Grade: AAAAA" in out
    code, out, _ = run(["score", "-", "--json"], stdin, capsys, monkeypatch)
    result = json.loads(out)
    assert result["contract"] == 2
    assert result["qms"]["exempted"] == ["7.1.5"] and result["qms"]["out_of_scope"] == ["8.3"]
    assert result["qms"]["checklist"]["hash"] == conforming_hash("qms")
    assert result["specific"]["verdicts"] == conforming("specific")


def test_without_the_audits_there_is_no_grade_and_the_next_grade_says_why(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    data = {k: v for k, v in small_input().items() if k not in ("qms", "specific")}
    code, out, _ = run(["score", "-", "--lang", "en"], json.dumps(data), capsys, monkeypatch)
    assert code == 0
    assert "GB/T 19001 quality-management audit (§4.2.1, §5.2.1): not recorded" in out
    assert "Grade: not certified" in out
    # 95.0 with 五级 meets AAAAA's figures: only the audits stand in the way.
    assert "→ AAAAA" in out and "record the audits: qms, specific" in out


def test_a_grade_is_null_with_its_reason_when_a_part_is_missing(capsys, monkeypatch):
    data = {"maturity": dict.fromkeys(CLAUSES, 4)}
    code, out, _ = run(
        ["score", "-", "--json"], stdin=json.dumps(data), capsys=capsys, monkeypatch=monkeypatch
    )
    result = json.loads(out)
    assert code == 0 and result["grade"] is None and result["service"] is None
    assert any(n["code"] == "grade.incomplete" for n in result["explanation"])


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ({"evaluations": [{"id": "E1", "alpha": dict.fromkeys(ITEMS, 0.9) | {"3.2": 1.2}}]},
         "E1 item 3.2: α 1.2 is outside [0, 1]"),
        ({"evaluations": [{"id": "E1", "likert": dict.fromkeys(ITEMS, 6)}]},
         "E1 item 1.1: Likert level 6 is not one of 1–5"),
        ({"maturity": {"4.1": 0}}, "maturity clause 4.1: level 0 is not one of 1–5"),
        ({"nonconformities": [{"id": "NC1", "clause": "9.9", "severity": "major"}]},
         "NC1: clause '9.9' is not a clause of the scheme"),
    ],
)  # fmt: skip
def test_invalid_input_exits_2_with_one_line_per_problem(data, line, capsys, monkeypatch):
    code, out, err = run(
        ["score", "-"], stdin=json.dumps(data), capsys=capsys, monkeypatch=monkeypatch
    )
    assert code == 2 and out == ""
    assert line in err.splitlines()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"maturity": {"1.1": 3, "1.1": 4}}', "key '1.1': is given twice in the same object"),
        ("{not json", "stdin line 1 column 2: not valid JSON"),
        ("[" * 100_000, "stdin: not usable JSON"),
    ],
)
def test_unusable_files_exit_2_naming_the_problem(text, message, capsys, monkeypatch):
    code, _, err = run(["score", "-"], stdin=text, capsys=capsys, monkeypatch=monkeypatch)
    assert code == 2 and message in err


def test_a_folder_or_a_missing_file_exits_2(tmp_path, capsys):
    assert run(["score", str(tmp_path)], capsys=capsys)[:1] == (2,)
    code, _, err = run(["score", str(tmp_path / "none.json")], capsys=capsys)
    assert code == 2 and "no such file" in err


def test_the_input_and_the_option_must_name_the_same_scheme(tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"scheme": "CTS TBSC041-2026 B/0"}))
    code, _, err = run(["score", str(path), "--scheme", "CTS TBSC041-2026 B/1"], capsys=capsys)
    assert code == 2 and "--scheme asks for" in err


def test_python_m_greencert_runs_the_bundled_example():
    out = subprocess.run(
        [sys.executable, "-m", "greencert", "score", "example", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0
    # The example: E1 90.56, E2 (Likert) 95.60, E3 87.85 → 274.01 / 3 = 91.3367 → 91.3; total 92 → 三级.
    result = json.loads(out.stdout)
    assert (result["service"]["score"], result["management"]["total"], result["grade"]) == (
        "91.3",
        92,
        "AAAA",
    )


def test_scheme_show_and_export(capsys):
    assert main(["scheme", "export", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["code"] == "CTS TBSC041-2026" and exported["weights_total"] == 100
    assert len(exported["characteristics"]) == 7
    assert main(["scheme", "show"]) == 0
    shown = capsys.readouterr().out
    assert "AAAAA" in shown and "≥ 95.0" in shown and "[105, 145]" in shown
    # Level names 2–4 are GreenCert's (§5.2.5 names only 基本水平 and 最佳实践): marked, and said.
    assert "初步改进*" in shown and "最佳实践*" not in shown
    assert "只给出一级“基本水平”和五级“最佳实践”" in "".join(shown.split())


# --- self-evaluations apart (§5.1.2), on JSON and on a filled workbook ------------------------
# A1 (auditor) α 0.8 everywhere: 100 × 0.8 = 80.00; S1 (self) α 1 everywhere: 100.00.
# Maturity all 三级: 13 × 3 + 8 × 6 = 87 → 三级. Official: 80.0 → AAA (AAAA needs 90.0).
# Counting S1 would give (80 + 100) / 2 = 90.0 → AAAA: the figure the issue reported.


def self_and_auditor() -> dict:
    return with_conforming_audits(
        {
            "evaluations": [
                {"id": "A1", "source": "auditor", "alpha": dict.fromkeys(ITEMS, "0.8")},
                {"id": "S1", "source": "self", "alpha": dict.fromkeys(ITEMS, "1")},
            ],
            "maturity": dict.fromkeys(CLAUSES, 3),
        }
    )


def check_self_apart(result: dict, grade: str | None = "AAA") -> None:
    assert (result["service"]["score"], result["service"]["n"]) == ("80.0", 1)
    assert result["grade"] == grade
    assert (result["self_assessment"]["score"], result["self_assessment"]["n"]) == ("100.0", 1)
    assert [e["id"] for e in result["self_assessment"]["evaluations"]] == ["S1"]


def test_json_input_keeps_self_evaluations_apart(tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(self_and_auditor()))
    code, out, _ = run(["score", str(path), "--json"], capsys=capsys)
    assert code == 0
    check_self_apart(json.loads(out))
    code, out, _ = run(["score", str(path), "--lang", "en"], capsys=capsys)
    assert "Grade: AAA\n" in out
    assert "Self-evaluation mean (for information only): 100.0  (n = 1)" in out
    assert "Service score: 80.0  (n = 1)" in out


def test_only_self_evaluations_score_no_official_service_and_no_grade(tmp_path, capsys):
    data = self_and_auditor()
    del data["evaluations"][0]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data))
    code, out, _ = run(["score", str(path), "--json"], capsys=capsys)
    result = json.loads(out)
    assert (code, result["service"], result["grade"]) == (0, None, None)
    assert result["self_assessment"]["score"] == "100.0"
    code, out, _ = run(["score", str(path)], capsys=capsys)
    assert "服务特性测评得分: 无（没有计入的测评）" in out
    assert "认证等级: 暂不确定" in out


def test_a_workbook_keeps_self_evaluations_apart(tmp_path, capsys):
    path = tmp_path / "filled.xlsx"
    write_template(SCHEME, path)
    book = open_book(path)
    fill_evaluation(book["E1"], SCHEME, every_alpha=0.8, id="A1", source="auditor")
    fill_evaluation(book["E2"], SCHEME, every_alpha=1, id="S1", source="self")
    fill_maturity(book[MATURITY_SHEET], dict.fromkeys(CLAUSES, 3))
    fill_verdicts(book[QMS_SHEET], conforming("qms"))
    fill_verdicts(book[SPECIFIC_SHEET], dict.fromkeys(CHECKLISTS["specific"].clauses, "符合"))
    save(book, path)
    code, out, err = run(["score", str(path), "--json"], capsys=capsys)
    assert (code, err) == (0, "")
    # Both checklist audits judged all conforming on their sheets: the figures of the JSON
    # input, 80.0 official (S1 apart) with 三级 → AAA (AAAA needs 90.0).
    result = json.loads(out)
    check_self_apart(result)
    assert result["qms"]["complete"] and result["specific"]["complete"]


# --- a workbook is read as the scheme its markers name ------------------------------------


def test_a_workbook_of_an_unknown_scheme_exits_2_naming_it(tmp_path, capsys):
    path = tmp_path / "b9.xlsx"
    write_template(SCHEME, path, evaluations=1)
    book = open_book(path)
    for ws in book.worksheets[1:4]:  # E1, 成熟度, 不符合项
        ws["Z1"] = ws["Z1"].value.replace("B/0", "B/9")
    save(book, path)
    code, out, err = run(["score", str(path), "--lang", "en"], capsys=capsys)
    assert (code, out) == (2, "")
    assert "was made for scheme 'CTS TBSC041-2026 B/9', which is not installed here" in err
    # Asked for B/0 explicitly, each sheet says what it was made for.
    code, _, err = run(["score", str(path), "--scheme", SCHEME.label], capsys=capsys)
    assert code == 2
    assert "sheet E1: was made for scheme 'CTS TBSC041-2026 B/9', not 'CTS TBSC041-2026 B/0'" in err
