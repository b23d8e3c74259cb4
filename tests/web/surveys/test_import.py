"""Paper questionnaires imported from the Excel template: all rows, or none with every cell named."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from greencert.web.audit.models import AuditEntry
from greencert.web.projects.models import Evaluation
from greencert.web.surveys.models import SurveyResponse
from tests.web.projects_support import english, text
from tests.web.sheet_helpers import ITEMS

from .support import open_survey

# Questionnaires are dated while their survey is open (it opened five days ago).
DAY = timezone.localdate() - datetime.timedelta(days=2)
NEXT_DAY = DAY + datetime.timedelta(days=1)


@pytest.fixture
def survey(world):
    return open_survey(world, days_before=5)


@pytest.fixture
def auditor(client, world):
    c = english(client)
    c.force_login(world.leader)
    return c


def template(c, survey) -> openpyxl.Workbook:
    response = c.get(reverse("survey_template", args=(survey.pk,)))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-questionnaires.xlsx"')
    return openpyxl.load_workbook(io.BytesIO(response.content))


def fill(book, rows: list[dict], first_row: int = 3) -> bytes:
    """Rows of {"date": ..., item: level, "comment": ...}; columns A, B–T, U as in the template."""
    ws = book.worksheets[0]
    for offset, values in enumerate(rows):
        row = first_row + offset
        ws.cell(row, 1, values.get("date", DAY))
        for column, item in enumerate(ITEMS, start=2):
            ws.cell(row, column, values.get(item, 3 + column % 2))
        ws.cell(row, 21, values.get("comment"))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def upload(c, survey, content: bytes):
    file = SimpleUploadedFile("问卷.xlsx", content)
    return c.post(reverse("survey_import", args=(survey.pk,)), {"file": file})


def test_the_template_has_one_column_per_item_and_the_customer_questions(auditor, survey):
    ws = template(auditor, survey).worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[0] == "日期 date" and headers[-1] == "意见 comment"
    assert headers[1:-1] == ITEMS
    assert ws["B2"].value == "工作人员是否熟练、准确、完整地为您完成了服务？"  # item 1.1


def test_filled_rows_become_held_customer_evaluations(auditor, world, survey):
    content = fill(
        template(auditor, survey),
        [{"comment": "服务很好"}, {"date": NEXT_DAY.isoformat()}, dict.fromkeys(ITEMS, 2)],
    )
    response = upload(auditor, survey, content)
    assert response.status_code == 302
    responses = list(SurveyResponse.objects.order_by("id").select_related("evaluation"))
    assert [r.evaluation.code for r in responses] == [f"S{survey.pk}-{n}" for n in (1, 2, 3)]
    assert [r.row for r in responses] == [3, 4, 5]
    assert [r.channel for r in responses] == ["offline"] * 3
    assert [r.evaluation.date for r in responses] == [
        DAY,
        NEXT_DAY,
        DAY,
    ]
    assert responses[0].evaluation.note == "服务很好"
    assert responses[0].evaluation.created_by == world.leader
    assert [r.flags for r in responses] == [[], [], ["same_answers"]]
    assert not Evaluation.objects.filter(source="customer", counts=True).exists()
    entry = AuditEntry.objects.get(action="greencert.survey.imported")
    assert entry.after["questionnaires"] == 3 and entry.after["flagged"] == 1
    survey.refresh_from_db()
    assert survey.online_count == 0  # the online maximum counts online answers only


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{}, {}, {}, {}, {"3.2": 6}], "row 7 column 3.2: level 6 is not one of 1–5"),
        ([{"5.1": None}], "row 3 column 5.1: not answered (every question is required)"),
        ([{"1.2": "很好"}], "row 3 column 1.2: level 很好 is not one of 1–5"),
        ([{"2.1": 2.5}], "row 3 column 2.1: level 2.5 is not one of 1–5"),
        ([{"date": "明天"}], "row 3 column date: “明天” is not a date (YYYY-MM-DD)"),
        ([{"date": datetime.date(2099, 1, 1)}], "row 3 column date: 2099-01-01 is in the future"),
        ([{"comment": "x" * 1001}], "row 3 column comment: the comment is longer than 1000"),
        ([{"4.1": "=2+2"}], "row 3 column 4.1: is a formula: type the level itself"),
    ],
    ids=["level-6", "missing", "text", "half", "bad-date", "future", "comment", "formula"],
)
def test_a_bad_cell_is_named_and_nothing_is_stored(auditor, survey, rows, message):
    response = upload(auditor, survey, fill(template(auditor, survey), rows))
    page = text(response)
    assert response.status_code == 400
    assert "Nothing was imported." in page
    assert message in page
    assert not SurveyResponse.objects.exists() and not Evaluation.objects.exists()


def test_every_bad_cell_is_listed_at_once(auditor, survey):
    content = fill(template(auditor, survey), [{"1.1": 0}, {}, {"7.1": 9, "6.3": None}])
    page = text(upload(auditor, survey, content))
    assert "row 3 column 1.1: level 0 is not one of 1–5" in page
    assert "row 5 column 7.1: level 9 is not one of 1–5" in page
    assert "row 5 column 6.3: not answered" in page
    assert not Evaluation.objects.exists()


def test_a_missing_or_unknown_column_is_named(auditor, survey):
    book = template(auditor, survey)
    book.worksheets[0]["D1"] = "9.9"  # was 1.3
    page = text(upload(auditor, survey, fill(book, [{}])))
    assert "row 1 column D: “9.9” is not a question of the scheme" in page
    assert "row 1: the column 1.3 is missing" in page


def test_an_empty_template_or_another_file_is_refused(auditor, survey):
    page = text(upload(auditor, survey, fill(template(auditor, survey), [])))
    assert "no questionnaire is filled in" in page
    response = upload(auditor, survey, b"not a workbook")
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_an_accepted_survey_takes_no_more_paper(auditor, survey):
    survey.state = "accepted"
    survey.save()
    response = upload(auditor, survey, fill(template(auditor, survey), [{}]))
    assert response.status_code == 409
    assert "no more questionnaires can be added" in text(response)
    assert not Evaluation.objects.exists()
