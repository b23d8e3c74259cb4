"""Stored files in S3-compatible object storage: a real SeaweedFS server on loopback.

With ``S3_BUCKET`` set (here: the same settings, pointed at the test server), evidence
saved with a sheet lands in the bucket, is downloaded back through the application's
permission check (the page never names the bucket or a signed address), a refused save
leaves no object behind, recovery after a dead process deletes the objects no row names,
and a backup carries the objects.
"""

from __future__ import annotations

import secrets
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greencert.web.documents.models import Export
from greencert.web.documents.tasks import remove_expired_exports
from greencert.web.projects.models import Evidence
from greencert.web.settings import stored_files
from greencert.web.uploads import files_removed_on_failure, journal_folder, recover_uploads
from tests.web.s3_server import seaweedfs
from tests.web.sheet_helpers import browser, sheet

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0 a JPEG header"


BUCKET = "greencert"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with seaweedfs(tmp_path_factory.mktemp("s3")) as server:
        server.client().create_bucket(Bucket=BUCKET)
        yield server


@pytest.fixture
def bucket(s3, settings, tmp_path):
    """The product's default storage: the bucket, under a prefix of this test's own."""
    prefix = f"t-{secrets.token_hex(4)}"
    options = s3.storage_options(BUCKET) | {"S3_PREFIX": prefix}
    settings.STORAGES = {**settings.STORAGES, "default": stored_files(options)}
    settings.MEDIA_ROOT = tmp_path / "media"  # the journals of pending saves stay local
    return prefix


def objects(s3, prefix: str) -> dict[str, bytes]:
    """The objects under *prefix*, by the name the product gives them (without the prefix)."""
    client = s3.client()
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}/").get("Contents", [])
    return {
        o["Key"].removeprefix(f"{prefix}/"): client.get_object(Bucket=BUCKET, Key=o["Key"])[
            "Body"
        ].read()
        for o in listed
    }


def create_url(project) -> str:
    return reverse("evaluation_create", args=(project.pk,))


def test_the_default_storage_is_the_bucket(bucket):
    assert default_storage.bucket_name == BUCKET
    assert type(default_storage._wrapped).__name__ == "S3Storage"
    assert default_storage.location == bucket


def test_evidence_lands_in_the_bucket_and_is_downloaded_through_the_permission_check(
    world, client, s3, bucket
):
    c = browser(client, world.leader)
    photo = SimpleUploadedFile("前台照片.jpg", JPEG, "image/jpeg")
    response = c.post(create_url(world.project), sheet() | {"evidence_1.1": photo})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert objects(s3, bucket) == {evidence.file.name: JPEG}

    url = reverse("evidence_download", args=(world.project.pk, evidence.pk))
    page = c.get(response["Location"]).content.decode()
    assert url in page
    assert "X-Amz-Signature" not in page and "127.0.0.1:" not in page
    download = browser(client, world.reviewer).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == JPEG
    for outsider in (world.client, world.auditor_off, world.beta_client):
        assert browser(client, outsider).get(url).status_code == 404


def test_a_document_made_in_the_background_lands_in_the_bucket_and_is_removed_when_old(
    world, client, s3, bucket, settings, django_capture_on_commit_callbacks
):
    """The register made by its task is an object; the one who asked downloads it through
    the application; the hourly cleanup deletes the object once it is older than kept."""
    http = browser(client, world.pm)
    with django_capture_on_commit_callbacks(execute=True):
        http.post(reverse("export_register"))
    export = Export.objects.get()
    stored = objects(s3, bucket)
    assert list(stored) == [export.file.name] and stored[export.file.name].startswith(b"PK")
    download = http.get(reverse("export_download", args=(export.pk,)))
    assert b"".join(download.streaming_content) == stored[export.file.name]
    assert (
        browser(client, world.admin).get(reverse("export_download", args=(export.pk,))).status_code
        == 404
    )  # not the one who asked
    settings.EXPORT_KEEP_HOURS = 0
    assert remove_expired_exports.delay().get() == 1
    assert objects(s3, bucket) == {}


