"""Evidence files with a client's answer to a nonconformity: stored with the answer or not at all,
listed on the nonconformity's page, downloaded by those who see it and by nobody else."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from greencert.core.exceptions import InputError
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import Nonconformity, NonconformityFile
from greencert.web.certification.services import Refused
from greencert.web.certification.services import nonconformities as nc_services
from greencert.web.certification.services.nonconformities import MAX_ANSWER_FILES
from tests.web.certification.findings_support import LATER, answer_nc, browser, raise_nc, url
from tests.web.projects_support import text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ANSWER = {
    "correction": "已组织应急演练",
    "root_cause": "演练未列入年度计划",
    "action_plan": "纳入年度计划，每半年演练一次",
    "due_date": LATER.isoformat(),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_names() -> set[str]:
    """Every file under the answers' folder, relative to the media root."""
    root = Path(settings.MEDIA_ROOT)
    folder = root / "evidence" / "nonconformities"
    return {str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file()}


def test_the_client_answers_with_two_files_and_the_team_downloads_them(filled, client):
    w = filled
    nc = raise_nc(w)
    http = browser(client, w.client)
    files = [upload("演练照片.png", PNG), upload("应急预案（修订）.pdf", PDF)]
    response = http.post(
        url("nonconformity_answer", w.project.pk, nc.pk), {**ANSWER, "files": files}
    )
    assert response.status_code == 302

    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ANSWERED
    rows = list(nc.files.order_by("id"))
    assert [r.original_name for r in rows] == ["演练照片.png", "应急预案（修订）.pdf"]
    assert all(r.uploaded_by == w.client for r in rows)
    # The answer's audit entry names the files it brought.
    entry = AuditEntry.objects.get(action="greencert.nonconformity.answered", object_id=str(nc.pk))
    assert entry.after["files"] == ["演练照片.png", "应急预案（修订）.pdf"]
    # Each row names a file on disk under the answers' folder.
    assert {r.file.name for r in rows} <= stored_names()

    # The auditor sees both on the nonconformity's page and downloads the PDF as sent.
    page = browser(client, w.leader).get(url("nonconformity_detail", w.project.pk, nc.pk))
    shown = text(page)
    assert "演练照片.png" in shown and "应急预案（修订）.pdf" in shown
    download = client.get(url("nonconformity_file", w.project.pk, nc.pk, rows[1].pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]


def test_a_file_that_is_not_what_it_says_refuses_the_whole_answer(filled, client):
    w = filled
    nc = raise_nc(w)
    before = stored_names()
    http = browser(client, w.client)
    files = [upload("照片.png", PNG), upload("procedure.pdf", b"<html>not a pdf</html>")]
    response = http.post(
        url("nonconformity_answer", w.project.pk, nc.pk), {**ANSWER, "files": files}
    )
    assert response.status_code == 200
    # The reader is told which file, in the page's language; nothing was stored.
    assert "the content of procedure.pdf is not a .pdf file" in text(response)
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.OPEN
    assert not NonconformityFile.objects.exists()
    assert (
        stored_names() if (Path(settings.MEDIA_ROOT) / "evidence").exists() else set()
    ) == before


def test_too_many_files_are_refused_naming_the_limit(filled):
    w = filled
    nc = raise_nc(w)
    files = [upload(f"p{i}.png", PNG) for i in range(MAX_ANSWER_FILES + 1)]
    with pytest.raises(InputError) as refused:
        nc_services.answer(actor=w.client, nc=nc, files=files, **_answer_values())
    assert f"at most {MAX_ANSWER_FILES} files" in str(refused.value.problems[0])
    assert not NonconformityFile.objects.exists()


def test_an_answer_refused_by_its_state_leaves_no_file_behind(filled):
    """The files are written before the state is checked under its lock: a refusal removes them."""
    w = filled
    nc = raise_nc(w)
    stale = Nonconformity.objects.get(pk=nc.pk)
    answer_nc(w, nc)  # answered meanwhile, by someone else of the organisation
    before = stored_names()
    with pytest.raises(Refused):
        nc_services.answer(
            actor=w.client, nc=stale, files=[upload("late.png", PNG)], **_answer_values()
        )
    assert not NonconformityFile.objects.exists()
    assert stored_names() == before


def _answer_values() -> dict:
    return {**ANSWER, "due_date": LATER}


def test_another_nonconformitys_file_is_not_found_under_this_one(filled, client):
    w = filled
    with_file = raise_nc(w)
    nc_services.answer(
        actor=w.client, nc=with_file, files=[upload("a.png", PNG)], **_answer_values()
    )
    other = raise_nc(w, ref="clause:4.1")
    row = with_file.files.get()
    http = browser(client, w.leader)
    assert http.get(url("nonconformity_file", w.project.pk, other.pk, row.pk)).status_code == 404
    assert (
        http.get(url("nonconformity_file", w.project.pk, with_file.pk, row.pk)).status_code == 200
    )
    # Another organisation's client does not reach the project at all.
    browser(client, w.beta_client)
    assert (
        client.get(url("nonconformity_file", w.project.pk, with_file.pk, row.pk)).status_code == 404
    )
