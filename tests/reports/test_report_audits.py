"""The report's management-system audit: both checklists, each row's verdict, the §5.2.2 exemption.

The input is conftest.small_input (AAA by hand) with these audits:

- GB/T 19001: 7.1.5 judged exempted, 8.3 out of scope, 4.4 left unjudged, the rest conforms;
- §4.2.2: row 3 (external providers) out of scope, the rest conforms;
- §5.2.2: certificate expiring 2026-05-31, audit on 2026-05-11, exempting 7.1.5.

By §5.2.2 as GreenCert reads it (valid on the audit date and on the date relied on):
relied on 2026-05-20, 2026-05-31 ≥ both dates → holds; relied on 2026-06-01,
2026-05-31 < 2026-06-01 → lapsed before the decision; a certificate expiring
2026-05-10 < 2026-05-11 was not valid at the audit.
"""

from __future__ import annotations

import json
import re

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from greencert.cli.main import main
from greencert.core import default_scheme
from greencert.core.assessment import assess_data
from greencert.reports.assessment_report import build_assessment_report
from greencert.reports.audit_section import audit_flowables
from greencert.reports.pdfbase import styles
from tests.audit_verdicts import CHECKLISTS, conforming
from tests.reports import pdftools
from tests.reports.conftest import small_input

needs_poppler = pdftools.needs_poppler
EXPIRES, AUDIT = "2026-05-31", "2026-05-11"
RECORD = {
    "certificate_number": "00124Q30001R2M",
    "issuer": "方圆标志认证集团",
    "accredited": False,
    "certificate_scope": "家电回收服务",
    "certificate_expires": EXPIRES,
    "last_surveillance": "2025-11-02",
    "audit_date": AUDIT,
    "scope_covers_service": True,
    "complaints_known": "近一年无投诉",
    "surveillance_status": "2025 年监督审核通过",
    "clauses": ["7.1.5"],
    "decided_by": "赵强",
    "decided_at": "2026-05-09",
    "reason": "证书覆盖所认证服务，监督状态正常",
}
ROWS = {
    "qms": {"8.3": {"auditor": "李明", "date": AUDIT, "reason": "不从事设计和开发"}},
    "specific": {"3": {"auditor": "王芳", "date": AUDIT, "reason": "没有外部供方"}},
}


def audited_input(on: str = "2026-05-20", expires: str = EXPIRES) -> dict:
    data = small_input()
    data["qms"] = conforming("qms", **{"7.1.5": "exempted", "8.3": "out_of_scope"}) | {"4.4": None}
    data["specific"] = conforming("specific", **{"3": "out_of_scope"})
    data["exemption"] = {
        "certificate_expires": expires,
        "audit_date": AUDIT,
        "on": on,
        "clauses": ["7.1.5"],
    }
    return data


def report_text(tmp_path, data: dict, context: dict, layout: bool = True) -> str:
    """The report's text: laid out (a table row on one line) or in reading order (a cell's
    wrapped text in one run, for the two-column exemption record)."""
    result = assess_data(default_scheme(), data).as_dict()
    path = pdftools.write(tmp_path, build_assessment_report(result, context))
    return pdftools.text(path, layout=layout)


def line_of(text: str, row: str, after: str) -> str:
    """The first line starting with *row* after the heading *after* (4.1 is an item too)."""
    section = text.split(after, 1)[1]
    return next(line for line in section.splitlines() if re.match(rf"\s*{re.escape(row)}\s", line))


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@needs_poppler
def test_each_row_shows_its_verdict_the_reason_and_who_judged_it(tmp_path):
    text = report_text(tmp_path, audited_input(), {"checklist_rows": ROWS, "exemption": RECORD})
    qms = "GB/T 19001 checklist"
    assert "GB/T 19001-2016 GC1（版本 version GC1，hash " in text
    assert "免除 exempted (§5.2.2)" in line_of(text, "7.1.5", qms)
    row = line_of(text, "8.3", qms)
    assert "不适用 out of scope" in row and "不从事设计和开发" in row and "李明, 2026-05-11" in row
    assert "未判定 not judged" in line_of(text, "4.4", qms)
    assert "符合 conforms" in line_of(text, "10.3", qms)
    assert "不适用 out of scope" in line_of(text, "3", "Specific requirements（§4.2.2）")
    assert "没有外部供方" in text
    # Grouped by chapter: the chapter's own row above its clauses.
    assert text.index("7 支持 Support") < text.index("7.1.5") < text.index("8 运行 Operation")


@needs_poppler
def test_a_valid_exemption_prints_its_record_and_that_it_holds(tmp_path):
    text = flat(report_text(tmp_path, audited_input(), {"exemption": RECORD}, layout=False))
    for shown in (
        "00124Q30001R2M",
        "方圆标志认证集团",
        "认可 Accredited 否 no",
        "赵强",
        "2026-05-09",
    ):
        assert shown in text
    assert "免除有效：质量管理体系认证证书有效期至 2026-05-31" in text
    assert (
        "The exemption holds: the quality-management certificate is valid until 2026-05-31" in text
    )


