"""Bulk documents made by a task: the certificate register and all certificates of an
organisation (a ZIP of their PDFs).

:func:`make` is given an export's id.  It claims the export (queued, or left running
by a worker that died long ago), builds the document as the person who asked may see
it, saves it through the default storage (the data folder, or S3) and marks it ready;
a document that cannot be made is marked failed with its reason.  Run twice, it makes
the document once.  :func:`remove_expired` deletes the files kept longer than
``EXPORT_KEEP_HOURS``.
"""

from __future__ import annotations

import datetime
import io
import logging
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone, translation

from greencert.web.certification.access import may_print, visible_certificates
from greencert.web.documents import files
from greencert.web.documents.access import may_export
from greencert.web.documents.models import Export

log = logging.getLogger("greencert.exports")
State = Export.State
# A running export not finished in this time was left by a worker that died: taken again.
STALE = datetime.timedelta(minutes=15)


class Unmade(Exception):
    """The document cannot be made, for a reason the person is told (a code of REASONS)."""


def certificates_zip(user, organisation, today: datetime.date) -> tuple[bytes, str]:
    """Every certificate of *organisation* that *user* may download, one PDF each."""
    certificates = [
        c
        for c in visible_certificates(user).filter(organisation=organisation).order_by("number")
        if may_print(user, c, today)  # as the certificate's own download
    ]
    if not certificates:
        raise Unmade("no_certificates")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            document = files.certificate_pdf(certificate)
            archive.writestr(document.filename, document.content)
    return buffer.getvalue(), f"certificates-{organisation.uscc or organisation.pk}-{today}.zip"


def _build(export: Export) -> tuple[bytes, str]:
    user, today = export.requested_by, timezone.localdate()
    if not may_export(user, export.kind, export.organisation):
        raise Unmade("no_access")
    with translation.override(settings.LANGUAGE_CODE):
        if export.kind == Export.Kind.REGISTER:
            document = files.register(today)
            return document.content, document.filename
        return certificates_zip(user, export.organisation, today)


def make(export_id: int) -> str:
    """Make the export's document once; its state afterwards."""
    now = timezone.now()
    claimable = Q(state=State.QUEUED) | Q(state=State.RUNNING, started_at__lt=now - STALE)
    if not Export.objects.filter(claimable, pk=export_id).update(
        state=State.RUNNING, started_at=now
    ):
        return Export.objects.get(pk=export_id).state  # made, or being made, by another run
    export = Export.objects.select_related("requested_by", "organisation").get(pk=export_id)
    try:
        content, filename = _build(export)
    except Unmade as refused:
        return _finish(export, State.FAILED, reason=str(refused))
    except Exception:
        log.exception("export %s could not be made", export_id)
        return _finish(export, State.FAILED, reason="error")
    try:
        export.file.save(filename, ContentFile(content), save=False)
    except OSError:  # the storage did not answer: queued again for the task's retry
        Export.objects.filter(pk=export_id).update(state=State.QUEUED, started_at=None)
        raise
    return _finish(export, State.READY, file=export.file.name, filename=filename)


def _finish(export: Export, state: str, **fields) -> str:
    Export.objects.filter(pk=export.pk).update(state=state, finished_at=timezone.now(), **fields)
    return state


def remove_expired(now: datetime.datetime) -> int:
    """Delete the files of exports finished more than ``EXPORT_KEEP_HOURS`` ago; how many.

    The row stays (the person's list says the file was removed)."""
    before = now - datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    removed = 0
    for export in Export.objects.filter(
        state__in=[State.READY, State.FAILED], finished_at__lt=before
    ):
        if export.file:
            export.file.delete(save=False)  # a file already gone is no error
        removed += Export.objects.filter(pk=export.pk, state=export.state).update(
            state=State.EXPIRED, file=""
        )
    return removed
