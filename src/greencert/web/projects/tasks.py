"""The projects app's background work: large workbook imports."""

from __future__ import annotations

from greencert.web.projects.services import import_jobs
from greencert.web.tasks import app


@app.task(
    name="greencert.projects.apply_workbook",
    autoretry_for=(OSError,),  # the storage (S3) did not answer: the job is queued again
    retry_backoff=30,
    max_retries=5,
)
def apply_workbook(job_id: int) -> str:
    return import_jobs.run(job_id)
