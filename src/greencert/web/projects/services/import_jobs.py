"""The task's half of a large workbook import (``background_imports`` queues it): the job
claimed once, its file read from the storage and applied by ``apply_import``, all or
nothing; what was stored, or why nothing was, kept on the job."""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging

from django.db.models import Q
from django.utils import timezone

from greencert.core.exceptions import InputError, Problem
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.models import ImportJob
from greencert.web.projects.services.imports import StalePreview, apply_import, read_upload

log = logging.getLogger("greencert.imports")
State = ImportJob.State
STALE = datetime.timedelta(minutes=15)  # a running job left by a worker that died


def run(job_id: int) -> str:
    """Apply the job's workbook once; its state afterwards."""
    now = timezone.now()
    claimable = Q(state=State.QUEUED) | Q(state=State.RUNNING, started_at__lt=now - STALE)
    if not ImportJob.objects.filter(claimable, pk=job_id).update(
        state=State.RUNNING, started_at=now
    ):
        return ImportJob.objects.get(pk=job_id).state
    job = ImportJob.objects.select_related("assessment", "requested_by").get(pk=job_id)
    try:
        with job.file.open("rb") as handle:
            content = handle.read()
        upload = read_upload(assessment=job.assessment, name=job.name, content=content)
        applied = apply_import(
            actor=job.requested_by,
            assessment=job.assessment,
            upload=upload,
            stored_digest=job.stored_digest,
        )
    except InputError as exc:
        return _finish(job, State.FAILED, reason="problems", problems=_stored(exc.problems))
    except StalePreview:
        return _finish(job, State.FAILED, reason="stale")
    except NotEditable:
        return _finish(job, State.FAILED, reason="closed")
    except OSError:  # the storage did not answer: queued again for the task's retry
        ImportJob.objects.filter(pk=job_id).update(state=State.QUEUED, started_at=None)
        raise
    except Exception:
        log.exception("import %s failed", job_id)
        return _finish(job, State.FAILED, reason="error")
    return _finish(job, State.DONE, applied=dataclasses.asdict(applied))


def _finish(job: ImportJob, state: str, **fields) -> str:
    ImportJob.objects.filter(pk=job.pk).update(state=state, finished_at=timezone.now(), **fields)
    return state


def _stored(problems) -> list[dict]:
    """The problems as JSON (a value the reader gave that JSON cannot hold, as text)."""
    return json.loads(json.dumps([dataclasses.asdict(p) for p in problems], default=str))


def problems_of(job: ImportJob) -> list[Problem]:
    return [
        Problem(**{k: v for k, v in p.items() if k != "message" or not p.get("code")})
        for p in job.problems
    ]
