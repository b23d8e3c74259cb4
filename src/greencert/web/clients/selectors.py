"""Reads for the worklists: applications waiting for a manager's review."""

from __future__ import annotations

from django.db.models import QuerySet

from greencert.web.clients.models import Application


def new_applications() -> QuerySet[Application]:
    """Submitted applications nobody has reviewed yet, the oldest first."""
    return (
        Application.objects.filter(status=Application.Status.SUBMITTED)
        .select_related("organisation")
        .order_by("submitted_at", "id")
    )
