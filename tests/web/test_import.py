"""Excel import: the template download, and a filled workbook stored all or nothing."""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from greencert.core import default_scheme
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects import import_previews
from greencert.web.projects.models import ClauseRating, Evaluation, ItemRating, Project
from greencert.web.projects.scoring import score
from greencert.web.projects.services.sheets import save_maturity
from greencert.web.surveys.models import SurveyResponse
from greencert.workbook import write_template
from tests.web.audit_support import judge_all_conforming
from tests.web.fingerprint import changed_tables, fingerprint
from tests.web.sheet_helpers import CLAUSES, ITEMS, add_evaluation, browser, import_confirmed
from tests.web.surveys.support import answers, drained, open_survey, post, ticket

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
            elif isinstance(label, str) and label.startswith("测评人") and "evaluator" in filled:
                row[1].value = filled["evaluator"]
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
    response = import_confirmed(c, world.project, upload)
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=(world.project.pk,))
    assert (
        "2 evaluations added. 21 maturity levels changed."
        in c.get(response["Location"]).content.decode()
    )
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
    # Sheet E2: the header takes rows 1–9, so item rows start at row 10 in scheme order:
    # 2.2 is the 5th item → row 14; 7.1 is the 19th → row 28.
    assert "sheet E2 row 14 (item 2.2): α 1.5 is outside [0, 1]" in page
    assert "items not rated: 7.1 (row 28)" in page
    assert counts() == before


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
    page = import_confirmed(c, world.project, text).content.decode()
    assert "sheet.csv is not an Excel workbook" in page
    fake = SimpleUploadedFile("fake.xlsx", b"this is no zip", XLSX)
    page = import_confirmed(c, world.project, fake).content.decode()
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


# --- The preview: what the workbook would change, applied only when confirmed ---------------


def table_rows(page: str, css_class: str) -> list[tuple[str, ...]]:
    """The body rows of the preview's table(s) of *css_class*, as the cells' texts."""
    rows = []
    for table in re.findall(rf'<table class="{css_class}".*?</table>', page, re.S):
        body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            rows.append(tuple(html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells))
    return rows


def stored_w2(world):
    """W2 as an auditor typed it on screen (王测评, 2026-05-11, no site, α 0.9 everywhere),
    and maturity 4.1 and 5.2 at level 3."""
    add_evaluation(world.project.assessment, world.leader, code="W2")
    save_maturity(
        actor=world.leader,
        assessment=world.project.assessment,
        levels={"4.1": {"level": 3, "note": "内审记录"}, "5.2": {"level": 3}},
        expected_version=0,
    )


def crafted_workbook(world):
    """W1 new; W2 with no evaluator, dated 2026-05-12, at the site, 2.2 at Likert level 4 and
    3.1 at α 1; maturity 4.1 → 4, 5.2 at 3 as stored, 6.1 new at 2."""
    w2 = {i: 0.9 for i in ITEMS} | {"3.1": 1}
    del w2["2.2"]
    return workbook(
        {
            "E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}},
            "E2": {"id": "W2", "site": world.site.name, "alpha": w2, "likert": {"2.2": 4}},
        },
        levels={"4.1": 4, "5.2": 3, "6.1": 2},
    )


def test_the_preview_lists_each_change_to_the_cell_and_stores_nothing(world, client):
    stored_w2(world)
    c = browser(client, world.leader)
    before, entries = fingerprint(), AuditEntry.objects.count()
    response = c.post(import_url(world.project), {"file": crafted_workbook(world)})
    page = response.content.decode()
    assert response.status_code == 200
    assert table_rows(page, "import-added") == [("W1", "Auditor", "—", "19")]
    assert table_rows(page, "import-changes") == [
        ("W2", "evaluator", "王测评", "removed"),
        ("W2", "date", "2026-05-11", "2026-05-12"),
        ("W2", "site", "—", world.site.name),
        ("W2", "item 2.2", "α 0.9", "level 4"),
        ("W2", "item 3.1", "α 0.9", "α 1"),
        ("4.1", "maturity level", "3", "4"),
        ("6.1", "maturity level", "—", "2"),
    ]
    # Unchanged: W2's source and its other 17 items, and clause 5.2: 1 + 17 + 1 = 19.
    assert "19 cells of the workbook are the same as stored and are not listed." in page
    assert 'name="token"' in page
    assert changed_tables(before, fingerprint()) == set()
    assert AuditEntry.objects.count() == entries


def test_confirming_applies_exactly_the_preview_keeping_the_notes(world, client):
    stored_w2(world)
    c = browser(client, world.leader)
    response = import_confirmed(c, world.project, crafted_workbook(world))
    assert response.status_code == 302
    page = c.get(response["Location"]).content.decode()
    assert "1 evaluation added. 1 evaluation changed. 2 maturity levels changed." in page
    w2 = Evaluation.objects.get(code="W2")
    assert (w2.evaluator, w2.date.isoformat(), w2.site, w2.version) == (
        "",
        "2026-05-12",
        world.site,
        1,
    )
    ratings = {r.item_id: (r.alpha, r.likert) for r in w2.ratings.all()}
    assert ratings["2.2"] == (None, 4) and ratings["3.1"] == (1, None)
    assert ratings["1.1"] == (Decimal("0.9"), None)
    assert Evaluation.objects.get(code="W1").ratings.count() == 19
    levels = {r.clause_id: (r.level, r.note) for r in ClauseRating.objects.all()}
    assert levels == {"4.1": (4, "内审记录"), "5.2": (3, ""), "6.1": (2, "")}
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))[-4:]
    assert actions == [
        "greencert.evaluation.created",
        "greencert.evaluation.changed",
        "greencert.maturity.changed",
        "greencert.workbook.imported",
    ]
    entry = AuditEntry.objects.get(action="greencert.workbook.imported")
    assert entry.after["added"] == 1 and entry.after["changed_evaluations"] == 1
    assert entry.after["levels"] == 2 and len(entry.after["sha256"]) == 64


