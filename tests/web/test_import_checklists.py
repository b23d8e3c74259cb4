"""Excel import of the checklist sheets: verdicts stored through the verdict service, in the
same transaction as the evaluations; a blank checklist sheet changes nothing."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greencert.core import default_scheme
from greencert.web.audit.models import AuditEntry
from greencert.web.projects.models import ChecklistVerdict, Evaluation
from greencert.web.projects.scoring import score
from greencert.web.projects.services.checklists import record_exemption
from greencert.workbook import write_template
from greencert.workbook.layout import ChecklistColumn
from tests.audit_verdicts import conforming
from tests.web.sheet_helpers import CLAUSES, browser, import_confirmed
from tests.web.test_checklists import exemption_values
from tests.web.test_import import table_rows
from tests.workbook.filling import (
    fill_evaluation,
    fill_exemption,
    fill_maturity,
    fill_verdicts,
    row_of,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCHEME = default_scheme()
QMS_SHEET, SPECIFIC_SHEET = "GB-T 19001", "§4.2.2"


def import_url(project):
    return reverse("evaluation_import", args=(project.pk,))


def upload(qms=None, specific=None, reasons=None, exemption=None, eid="W1"):
    """One evaluation *eid* (every α 0.9), maturity all 三级, and the checklist sheets as given."""
    stream = io.BytesIO()
    write_template(SCHEME, stream, evaluations=1)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    fill_evaluation(book["E1"], SCHEME, every_alpha=0.9, id=eid, date="2026-05-12")
    fill_maturity(book["成熟度"], dict.fromkeys(CLAUSES, 3))
    fill_verdicts(book[QMS_SHEET], qms or {}, reasons)
    fill_verdicts(book[SPECIFIC_SHEET], specific or {})
    if exemption:
        fill_exemption(book[QMS_SHEET], **exemption)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("filled.xlsx", out.getvalue(), XLSX)


def verdicts(assessment) -> dict[tuple[str, str], tuple[str, str]]:
    rows = ChecklistVerdict.objects.filter(assessment=assessment)
    return {(v.kind, v.clause_id): (v.verdict, v.reason) for v in rows}


def test_the_verdicts_are_recorded_with_the_sheets_and_the_grade_follows(world, client):
    c = browser(client, world.leader)
    qms = conforming("qms", **{"4.4": "out_of_scope"})
    response = import_confirmed(
        c, world.project, upload(qms, conforming("specific"), reasons={"4.4": "无外包过程"})
    )
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    # 40 GB/T 19001 rows + 7 §4.2.2 rows = 47 verdicts.
    assert "1 evaluation added. 21 maturity levels changed. 47 checklist verdicts recorded." in page
    assessment = world.project.assessment
    stored = verdicts(assessment)
    assert len(stored) == 47 and stored["qms", "4.4"] == ("out_of_scope", "无外包过程")
    assert stored["specific", "2.1"] == ("conforms", "")
    assert AuditEntry.objects.filter(action="greencert.checklist.judged").count() == 47
    # α 0.9 everywhere: 100 × 0.9 = 90.0; 13 × 3 + 8 × 6 = 87 → 三级; both audits complete
    # → AAAA (AAAAA needs 95.0 and 四级).
    result = score(assessment)
    assert (str(result.service.score), result.grade) == ("90.0", "AAAA")


def test_a_blank_checklist_sheet_changes_nothing(world, client):
    c = browser(client, world.leader)
    c.get(import_confirmed(c, world.project, upload(specific={"1": "major"}))["Location"])
    before = verdicts(world.project.assessment)
    response = import_confirmed(c, world.project, upload(eid="W2"))
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert "1 evaluation added." in page and "checklist verdict" not in page
    assert verdicts(world.project.assessment) == before == {("specific", "1"): ("major", "")}
    assert AuditEntry.objects.filter(action="greencert.checklist.judged").count() == 1


def test_a_verdict_already_stored_is_not_judged_again(world, client):
    c = browser(client, world.leader)
    first = upload(specific={"1": "major", "3": "conforms"})
    c.get(import_confirmed(c, world.project, first)["Location"])
    file = upload(specific={"1": "major", "3": "minor"}, eid="W2")
    page = c.get(import_confirmed(c, world.project, file)["Location"]).content.decode()
    assert "1 checklist verdict recorded." in page
    stored = ChecklistVerdict.objects.get(clause_id="3")
    assert (stored.verdict, stored.version) == ("minor", 2)
    assert AuditEntry.objects.filter(action="greencert.checklist.judged").count() == 3


def test_a_bad_verdict_word_stores_nothing_naming_sheet_and_row(world, client):
    response = browser(client, world.leader).post(
        import_url(world.project), {"file": upload({"8.5.1": "OK"}, {"1": "符合"})}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing was imported." in page
    row = 8 + list(conforming("qms")).index("8.5.1")  # header on row 7, rows in order
    assert (
        f"sheet GB-T 19001 row {row} (clause 8.5.1): verdict &#x27;OK&#x27; is not one of" in page
    )
    assert not Evaluation.objects.exists() and not ChecklistVerdict.objects.exists()


def test_an_exempted_row_needs_the_projects_exemption_record(world, client):
    c = browser(client, world.leader)
    file = upload({"7.1.5": "豁免 exempted"}, exemption={"audit_date": "2026-05-11"})
    page = import_confirmed(c, world.project, file).content.decode()
    # The workbook's own block is incomplete: named by its row before anything is stored.
    assert "sheet GB-T 19001 row 3" in page
    page = import_confirmed(c, world.project, upload({"7.1.5": "豁免 exempted"})).content.decode()
    assert "only when the §5.2.2 exemption record lists it" in page
    assert not Evaluation.objects.exists() and not ChecklistVerdict.objects.exists()
    record_exemption(
        actor=world.pm,
        assessment=world.project.assessment,
        values=exemption_values(),  # lists 7.1.5 and 7.1.3
        expected_version=0,
    )
    file = upload(
        {"7.1.5": "豁免 exempted"},
        exemption={"certificate_expires": "2099-12-31", "audit_date": "2026-05-11"},
    )
    preview = c.post(import_url(world.project), {"file": file}).content.decode()
    assert "§5.2.2 exemption block is not imported" in preview
    file.seek(0)
    response = import_confirmed(c, world.project, file)
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert "1 checklist verdict recorded." in page
    assert verdicts(world.project.assessment) == {("qms", "7.1.5"): ("exempted", "")}


def test_the_template_carries_the_pinned_checklists(world, client):
    response = browser(client, world.leader).get(
        reverse("evaluation_template", args=(world.project.pk,))
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assessment = world.project.assessment
    assert book[QMS_SHEET]["Z1"].value == (
        f"greencert:qms:{assessment.qms_label}:{assessment.qms_hash}"
    )
    assert book[SPECIFIC_SHEET]["Z1"].value == (
        f"greencert:specific:{assessment.specific_label}:{assessment.specific_hash}"
    )
    ws = book[SPECIFIC_SHEET]
    assert ws.cell(row_of(ws, "2.1"), ChecklistColumn.VERDICT).value is None


def test_the_preview_lists_each_verdict_and_reason_the_import_would_change(world, client):
    c = browser(client, world.leader)
    first = upload(
        {"4.4": "out_of_scope"}, {"1": "major", "3": "conforms"}, reasons={"4.4": "无外包过程"}
    )
    assert import_confirmed(c, world.project, first).status_code == 302
    entries = AuditEntry.objects.count()
    # The same W1 and maturity again; 4.4's reason reworded, row 3 minor, row 2.1 judged.
    second = upload(
        {"4.4": "out_of_scope"},
        {"1": "major", "3": "minor", "2.1": "conforms"},
        reasons={"4.4": "本组织无外包过程"},
    )
    page = c.post(import_url(world.project), {"file": second}).content.decode()
    assert table_rows(page, "import-changes") == [
        ("4.4", "reason it is out of scope", "无外包过程", "本组织无外包过程"),
        ("2.1", "verdict", "—", "Conforms"),
        ("3", "verdict", "Conforms", "Minor nonconformity"),
    ]
    assert table_rows(page, "import-added") == []
    assert AuditEntry.objects.count() == entries  # the preview wrote nothing
    second.seek(0)
    response = import_confirmed(c, world.project, second)
    assert "3 checklist verdicts recorded." in c.get(response["Location"]).content.decode()
    stored = verdicts(world.project.assessment)
    assert stored["qms", "4.4"] == ("out_of_scope", "本组织无外包过程")
    assert stored["specific", "3"] == ("minor", "")
    assert stored["specific", "2.1"] == ("conforms", "")
