"""The report, the Excel export and the frozen results list each nonconformity by its reference,
named as the scheme (Appendix 1, Appendix 3) or the pinned checklist (its ``cite``) names it."""

from __future__ import annotations

import datetime
import io

import openpyxl
from django.urls import reverse

from greencert.core.assessment_input import Checklists
from greencert.core.registry import default_scheme
from greencert.reports.adapters import nonconformity_entries
from greencert.web.certification.models import Nonconformity, ResultSnapshot
from greencert.web.certification.services import nonconformities as nc_services
from greencert.web.documents.context import ReportFigures, report_context
from tests.web.certification.certificate_support import on_day
from tests.web.certification.findings_support import answer_nc, browser, complete, raise_nc, url
from tests.web.certification.test_documents import decide, get, pdf_text
from tests.web.projects_support import rows

# One reference of each kind and its name in Chinese: Appendix 1 names an item by its
# characteristic and aspect, Appendix 3 a clause by its title, a checklist row by its cite.
CHINESE = {
    "item:3.1": "附录1 3.1 时间性 · 人员",
    "clause:5.2": "附录3 5.2 应急准备及响应",
    "qms:8.5.1": "GB/T 19001 8.5.1 生产和服务提供的控制",
    "specific:2.3": "§4.2.2 2)③ 确保可以获得必要的资源和信息，以支持服务提供的运作和监视。",
}


def raise_each(world) -> None:
    for ref in CHINESE:
        raise_nc(world, "minor", ref)


def test_the_report_context_names_each_reference_live_and_frozen(filled):
    with on_day(datetime.date(2026, 5, 12)):  # found during the audit, before the decision
        raise_each(filled)
    live = report_context(ReportFigures(filled.project))["nonconformities"]
    assert [nc["reference"] for nc in live] == list(CHINESE.values())
    assert [nc["status_label"] for nc in live] == ["待处理：等待客户回复"] * 4
    for nc in Nonconformity.objects.all():  # minor ones with accepted plans: AAAA may be granted
        nc_services.accept_plan(actor=filled.leader, nc=answer_nc(filled, nc))
    decide(filled)
    frozen = report_context(ReportFigures(filled.project))["nonconformities"]
    assert [(nc["id"], nc["reference"]) for nc in frozen] == [
        (f"NC{n}", name) for n, name in enumerate(CHINESE.values(), start=1)
    ]


def test_the_report_pdf_lists_the_references(filled, client, tmp_path):
    raise_each(filled)
    text = pdf_text(
        get(client, filled.leader, "project_report", filled.project.pk).content, tmp_path
    )
    assert "依据" in text and "Reference" in text
    # Short names fit their cell on one line; longer ones wrap after their number.
    assert "附录1 3.1 时间性 · 人员" in text
    assert "附录3 5.2 应急准备及响应" in text
    assert "GB/T 19001 8.5.1 生产和服务提供" in text
    assert "§4.2.2 2)③ 确保可以获得" in text


def test_an_older_snapshot_s_clause_is_named_as_a_maturity_clause():
    """Snapshots frozen before contract 2 hold "clause" (and perhaps "item"): still read."""
    entries = [{"id": "NC1", "clause": "4.1", "item": "1.2", "severity": "minor"}]
    named = nonconformity_entries(entries, Checklists(default_scheme()))
    assert named[0]["reference"] == "附录3 4.1 资源"
    assert named[0]["clause"] == "4.1"  # what it held is kept beside


def test_an_older_snapshot_page_names_its_clause(filled, client):
    complete(filled)
    frozen = ResultSnapshot.objects.get(project=filled.project)
    old = {
        **frozen.inputs,
        "nonconformities": [{"id": "NC1", "clause": "6.2", "severity": "major", "status": "open"}],
    }
    ResultSnapshot.objects.create(
        project=filled.project,
        number=2,
        created_by=filled.leader,
        scheme_label=frozen.scheme_label,
        scheme_hash=frozen.scheme_hash,
        inputs=old,
        result=frozen.result,
        result_en=frozen.result_en,
        grade=frozen.grade,
    )
    response = browser(client, filled.leader).get(url("snapshot_detail", filled.project.pk, 2))
    assert rows(response, "snapshot-nonconformities")[1] == [
        "NC1",
        "Appendix 3 6.2 Internal audit",
        "Major",
        "open",
    ]


def test_the_excel_export_lists_the_references(filled, client):
    raise_each(filled)
    response = get(client, filled.pm, "project_export", filled.project.pk)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["不符合项 Nonconformities"]
    assert [c.value for c in sheet[1]][:3] == ["编号 No.", "依据 Reference", "程度 Severity"]
    listed = [r[:2] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert listed == [(f"NC{n}", name) for n, name in enumerate(CHINESE.values(), start=1)]


def test_the_project_page_panel_names_the_reference_for_the_client_too(filled, client):
    raise_nc(filled, "major", "qms:8.5.1")
    http = browser(client, filled.client)
    response = http.get(reverse("project_detail", args=[filled.project.pk]))
    assert rows(response, "panel-nonconformities")[1][:2] == [
        "NC1",
        "GB/T 19001 8.5.1 Control of production and service provision",
    ]
