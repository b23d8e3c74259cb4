"""Uploads: an evidence file's content must be what its extension says, or nothing is stored.

And every evidence download tells caches not to keep it (``Cache-Control: no-store``).
"""

from __future__ import annotations

import doctest
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from greencert.core.exceptions import InputError
from greencert.web import upload_checks
from greencert.web.projects.models import ChecklistVerdict, VerdictEvidence
from greencert.web.projects.services.checklists import record_verdict
from greencert.web.projects.services.imports import read_upload
from greencert.web.upload_checks import content_matches, upload_problem
from tests.web.sheet_helpers import browser, sheet
from tests.web.test_evaluations import create_url, nothing_stored


@pytest.fixture(autouse=True)
def _english():
    """Services word their refusals in the active language: these tests read English."""
    with translation.override("en"):
        yield


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
GIF = b"GIF89a\x01\x00\x01\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24
EXE = b"MZ\x90\x00\x03\x00\x00\x00"


def package(*names: str) -> bytes:
    """A zip holding *names* (each with a little content)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return stream.getvalue()


DOCX = package("[Content_Types].xml", "word/document.xml")
XLSX = package("[Content_Types].xml", "xl/workbook.xml")
PPTX = package("[Content_Types].xml", "ppt/presentation.xml")
ZIP = package("photos/1.jpg")


@pytest.mark.parametrize(
    ("extension", "content"),
    [
        ("pdf", PDF),
        ("png", PNG),
        ("jpg", JPEG),
        ("jpeg", JPEG),
        ("gif", GIF),
        ("webp", WEBP),
        ("heic", HEIC),
        ("doc", OLE2),
        ("xls", OLE2),
        ("ppt", OLE2),
        ("docx", DOCX),
        ("xlsx", XLSX),
        ("pptx", PPTX),
        ("zip", ZIP),
        ("zip", b"PK\x05\x06" + b"\x00" * 18),  # an empty zip
        ("txt", "现场检查记录\n第二行".encode()),
        ("csv", "项目,得分\n1.1,0.9\n".encode("gb18030")),  # as Excel saves it in Chinese
    ],
)
def test_each_accepted_kind_passes_with_its_own_signature(extension, content):
    file = SimpleUploadedFile(f"evidence.{extension}", content)
    assert upload_problem(file) is None
    assert file.read() == content  # left at its start, ready to be stored


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.png", PDF),  # a PDF renamed .png
        ("report.pdf", ZIP),  # a zip renamed .pdf
        ("report.pdf", b"<html>%PDF-1.7"),  # a web page that names a PDF
        ("photo.jpg", PNG),
        ("photo.jpeg", GIF),
        ("photo.gif", b"GIF90a"),
        ("photo.webp", b"RIFF\x24\x00\x00\x00WAVEfmt "),  # a RIFF, but a sound
        ("photo.heic", b"\x00\x00\x00\x18ftypisom\x00\x00"),  # an MP4 video
        ("minutes.doc", DOCX),  # Office Open XML is not the legacy format
        ("minutes.docx", OLE2),  # and the other way round
        ("minutes.docx", XLSX),  # a workbook renamed .docx
        ("sheet.xlsx", ZIP),  # a zip without the package's content types
        ("sheet.xlsx", b"PK\x03\x04 not really a zip"),
        ("slides.pptx", DOCX),
        ("archive.zip", EXE),
        ("notes.txt", EXE),  # a program renamed .txt
        ("data.csv", b"a,b\x00\x00"),
    ],
)
def test_content_that_is_not_what_the_extension_says_is_refused_naming_the_file(name, content):
    problem = upload_problem(SimpleUploadedFile(name, content))
    assert problem is not None
    assert f"the content of {name} is not a .{name.rsplit('.', 1)[1]} file" in problem


@override_settings(EVIDENCE_EXTENSIONS=["pdf", "mp4"])
def test_a_configured_kind_without_a_known_signature_is_refused_not_waved_through():
    problem = upload_problem(SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypisom"))
    assert problem == (
        "the file clip.mp4 cannot be checked: no content check is known for .mp4 files"
    )


def test_the_modules_examples_hold():
    failures, tried = doctest.testmod(upload_checks)
    assert (failures, tried > 0) == (0, True)


def test_the_checks_leave_the_stream_at_its_start():
    stream = io.BytesIO(DOCX)
    stream.seek(7)
    assert content_matches("docx", stream)
    assert stream.tell() == 0


# --- Where files come in ----------------------------------------------------------------------


def test_a_pdf_renamed_png_on_the_evaluation_sheet_is_refused_and_nothing_is_stored(
    world, client, settings, tmp_path
):

    settings.MEDIA_ROOT = tmp_path
    c = browser(client, world.leader)
    fake = SimpleUploadedFile("前台照片.png", PDF, "image/png")
    page = c.post(create_url(world.project), sheet() | {"evidence_3.2": fake}).content.decode()
    assert "Item 3.2: the content of 前台照片.png is not a .png file" in page
    assert nothing_stored()
    assert not list(tmp_path.rglob("*.*"))


def test_the_sheet_page_says_it_in_chinese_first(world, client):
    client.force_login(world.leader)
    fake = SimpleUploadedFile("前台照片.png", PDF, "image/png")
    page = client.post(create_url(world.project), sheet() | {"evidence_3.2": fake})
    assert "前台照片.png 的内容不是 .png 文件" in page.content.decode()
    assert nothing_stored()


def test_a_zip_renamed_pdf_as_checklist_evidence_is_refused_by_the_service(world, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path), pytest.raises(InputError) as caught:
        record_verdict(
            actor=world.leader,
            assessment=world.project.assessment,
            kind="qms",
            clause_id="7.1.5",
            verdict="conforms",
            date=world.project.planned_start,
            expected_version=0,
            files=[SimpleUploadedFile("calibration.pdf", ZIP)],
        )
    assert "the content of calibration.pdf is not a .pdf file" in str(caught.value)
    assert caught.value.problems[0].field == "evidence"
    assert not ChecklistVerdict.objects.exists() and not VerdictEvidence.objects.exists()
    assert not list(tmp_path.rglob("*.*"))


def test_a_workbook_that_is_not_a_zip_is_refused_by_the_import_service_naming_it(world):
    with pytest.raises(InputError) as caught:
        read_upload(assessment=world.project.assessment, name="评分表.xlsx", content=PDF)
    assert "评分表.xlsx is not an Excel workbook (.xlsx)" in str(caught.value)
    assert nothing_stored()


# --- Downloads --------------------------------------------------------------------------------


def test_evidence_downloads_are_never_stored_by_a_cache(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = browser(client, world.leader)
    photo = SimpleUploadedFile("photo.jpg", JPEG, "image/jpeg")
    assert c.post(create_url(world.project), sheet() | {"evidence_1.1": photo}).status_code == 302
    row = record_verdict(
        actor=world.leader,
        assessment=world.project.assessment,
        kind="qms",
        clause_id="7.1.5",
        verdict="conforms",
        date=world.project.planned_start,
        expected_version=0,
        files=[SimpleUploadedFile("calibration.pdf", PDF)],
    )
    sheet_file = world.project.assessment.evidence.get()
    urls = [
        reverse("evidence_download", args=(world.project.pk, sheet_file.pk)),
        reverse("checklist_evidence", args=(world.project.pk, row.evidence.get().pk)),
    ]
    for url, content in zip(urls, (JPEG, PDF), strict=True):
        response = c.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == content
