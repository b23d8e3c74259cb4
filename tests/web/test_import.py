"""Excel import: the template download, and a filled workbook stored all or nothing."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from greencert.core import default_scheme
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import ClauseRating, Evaluation, ItemRating, Project
from greencert.web.projects.scoring import score
from greencert.workbook import write_template
from tests.web.audit_support import judge_all_conforming
from tests.web.sheet_helpers import CLAUSES, ITEMS, add_evaluation, browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_url(project):
    return reverse("evaluation_import", args=(project.pk,))


def workbook(sheets: dict[str, dict], levels: dict | None = None) -> SimpleUploadedFile:
    """A template filled in as a person would: sheet title → {"id", "alpha"|"likert": {...}}."""
    stream = io.BytesIO()
    write_template(default_scheme(), stream, evaluations=2)
    book = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    for title, filled in sheets.items():
        ws = book[title]
        for row in ws.iter_rows():
            label, value = row[0].value, None
            if isinstance(label, str) and label.startswith("测评编号"):
                row[1].value = filled["id"]
            elif isinstance(label, str) and label.startswith("日期"):
                row[1].value = "2026-05-12"
            elif isinstance(label, str) and label.startswith("场所") and "site" in filled:
                row[1].value = filled["site"]
            elif label in ITEMS:
                value = filled.get("alpha", {}).get(label)
                level = filled.get("likert", {}).get(label)
                if value is not None:
                    row[5].value = value  # column F: α
                if level is not None:
                    row[6].value = level  # column G: Likert level
    if levels:
        ws = book["成熟度"]
        for row in ws.iter_rows():
            if row[0].value in levels:
                row[6].value = levels[row[0].value]  # column G: level
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("filled.xlsx", out.getvalue(), XLSX)


def counts():
    return Evaluation.objects.count(), ItemRating.objects.count(), ClauseRating.objects.count()


def test_the_import_page_offers_the_template(world, client):
    c = browser(client, world.leader)
    page = c.get(import_url(world.project)).content.decode()
    template_url = reverse("evaluation_template", args=(world.project.pk,))
    assert f'href="{template_url}"' in page
    response = c.get(template_url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="GC-2026-0001-template.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"E1", "E2", "E3", "成熟度", "不符合项"} <= set(book.sheetnames)


def test_a_filled_workbook_is_imported(world, client):
    c = browser(client, world.leader)
    upload = workbook(
        {
            "E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}},  # 100.00
            "E2": {"id": "W2", "likert": {i: 3 for i in ITEMS}},  # level 3 → α 0.6 → 60.00
        },
        levels={c: 3 for c in CLAUSES},  # 13 × 3 + 8 × 6 = 87
    )
    response = c.post(import_url(world.project), {"file": upload})
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=(world.project.pk,))
    assert "2 evaluations imported." in c.get(response["Location"]).content.decode()
    assert counts() == (2, 38, 21)
    assert Evaluation.objects.get(code="W2").ratings.get(item_id="1.2").likert == 3
    judge_all_conforming(world.project.assessment, world.leader)  # the workbook has no checklists
    result = score(world.project.assessment)
    # (100.00 + 60.00) / 2 = 80.0; 87 is 三级 [70, 95); 80.0 with 三级 → AAA (AAAA needs 90.0).
    assert str(result.service.score) == "80.0"
    assert result.management.total == 87
    assert result.grade == "AAA"


def test_a_workbook_with_problems_stores_nothing_and_lists_every_problem(world, client):
    add_evaluation(world.project.assessment, world.leader)
    before = counts()
    alphas = {i: 0.9 for i in ITEMS} | {"2.2": 1.5}
    del alphas["7.1"]
    upload = workbook(
        {
            "E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}},  # fine on its own
            "E2": {"id": "W2", "alpha": alphas},
        },
        levels={"4.1": 3},
    )
    response = browser(client, world.leader).post(import_url(world.project), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported." in page
    # Sheet E2: the header takes rows 1–8, so item rows start at row 9 in scheme order:
    # 2.2 is the 5th item → row 13; 7.1 is the 19th → row 27.
    assert "sheet E2 row 13 (item 2.2): α 1.5 is outside [0, 1]" in page
    assert "items not rated: 7.1 (row 27)" in page
    assert counts() == before


def test_an_id_already_in_the_project_stores_nothing(world, client):
    add_evaluation(world.project.assessment, world.leader, code="W2")
    before = counts()
    upload = workbook(
        {
            "E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}},
            "E2": {"id": "W2", "alpha": {i: 1 for i in ITEMS}},
        }
    )
    page = browser(client, world.leader).post(import_url(world.project), {"file": upload})
    assert "W2: this evaluation id is already used in the project" in page.content.decode()
    assert counts() == before  # W1 was rolled back too


def test_a_site_the_organisation_does_not_have_stores_nothing(world, client):
    before = counts()
    upload = workbook(
        {
            "E1": {"id": "W1", "site": world.site.name, "alpha": {i: 1 for i in ITEMS}},
            "E2": {"id": "W2", "site": "不存在的网点", "alpha": {i: 1 for i in ITEMS}},
        }
    )
    page = (
        browser(client, world.leader)
        .post(import_url(world.project), {"file": upload})
        .content.decode()
    )
    assert "W2: site “不存在的网点” is not one of the organisation&#x27;s sites" in page
    assert counts() == before


def test_a_file_that_is_not_xlsx_is_refused(world, client):
    c = browser(client, world.leader)
    text = SimpleUploadedFile("sheet.csv", b"1.1,0.9\n", "text/csv")
    page = c.post(import_url(world.project), {"file": text}).content.decode()
    assert "sheet.csv is not an Excel workbook" in page
    fake = SimpleUploadedFile("fake.xlsx", b"this is no zip", XLSX)
    page = c.post(import_url(world.project), {"file": fake}).content.decode()
    assert "the content of fake.xlsx is not a .xlsx file" in page
    assert counts() == (0, 0, 0)


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_an_oversized_workbook_is_refused(world, client):
    upload = workbook({"E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}}})
    assert upload.size > 1000
    page = browser(client, world.leader).post(import_url(world.project), {"file": upload})
    assert "is larger than the limit" in page.content.decode()
    assert counts() == (0, 0, 0)


def test_an_upload_without_a_file_asks_for_one(world, client):
    page = browser(client, world.leader).post(import_url(world.project), {}).content.decode()
    assert "This field is required." in page


def test_a_closed_project_imports_nothing(world, client):
    change_state(
        actor=world.pm, project=world.project, to=Project.State.CANCELLED, reason="客户撤回申请"
    )
    upload = workbook({"E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}}})
    response = browser(client, world.leader).post(import_url(world.project), {"file": upload})
    assert response.status_code == 409
    assert "its sheets can no longer change" in response.content.decode()
    assert counts() == (0, 0, 0)
