"""Asking for a document made in the background: the export row, audited, and its task
queued once the transaction has committed (the task reads the row it is given)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from greencert.web.audit.services import record
from greencert.web.documents import tasks
from greencert.web.documents.access import may_export
from greencert.web.documents.models import Export


def request_export(*, actor, kind: str, organisation=None) -> Export:
    if not may_export(actor, kind, organisation):
        raise Http404
    with transaction.atomic():
        export = Export.objects.create(kind=kind, requested_by=actor, organisation=organisation)
        record(
            actor=actor,
            action="greencert.export.requested",
            target=export,
            organisation=organisation,
            after={"document": kind},
        )
    transaction.on_commit(lambda: tasks.make_export.delay(export.pk))
    return export
