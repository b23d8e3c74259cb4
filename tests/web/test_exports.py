"""Documents made in the background (run in-process, as on the embedded default): the
certificate register and all certificates of an organisation, asked for on a page (POST),
followed on "my exports", downloaded by the one who asked, removed when old.

Who may ask and download: the permission tests at the end (every person of the world,
with the effect checked: an export made or not, the file or a 404).
"""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from greencert.web.accounts.models import Role
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.services import certificates
from greencert.web.documents import files
from greencert.web.documents.models import Export
from greencert.web.documents.tasks import make_export, remove_expired_exports
from tests.web.certification.certificate_support import browser, issue
from tests.web.projects_support import rows, text

pytestmark = pytest.mark.django_db

NUMBER = "TB-GPS-2026-0001"  # the first certificate of 2026 (the default pattern)


@pytest.fixture
def certified(world):
    certificate = issue(world)
    assert certificate.number == NUMBER
    return world


def ask(http, name: str, *args, capture) -> object:
    """POST the request as the page's button does; the task runs after the commit."""
    with capture(execute=True):
        return http.post(reverse(name, args=args))


def my_exports(http) -> list[list[str]]:
    return rows(http.get(reverse("export_list")), "exports")[1:]


def test_the_register_is_made_in_the_background_and_downloaded(
    certified, client, django_capture_on_commit_callbacks
):
    http = browser(client, certified.pm)
    response = ask(http, "export_register", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("export_list")
    export = Export.objects.get()
    assert export.state == Export.State.READY and export.requested_by == certified.pm
    assert default_storage.exists(export.file.name)  # through the storage API
    [row] = my_exports(http)
    assert row[1:4] == ["Certificate register (Excel)", "—", "Ready"] and row[4] == "Download"

    download = http.get(reverse("export_download", args=(export.pk,)))
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert (
        f'filename="certificate-register-{timezone.localdate()}.xlsx"'
        in (download["Content-Disposition"])
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert NUMBER in cells and "绿源服务有限公司" in cells
    entry = AuditEntry.objects.get(action="greencert.export.requested")
    assert entry.actor == certified.pm and entry.after == {"document": "register"}


def test_all_certificates_of_an_organisation_in_one_zip(
    certified, client, django_capture_on_commit_callbacks
):
    w = certified
    second = issue(w, w.beta_project)  # beta's: not in alpha's file
    http = browser(client, w.client)
    page = text(http.get(reverse("organisation_detail", args=(w.alpha.pk,))))
    assert "All certificates as PDFs in one ZIP file" in page
    ask(http, "export_certificates", w.alpha.pk, capture=django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert (export.kind, export.organisation, export.state) == ("certificates", w.alpha, "ready")
    download = http.get(reverse("export_download", args=(export.pk,)))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == [f"{NUMBER}.pdf"]
    assert archive.read(f"{NUMBER}.pdf").startswith(b"%PDF")
    assert second.number not in str(archive.namelist())


def test_a_client_gets_no_file_when_no_certificate_is_in_force_and_is_told_why(
    certified, client, django_capture_on_commit_callbacks
):
    w = certified
    certificate = w.project.certificates.get()
    certificates.change_status(actor=w.pm, certificate=certificate, kind="suspended", reason="逾期")
    http = browser(client, w.client)
    ask(http, "export_certificates", w.alpha.pk, capture=django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert export.state == Export.State.FAILED and not export.file
    [row] = my_exports(http)
    assert row[3].startswith("Failed")
    assert "no certificate of this organisation that you may download" in row[3]
    assert http.get(reverse("export_download", args=(export.pk,))).status_code == 404
    # Chinese first: the same reason in Chinese.
    client.cookies["django_language"] = "zh-hans"
    assert "没有您可以下载的证书" in my_exports(client)[0][3]


def test_a_document_that_cannot_be_made_fails_with_its_reason(
    certified, client, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(rows):
        raise ValueError("a cell too long")

    monkeypatch.setattr(files, "certificate_register", broken)
    http = browser(client, certified.pm)
    ask(http, "export_register", capture=django_capture_on_commit_callbacks)
    [row] = my_exports(http)
    assert "Failed" in row[3] and "the error is in the server's log" in row[3]
    assert f"export {Export.objects.get().pk} could not be made" in caplog.text


def test_queued_and_running_exports_are_shown_and_the_page_reloads_itself(certified, client):
    http = browser(client, certified.pm)
    Export.objects.create(kind="register", requested_by=certified.pm)
    response = http.get(reverse("export_list"))
    assert '<meta http-equiv="refresh" content="5">' in response.content.decode()
    assert [row[3] for row in my_exports(http)] == ["Queued"]
    assert Export.objects.get().state == Export.State.QUEUED  # a GET never makes it


def test_made_once_however_often_the_task_runs(certified, monkeypatch):
    export = Export.objects.create(kind="register", requested_by=certified.pm)
    built = []
    real = files.register
    monkeypatch.setattr(files, "register", lambda today: built.append(1) or real(today))
    assert make_export.delay(export.pk).get() == "ready"
    assert make_export.delay(export.pk).get() == "ready"
    assert built == [1]
    # Left running by a worker that died: taken again once it is stale, not before.
    Export.objects.filter(pk=export.pk).update(state="running", started_at=timezone.now())
    assert make_export.delay(export.pk).get() == "running" and built == [1]
    Export.objects.filter(pk=export.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert make_export.delay(export.pk).get() == "ready" and built == [1, 1]


def test_old_files_are_removed_by_the_periodic_cleanup(certified, client, settings):
    settings.EXPORT_KEEP_HOURS = 24
    old, fresh = (
        Export.objects.create(kind="register", requested_by=certified.pm) for _ in range(2)
    )
    for export in (old, fresh):
        make_export.delay(export.pk).get()
    Export.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(hours=25)
    )
    old.refresh_from_db()
    name = old.file.name
    assert default_storage.exists(name)
    assert remove_expired_exports.delay().get() == 1
    assert not default_storage.exists(name)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.state == "expired" and not old.file and fresh.state == "ready"
    http = browser(client, certified.pm)
    assert sorted(row[3] for row in my_exports(http)) == ["Ready", "Removed (expired)"]
    assert http.get(reverse("export_download", args=(old.pk,))).status_code == 404
    assert remove_expired_exports.delay().get() == 0  # run again: nothing more


def test_who_may_ask_for_the_register(world, client, django_capture_on_commit_callbacks):
    url = reverse("export_register")
    assert client.post(url).status_code == 302  # anonymous: to the log-in page
    assert not Export.objects.exists()
    for username, user in world.users().items():
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            status = client.post(url).status_code
        made = Export.objects.filter(requested_by=user).exists()
        allowed = username in {"admin", "pm"}
        assert (status, made) == ((302, True) if allowed else (404, False)), username
        assert client.get(url).status_code == 405, username  # asked for by POST only


def test_who_may_ask_for_an_organisations_certificates(
    certified, client, django_capture_on_commit_callbacks
):
    w = certified
    url = reverse("export_certificates", args=(w.alpha.pk,))
    # Those who see alpha's certificate: staff who see all projects, its project's team and
    # alpha's client user.  Not beta's client, nor an auditor off the project.
    allowed = {"admin", "pm", "reviewer", "decider", "leader", "evaluator", "client"}
    for username, user in w.users().items():
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            status = client.post(url).status_code
        made = Export.objects.filter(requested_by=user, organisation=w.alpha).exists()
        assert (status, made) == ((302, True) if username in allowed else (404, False)), username
    # beta has no certificate yet: nobody may ask for its file.
    client.force_login(w.pm)
    assert client.post(reverse("export_certificates", args=(w.beta.pk,))).status_code == 404


def test_only_the_one_who_asked_downloads_and_only_while_they_may_see_the_source(certified, client):
    w = certified
    export = Export.objects.create(kind="register", requested_by=w.pm)
    make_export.delay(export.pk).get()
    url = reverse("export_download", args=(export.pk,))
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for username, user in w.users().items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if username == "pm" else 404), username
        page = client.get(reverse("export_list")).content.decode()
        assert (url in page) == (username == "pm"), username
    w.pm.role = Role.AUDITOR  # no longer a manager: the register is out of reach
    w.pm.save()
    client.force_login(w.pm)
    assert client.get(url).status_code == 404
