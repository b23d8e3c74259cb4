"""An oversized workbook uploaded on the import pages: refused in the reader's language, nothing stored.

The crafted file holds a million cells and unpacks to 16.1 MB (see
tests/workbook/test_limits.py): over the template's 8 MB and the
questionnaires' 16 MB.  The reading stops before any sheet is parsed.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greencert.web.audit.models import AuditEntry
from greencert.web.projects.models import Evaluation
from greencert.web.surveys.models import SurveyResponse
from greencert.workbook import limits
from tests.web.projects_support import text
from tests.workbook.test_limits import bomb, one_long_row

from .surveys.support import open_survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def crafted():
    return {"bomb": bomb(), "row": one_long_row()}


@pytest.fixture
def opened(monkeypatch) -> list:
    """The title of each sheet (or None for another part) whose XML the reader began to parse."""
    calls = []
    real = limits._Scan._part
    monkeypatch.setattr(
        limits._Scan,
        "_part",
        lambda scan, stream, title: calls.append(title) or real(scan, stream, title),
    )
    return calls


def post(client, user, url: str, content: bytes, language: str):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(url, {"file": SimpleUploadedFile("大.xlsx", content, XLSX)})


@pytest.mark.parametrize(
    "language, message",
    [
        ("en", "大.xlsx: unpacks to 16.1 MB, over the limit of 8 MB: it was not read"),
        ("zh-hans", "大.xlsx：解压后有 16.1 MB，超过 8 MB 的上限：未读取"),
    ],
)
def test_the_template_import_refuses_a_million_cells(
    world, client, crafted, opened, language, message
):
    entries = AuditEntry.objects.count()
    url = reverse("evaluation_import", args=(world.project.pk,))
    response = post(client, world.leader, url, crafted["bomb"], language)
    assert response.status_code == 200  # the form again, with the problem
    assert message in text(response)
    assert opened == []  # refused from the package's sizes: no part was parsed
    assert not Evaluation.objects.exists() and AuditEntry.objects.count() == entries


def test_the_template_import_names_the_sheet_row_and_column_of_a_long_row(
    world, client, crafted, opened
):
    url = reverse("evaluation_import", args=(world.project.pk,))
    response = post(client, world.leader, url, crafted["row"], "zh-hans")
    # One row of 500,000 cells: the 65th, column BM, is beyond the 64 read.
    assert "大.xlsx 工作表 E1 第 1 行：BM 列超过 64 列的上限：读取到此停止" in text(response)
    assert "E1" in opened  # within the package's sizes: parsed, and stopped inside the sheet
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    "language, message",
    [
        ("en", "大.xlsx: unpacks to 16.1 MB, over the limit of 16 MB: it was not read"),
        ("zh-hans", "大.xlsx：解压后有 16.1 MB，超过 16 MB 的上限：未读取"),
    ],
)
def test_the_questionnaire_import_refuses_a_million_cells(
    world, client, crafted, opened, language, message
):
    survey = open_survey(world)
    entries = AuditEntry.objects.count()
    url = reverse("survey_import", args=(survey.pk,))
    response = post(client, world.leader, url, crafted["bomb"], language)
    assert response.status_code == 400
    assert message in text(response)
    assert opened == []  # refused from the package's sizes: no part was parsed
    assert not SurveyResponse.objects.exists() and AuditEntry.objects.count() == entries
