"""The documents app's background work: bulk documents, and their removal when old."""

from __future__ import annotations

from django.utils import timezone

from greencert.web.documents import exports
from greencert.web.tasks import app


@app.task(
    name="greencert.documents.make_export",
    autoretry_for=(OSError,),  # the storage (S3) did not answer: the export is queued again
    retry_backoff=30,
    max_retries=5,
)
def make_export(export_id: int) -> str:
    return exports.make(export_id)


@app.task(name="greencert.documents.remove_expired_exports")
def remove_expired_exports() -> int:
    """Hourly: the files of exports older than ``EXPORT_KEEP_HOURS`` are deleted."""
    return exports.remove_expired(timezone.now())