@needs_poppler
@pytest.mark.parametrize(
    ("on", "expires", "zh", "en", "row"),
    [
        (
            "2026-06-01",
            EXPIRES,
            "证书于 2026-05-31 失效，早于结果依据日期 2026-06-01（认证决定日，未决定时为当天）",
            "lapsed on 2026-05-31, before the date relied on 2026-06-01 (the decision's, or today",
            "Certificate lapsed",
        ),
        (
            "2026-05-20",
            "2026-05-10",
            "证书已于 2026-05-10 失效，早于审核日期 2026-05-11",
            "expired on 2026-05-10, before the audit date 2026-05-11",
            "Certificate expired",
        ),
    ],
)
def test_an_exemption_that_does_not_hold_says_why_in_both_languages(
    tmp_path, on, expires, zh, en, row
):
    record = RECORD | {"certificate_expires": expires}
    text = flat(report_text(tmp_path, audited_input(on, expires), {"exemption": record}, False))
    # A wrapped Chinese line breaks anywhere: compared without white space.
    assert re.sub(r"\s", "", zh) in re.sub(r"\s", "", text) and en in text
    laid_out = report_text(tmp_path, audited_input(on, expires), {"exemption": record})
    # The row says so too (its note wraps: the line through the row's middle holds this part).
    assert row in line_of(laid_out, "7.1.5", "GB/T 19001 checklist")  # the row says so too


@pytest.mark.parametrize(
    ("verdict", "reason", "pages"),
    [("conforms", "", 1.0), ("out_of_scope", "本组织不提供该过程，范围说明见申请书", 1.5)],
)
def test_forty_rows_take_about_a_page_even_fully_annotated(verdict, reason, pages):
    """Every GB/T 19001 row judged by one auditor on one day: the 40 rows and 7 chapters on one
    page; each out of scope with a reason that wraps in its cell: 1.5 pages at most."""
    qms = CHECKLISTS["qms"]
    data = small_input() | {"qms": dict.fromkeys(qms.clauses, verdict)}
    result = assess_data(default_scheme(), data).as_dict()
    detail = {"auditor": "欧阳晓明", "date": AUDIT, "reason": reason}
    rows = {"qms": dict.fromkeys(qms.clauses, detail)}
    width, frame = A4[0] - 36 * mm, A4[1] - 36 * mm
    flowables = audit_flowables(result, {"checklist_rows": rows}, styles(), width)
    table = flowables[0]._content[-1]  # kept together: heading, title, identity, the table
    assert len(table._cellvalues) == 1 + len(qms.chapters) + len(qms.clauses) == 48
    _width, height = table.wrap(width, frame)
    assert height <= pages * frame


@needs_poppler
def test_the_cli_prints_the_core_verdicts_and_the_context_record(tmp_path):
    data, context = tmp_path / "in.json", tmp_path / "context.json"
    data.write_text(json.dumps(audited_input("2026-06-01"), default=str), "utf-8")
    context.write_text(json.dumps({"exemption": RECORD}, ensure_ascii=False), "utf-8")
    out = tmp_path / "r.pdf"
    assert main(["report", str(data), "--out", str(out), "--context", str(context)]) == 0
    text = pdftools.text(out, layout=True)
    assert "免除 exempted" in line_of(text, "7.1.5", "GB/T 19001 checklist")
    assert "00124Q30001R2M" in text
    assert "lapsed on 2026-05-31, before the date relied on 2026-06-01" in flat(pdftools.text(out))


def run_with_context(tmp_path, capsys, context: dict, data: dict | None = None) -> str:
    path, ctx = tmp_path / "in.json", tmp_path / "context.json"
    path.write_text(json.dumps(data or audited_input(), default=str), "utf-8")
    ctx.write_text(json.dumps(context, ensure_ascii=False), "utf-8")
    out = tmp_path / "r.pdf"
    assert main(["report", str(path), "--out", str(out), "--context", str(ctx)]) == 2
    assert not out.exists()
    return capsys.readouterr().err


def test_the_cli_context_cannot_bring_verdicts(tmp_path, capsys):
    err = run_with_context(tmp_path, capsys, {"checklist_rows": ROWS})
    assert "context.json checklist_rows: unknown key (known: " in err


def test_a_bad_exemption_record_is_refused_naming_each_key(tmp_path, capsys):
    record = {k: v for k, v in RECORD.items() if k != "issuer"} | {
        "accredited": "yes",
        "audit_date": "11/05/2026",
        "colour": "green",
    }
    err = run_with_context(tmp_path, capsys, {"exemption": record})
    assert "key 'exemption.issuer': is missing" in err
    assert "key 'exemption.accredited': must be true or false" in err
    assert "key 'exemption.audit_date': '11/05/2026' is not a date (YYYY-MM-DD)" in err
    assert "key 'exemption.colour': unknown key" in err


def test_an_exemption_record_must_agree_with_what_the_core_judged(tmp_path, capsys):
    record = RECORD | {"certificate_expires": "2027-05-31", "clauses": ["7.1.5", "7.1.3"]}
    err = run_with_context(tmp_path, capsys, {"exemption": record})
    assert "key 'exemption.certificate_expires': is 2027-05-31, but the input's exemption" in err
    assert "says 2026-05-31" in err
    assert "key 'exemption.clauses': is 7.1.5, 7.1.3" in err
    data = audited_input()
    del data["exemption"]
    data["qms"]["7.1.5"] = "conforms"
    err = run_with_context(tmp_path, capsys, {"exemption": RECORD}, data)
    assert "key 'exemption': the input has no exemption (§5.2.2)" in err