def test_deleting_an_evaluation_removes_its_objects_once_committed(
    world, client, s3, bucket, django_capture_on_commit_callbacks
):
    c = browser(client, world.leader)
    photo = SimpleUploadedFile("前台照片.jpg", JPEG, "image/jpeg")
    c.post(create_url(world.project), sheet() | {"evidence_1.1": photo})
    evidence = Evidence.objects.get()
    assert objects(s3, bucket) == {evidence.file.name: JPEG}
    url = reverse("evaluation_delete", args=(world.project.pk, evidence.evaluation_id))
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(url, {"version": "0"}).status_code == 302
    assert objects(s3, bucket) == {}


def test_a_refused_save_leaves_no_object(world, s3, bucket):
    with pytest.raises(RuntimeError), files_removed_on_failure() as pending:
        evidence = Evidence(
            assessment=world.project.assessment,
            original_name="a.pdf",
            uploaded_by=world.leader,
            clause_id="4.1",
        )
        pending.save(evidence.file, ContentFile(b"%PDF-1.4", name="a.pdf"))
        evidence.save()
        assert list(objects(s3, bucket)) == [evidence.file.name]
        raise RuntimeError("the sheet is refused")
    assert objects(s3, bucket) == {}
    assert Evidence.objects.count() == 0


def test_two_files_of_one_name_are_both_kept(world, s3, bucket):
    names = []
    for content in (b"%PDF-1.4 first", b"%PDF-1.4 second"):
        with files_removed_on_failure() as pending:
            evidence = Evidence(
                assessment=world.project.assessment,
                original_name="scan.pdf",
                uploaded_by=world.leader,
                clause_id="4.1",
            )
            pending.save(evidence.file, ContentFile(content, name="scan.pdf"))
            evidence.save()
            names.append(evidence.file.name)
    stored = objects(s3, bucket)
    assert names[0] != names[1]
    assert [stored[n] for n in names] == [b"%PDF-1.4 first", b"%PDF-1.4 second"]


def test_recovery_deletes_the_objects_of_a_dead_save_and_keeps_the_others(world, s3, bucket):
    kept = Evidence.objects.create(
        assessment=world.project.assessment,
        original_name="live.pdf",
        uploaded_by=world.leader,
        clause_id="4.1",
        file=default_storage.save("evidence/1/live.pdf", ContentFile(b"%PDF-1.4 live")),
    )
    orphan = default_storage.save("evidence/1/orphan.pdf", ContentFile(b"%PDF-1.4 orphan"))
    journal_folder().mkdir(parents=True, exist_ok=True)
    # A journal of a process that is gone, naming a file no row names and one a row names.
    (journal_folder() / "999999999-0-0-0a0b").write_text(f"{orphan}\n{kept.file.name}\n")
    deleted = recover_uploads()
    assert deleted == [orphan]
    assert set(objects(s3, bucket)) == {kept.file.name}


def test_a_backup_carries_the_objects_and_names_a_missing_one(world, s3, bucket, tmp_path):
    """The backup's file part (greencert.web.backup.dump): every object a row names, read
    through the storage; one deleted behind the application's back is named, not skipped."""
    from greencert.web.backup.dump import file_names, write_files

    for name, content in (("计量证书.pdf", b"%PDF-1.4 cert"), ("gone.pdf", b"%PDF-1.4 gone")):
        Evidence.objects.create(
            assessment=world.project.assessment,
            original_name=name,
            uploaded_by=world.leader,
            clause_id="4.1",
            file=default_storage.save(f"evidence/1/{name}", ContentFile(content)),
        )
    s3.client().delete_object(Bucket=BUCKET, Key=f"{bucket}/evidence/1/gone.pdf")
    archive = tmp_path / "backup.zip"
    with zipfile.ZipFile(archive, "w") as z:
        written, missing = write_files(z, file_names("default"))
    assert [w["name"] for w in written] == ["evidence/1/计量证书.pdf"]
    assert missing == ["evidence/1/gone.pdf"]
    with zipfile.ZipFile(archive) as z:
        assert z.read("files/evidence/1/计量证书.pdf") == b"%PDF-1.4 cert"


def test_without_a_bucket_the_files_stay_in_the_data_folder():
    assert stored_files({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = stored_files({"S3_BUCKET": "b", "S3_ENDPOINT_URL": "http://127.0.0.1:1"})["OPTIONS"]
    assert options["bucket_name"] == "b" and options["default_acl"] == "private"
    assert options["file_overwrite"] is False
