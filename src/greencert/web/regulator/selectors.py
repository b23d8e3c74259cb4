"""Reads of the regulator's report for the worklists and the pages (query sets, no writes)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from greencert.web.regulator.models import ReportPeriod, ReportRow


def periods_listed() -> QuerySet[ReportPeriod]:
    """Every period, newest first, with its row and correction counts."""
    return ReportPeriod.objects.select_related("reported_by").annotate(
        n_rows=Count("rows"), n_corrections=Count("rows", filter=Q(rows__sequence__gt=0))
    )


def periods_to_report(today: datetime.date) -> QuerySet[ReportPeriod]:
    """The months that have ended and are not reported yet, oldest first (the worklist)."""
    has_rows = Exists(ReportRow.objects.filter(period=OuterRef("pk")))
    return ReportPeriod.objects.filter(
        has_rows, reported_at__isnull=True, month__lt=today.replace(day=1)
    ).order_by("month")