def test_a_preview_made_stale_by_a_change_is_refused_and_shown_again(world, client):
    stored_w2(world)
    c = browser(client, world.leader)
    preview = c.post(import_url(world.project), {"file": crafted_workbook(world)})
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    # Meanwhile someone sets 4.1 to 4 on screen: the workbook no longer changes it.
    save_maturity(
        actor=world.evaluator,
        assessment=world.project.assessment,
        levels={"4.1": {"level": 4}, "5.2": {"level": 3}},
        expected_version=1,
    )
    before, entries = fingerprint(), AuditEntry.objects.count()
    confirm = reverse("evaluation_import_confirm", args=(world.project.pk,))
    response = c.post(confirm, {"token": token})
    page = response.content.decode()
    assert response.status_code == 409
    assert "changed after the preview was made: nothing was imported" in page
    assert ("4.1", "maturity level", "3", "4") not in table_rows(page, "import-changes")
    assert ("6.1", "maturity level", "—", "2") in table_rows(page, "import-changes")
    assert changed_tables(before, fingerprint()) == set()
    assert AuditEntry.objects.count() == entries
    # The old token is spent; the new preview's token applies.
    assert c.post(confirm, {"token": token}).status_code == 409
    fresh = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert c.post(confirm, {"token": fresh}).status_code == 302
    assert ClauseRating.objects.get(clause_id="6.1").level == 2


@pytest.mark.parametrize("language, message", [
    ("en", "empty.xlsx: the workbook gives nothing to import: no evaluation, maturity level or checklist verdict is filled in."),
    ("zh-hans", "empty.xlsx：工作簿中没有可导入的内容：未填写任何测评、成熟度等级或审核清单结论。"),
])  # fmt: skip
def test_a_blank_template_is_refused_naming_the_file(world, client, language, message):
    stream = io.BytesIO()
    write_template(default_scheme(), stream, evaluations=2)
    blank = SimpleUploadedFile("empty.xlsx", stream.getvalue(), XLSX)
    c = browser(client, world.leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = c.post(import_url(world.project), {"file": blank}).content.decode()
    assert html.unescape(message) in html.unescape(page)
    assert 'name="token"' not in page
    assert counts() == (0, 0, 0)


def test_a_workbook_that_changes_nothing_offers_nothing_to_confirm(world, client):
    c = browser(client, world.leader)
    upload = workbook({"E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}}}, levels={"4.1": 3})
    assert import_confirmed(c, world.project, upload).status_code == 302
    upload.seek(0)
    page = c.post(import_url(world.project), {"file": upload}).content.decode()
    assert "The workbook would change nothing" in page and 'name="token"' not in page


def test_a_token_works_only_for_its_uploader_unaltered_and_in_time(world, client, monkeypatch):
    c = browser(client, world.leader)
    upload = workbook({"E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}}})
    page = c.post(import_url(world.project), {"file": upload}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    confirm = reverse("evaluation_import_confirm", args=(world.project.pk,))
    other = browser(Client(), world.evaluator)  # on the team, but not the uploader
    assert other.post(confirm, {"token": token}).status_code == 409
    outsider = browser(Client(), world.auditor_off)
    assert outsider.post(confirm, {"token": token}).status_code == 404
    monkeypatch.setattr(import_previews, "LIFETIME_SECONDS", -1)
    assert c.post(confirm, {"token": token}).status_code == 409
    monkeypatch.undo()
    kept = import_previews.folder() / f"{token}.xlsx"
    kept.write_bytes(kept.read_bytes() + b"\0")
    response = c.post(confirm, {"token": token})
    assert response.status_code == 409
    assert "The preview has expired or was not found" in response.content.decode()
    assert counts() == (0, 0, 0)


def test_a_customers_survey_response_is_never_replaced_by_an_import(world, client):
    survey = open_survey(world)
    assert post(Client(), survey, answers(ticket_value=ticket(survey))).status_code == 303
    drained()
    code = SurveyResponse.objects.get().evaluation.code
    before = counts()
    upload = workbook({"E1": {"id": code, "alpha": {i: 1 for i in ITEMS}}})
    page = browser(client, world.leader).post(import_url(world.project), {"file": upload})
    assert f"{code}: a customer&#x27;s survey response has this id: it cannot be replaced" in (
        page.content.decode()
    )
    assert 'name="token"' not in page.content.decode()
    assert counts() == before


def test_the_preview_reads_in_chinese(world, client):
    stored_w2(world)
    c = browser(client, world.leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = c.post(import_url(world.project), {"file": crafted_workbook(world)}).content.decode()
    assert table_rows(page, "import-added") == [("W1", "审核员", "—", "19")]
    assert table_rows(page, "import-changes") == [
        ("W2", "评价人员", "王测评", "将清除"),
        ("W2", "日期", "2026-05-11", "2026-05-12"),
        ("W2", "服务场所", "—", world.site.name),
        ("W2", "评价内容 2.2", "α 0.9", "等级 4"),
        ("W2", "评价内容 3.1", "α 0.9", "α 1"),
        ("4.1", "成熟度等级", "3", "4"),
        ("6.1", "成熟度等级", "—", "2"),
    ]
    assert "工作簿中另有 19 个单元格与现有值相同，未列出。" in page
    assert "确认导入以上修改" in page
