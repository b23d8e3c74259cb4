"""Large workbook imports: previewed and confirmed on the page as any import, then applied
by a task (run here in-process, as on the embedded default, after the commit); the project
page shows the job's state and what it stored, or why nothing was stored.

Small imports stay as they were (applied in the request): tests/web/test_import.py.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from greencert.web.projects.models import Evaluation, ImportJob
from greencert.web.projects.services import imports
from greencert.web.projects.services.background_imports import queue_import
from greencert.web.projects.services.imports import stored_state
from greencert.web.projects.tasks import apply_workbook
from tests.web.projects_support import rows, text
from tests.web.sheet_helpers import CLAUSES, ITEMS, add_evaluation, browser
from tests.web.test_import import counts, import_url, workbook

pytestmark = pytest.mark.django_db


def filled():
    return workbook(
        {
            "E1": {"id": "W1", "alpha": {i: 1 for i in ITEMS}},
            "E2": {"id": "W2", "likert": {i: 3 for i in ITEMS}},
        },
        levels={c: 3 for c in CLAUSES},
    )


@pytest.fixture
def large(settings):
    """Every workbook counts as large (the threshold is a setting)."""
    settings.IMPORT_BACKGROUND_BYTES = 1
    return settings


def confirm(http, project, file, capture):
    """Upload, preview, confirm; the confirmation's response and the commit's callbacks."""
    preview = http.post(import_url(project), {"file": file})
    token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
    with capture(execute=False) as callbacks:
        response = http.post(
            reverse("evaluation_import_confirm", args=(project.pk,)), {"token": token}
        )
    return response, callbacks


def imports_table(http, project) -> list[list[str]]:
    return rows(http.get(reverse("project_detail", args=(project.pk,))), "imports")[1:]


def test_a_large_workbook_is_imported_by_a_task_and_followed_on_the_project_page(
    world, client, large, django_capture_on_commit_callbacks
):
    http = browser(client, world.leader)
    response, callbacks = confirm(http, world.project, filled(), django_capture_on_commit_callbacks)
    page_url = reverse("project_detail", args=(world.project.pk,))
    assert response.status_code == 302 and response["Location"] == page_url + "#imports"
    job = ImportJob.objects.get()
    assert job.state == "queued" and default_storage.exists(job.file.name)
    assert counts() == (0, 0, 0)  # nothing stored in the request
    page = http.get(page_url)
    assert "being imported in the background" in text(page)
    assert '<meta http-equiv="refresh" content="5">' in page.content.decode()
    [row] = imports_table(http, world.project)
    assert row[1:4] == ["filled.xlsx", "Leader", "Queued"]

    for callback in callbacks:
        callback()  # the commit: the task runs (on a worker when a broker is set)
    assert counts() == (2, 38, 21)
    [row] = imports_table(http, world.project)
    assert row[3] == "Imported"
    assert row[4] == (
        "2 evaluations added, 0 changed; 21 maturity levels and 0 checklist verdicts recorded."
    )
    assert apply_workbook.delay(job.pk).get() == "done"  # run again: nothing twice
    assert counts() == (2, 38, 21)
    assert "refresh" not in http.get(page_url).content.decode()


def test_the_threshold_in_evaluation_sheets(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_EVALUATIONS = 2
    http = browser(client, world.leader)
    _response, callbacks = confirm(
        http, world.project, filled(), django_capture_on_commit_callbacks
    )
    assert ImportJob.objects.get().state == "queued" and len(callbacks) == 1


def test_a_small_workbook_is_still_imported_in_the_request(
    world, client, django_capture_on_commit_callbacks
):
    response, _callbacks = confirm(
        browser(client, world.leader), world.project, filled(), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302 and counts() == (2, 38, 21)
    assert not ImportJob.objects.exists()


def test_a_project_changed_after_the_preview_stores_nothing_and_says_so(
    world, client, large, django_capture_on_commit_callbacks
):
    http = browser(client, world.leader)
    _response, callbacks = confirm(
        http, world.project, filled(), django_capture_on_commit_callbacks
    )
    add_evaluation(world.project.assessment, world.evaluator, code="X1")  # meanwhile
    for callback in callbacks:
        callback()
    assert list(Evaluation.objects.values_list("code", flat=True)) == ["X1"]
    [row] = imports_table(http, world.project)
    assert row[3] == "Nothing imported"
    assert "The project's sheets changed after the preview was made" in row[4]


def test_problems_are_listed_by_sheet_row_and_column_in_both_languages(world, client):
    alphas = {i: 0.9 for i in ITEMS} | {"2.2": 1.5}
    upload = workbook({"E1": {"id": "W1", "alpha": alphas}})
    assessment = world.project.assessment
    job = queue_import(
        actor=world.leader,
        assessment=assessment,
        name="bad.xlsx",
        content=upload.read(),
        sha256="0" * 64,
        stored_digest=stored_state(assessment).digest,
    )
    assert apply_workbook.delay(job.pk).get() == "failed"
    assert counts() == (0, 0, 0)
    http = browser(client, world.leader)
    [row] = imports_table(http, world.project)
    # The header takes rows 1–9; 2.2 is the 5th item → row 14; α is column F.
    assert "sheet E1 row 14 (item 2.2): α 1.5 is outside [0, 1]" in row[4]
    client.cookies["django_language"] = "zh-hans"
    [row] = imports_table(client, world.project)
    assert "工作表 E1 第 14 行" in row[4] and "1.5" in row[4]


def test_a_failure_in_the_middle_stores_nothing(
    world, client, large, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_save_levels", broken)  # after the evaluations are saved
    http = browser(client, world.leader)
    _response, callbacks = confirm(
        http, world.project, filled(), django_capture_on_commit_callbacks
    )
    for callback in callbacks:
        callback()
    assert counts() == (0, 0, 0)  # one transaction: the evaluations went with it
    [row] = imports_table(http, world.project)
    assert row[3] == "Nothing imported" and "the error is in the server's log" in row[4]
    assert f"import {ImportJob.objects.get().pk} failed" in caplog.text


def test_the_imports_are_shown_to_staff_only(world, client, large):
    assessment = world.project.assessment
    queue_import(
        actor=world.leader,
        assessment=assessment,
        name="big.xlsx",
        content=b"PK",
        sha256="0" * 64,
        stored_digest="0" * 64,
    )
    assert imports_table(browser(client, world.reviewer), world.project)[0][1] == "big.xlsx"
    client_page = browser(client, world.client).get(
        reverse("project_detail", args=(world.project.pk,))
    )
    assert client_page.status_code == 200 and "big.xlsx" not in client_page.content.decode()
