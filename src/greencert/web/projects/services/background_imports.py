"""Large workbook imports, applied by a task after their preview was confirmed.

A workbook of at least ``IMPORT_BACKGROUND_BYTES`` (or with at least
``IMPORT_BACKGROUND_EVALUATIONS`` evaluation sheets) is not applied in the request that
confirms it: :func:`queue_import` keeps the file in the default storage with the digest
of the state its preview was made against, audited, and queues the task once committed.
:func:`~greencert.web.projects.services.import_jobs.run` (the task) claims the job once, reads the file and applies it with the same
``apply_import`` as a small import: exactly as previewed, in one transaction, refused
whole when the project changed meanwhile.  Problems are kept as the core's problems
(sheet, row, column), worded in the reader's language when shown.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from greencert.web.audit.services import record
from greencert.web.projects import tasks
from greencert.web.projects.models import Assessment, ImportJob


def in_background(*, content: bytes, evaluations: int) -> bool:
    return (
        len(content) >= settings.IMPORT_BACKGROUND_BYTES
        or evaluations >= settings.IMPORT_BACKGROUND_EVALUATIONS
    )


def queue_import(
    *, actor, assessment: Assessment, name: str, content: bytes, sha256: str, stored_digest: str
) -> ImportJob:
    with transaction.atomic():
        job = ImportJob(
            assessment=assessment,
            requested_by=actor,
            name=name,
            sha256=sha256,
            stored_digest=stored_digest,
        )
        job.file.save("workbook.xlsx", ContentFile(content), save=False)
        job.save()
        record(
            actor=actor,
            action="greencert.workbook.import_queued",
            target=assessment,
            project=assessment.project,
            organisation=assessment.organisation,
            after={"file": name, "sha256": sha256},
        )
    transaction.on_commit(lambda: tasks.apply_workbook.delay(job.pk))
    return job
