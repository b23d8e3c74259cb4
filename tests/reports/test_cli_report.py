"""``greencert report``: the command line writes the same report as the web prints."""

from __future__ import annotations

import json
import re

from greencert.cli.main import main
from greencert.reports.fonts import ENV_VAR
from tests.reports import pdftools
from tests.reports.conftest import small_input

needs_poppler = pdftools.needs_poppler


def write_input(tmp_path, data=None):
    path = tmp_path / "assessment.json"
    path.write_text(json.dumps(data or small_input(), default=str, ensure_ascii=False), "utf-8")
    return path


@needs_poppler
def test_the_example_makes_a_draft_report(tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert main(["report", "example", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    texts = pdftools.page_texts(out)
    assert all("草稿" in page for page in texts)  # a CLI result is not a decided result
    assert "示例：江西绿源生活服务有限公司" in "".join(texts)


@needs_poppler
def test_a_file_with_context_and_final(tmp_path):
    context = tmp_path / "context.json"
    context.write_text(json.dumps({"organisation": "赣州绿色家政有限公司", "scope": "家政服务"}))
    out = tmp_path / "r.pdf"
    args = ["report", str(write_input(tmp_path)), "--out", str(out), "--context", str(context)]
    assert main([*args, "--final", "--project-code", "GZ-7"]) == 0
    text = pdftools.text(out)
    assert "草稿" not in text
    assert "赣州绿色家政有限公司" in text and "GZ-7" in text
    assert "83.9" in text and "AAA" in text  # as worked out in conftest
    assert "NC1" in text  # nonconformities come from the input when the context has none


@needs_poppler
def test_the_report_names_what_each_nonconformity_cites(tmp_path):
    """The input's "ref" (contract 2) and the old "clause" key, named as the scheme and the
    checklists name them; the closed major on 8.5.1 leaves the row's major verdict cited."""
    data = small_input()
    data["qms"] = {**data["qms"], "8.5.1": "major"}
    data["nonconformities"] = [
        *data["nonconformities"],
        {
            "id": "NC2",
            "ref": {"kind": "qms", "id": "8.5.1"},
            "severity": "major",
            "status": "closed",
        },
        {
            "id": "NC3",
            "ref": {"kind": "item", "id": "3.1"},
            "severity": "minor",
            "status": "closed",
        },
    ]
    out = tmp_path / "r.pdf"
    assert main(["report", str(write_input(tmp_path, data)), "--out", str(out)]) == 0
    text = pdftools.text(out)
    assert "附录3 5.2 应急准备及响应" in text  # NC1's old "clause": 5.2
    assert "GB/T 19001 8.5.1 生产和服务提供" in text
    assert "附录1 3.1 时间性 · 人员" in text


def test_invalid_input_exits_2_naming_the_problem_and_writes_nothing(tmp_path, capsys):
    data = small_input()
    data["evaluations"][0]["alpha"]["3.2"] = 1.5
    out = tmp_path / "r.pdf"
    assert main(["report", str(write_input(tmp_path, data)), "--out", str(out)]) == 2
    assert "E1 item 3.2" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_context_key_exits_2(tmp_path, capsys):
    context = tmp_path / "context.json"
    context.write_text(json.dumps({"organization": "typo"}))
    out = tmp_path / "r.pdf"
    assert main(["report", "example", "--out", str(out), "--context", str(context)]) == 2
    assert "organization: unknown key" in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_font_exits_1_saying_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.ttc"))
    out = tmp_path / "r.pdf"
    assert main(["report", "example", "--out", str(out)]) == 1
    assert "fonts-wqy-zenhei" in capsys.readouterr().err
    assert not out.exists()


@needs_poppler
def test_a_filled_workbook_is_read_as_greencert_score_reads_it(tmp_path, scheme):
    from greencert.workbook import write_template
    from tests.audit_verdicts import conforming
    from tests.workbook.filling import (
        fill_evaluation,
        fill_maturity,
        fill_verdicts,
        open_book,
        save,
    )

    template = tmp_path / "sheet.xlsx"
    write_template(scheme, template, evaluations=1)
    book = open_book(template)
    fill_evaluation(book["E1"], scheme, every_alpha=0.9, id="E1")
    fill_maturity(book["成熟度"], dict.fromkeys(scheme.clauses, 3))
    fill_verdicts(book["GB-T 19001"], conforming("qms"))
    fill_verdicts(book["§4.2.2"], conforming("specific"))
    out = tmp_path / "r.pdf"
    assert main(["report", str(save(book, template)), "--out", str(out)]) == 0
    text = pdftools.text(out)
    # Every α 0.9: score 100 × 0.9 = 90.0; every clause at level 3: 13 × 3 + 8 × 6 = 87 → 三级.
    assert "90.0" in text and "Maturity total：87" in text
    # Both checklist audits judged all conforming on their sheets: 90.0 ≥ 90.0 with 三级 and
    # conformity passed → AAAA (AAAAA needs 95.0 and 四级).
    assert re.search(r"认证等级 Grade\s+AAAA\b", text)


def test_a_bad_blueprint_in_the_context_exits_2_naming_file_entry_step_and_field(tmp_path, capsys):
    context = tmp_path / "context.json"
    steps = {"steps": [{"customer": "进店"}, {"customer": ""}]}
    blueprints = [{"site": "店", "service": "服务", "blueprint": steps}, {"site": "店"}]
    context.write_text(json.dumps({"blueprints": blueprints}))
    out = tmp_path / "r.pdf"
    assert main(["report", "example", "--out", str(out), "--context", str(context)]) == 2
    err = capsys.readouterr().err
    assert f"{context} key 'blueprints[0]' step 2 customer action: must not be empty" in err
    assert "'blueprints[1]': must be an object of exactly site, service and blueprint" in err
    assert not out.exists()
