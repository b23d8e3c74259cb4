"""A run of the report reads the rows of its events at once and writes its rows together:
its queries do not grow with the number of events (only the building of each row's values,
left out here, reads the records)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from greencert.web.regulator import services
from greencert.web.regulator.collect import Event
from greencert.web.regulator.models import ReportPeriod, ReportRow
from tests.web.conftest import make_user

D = datetime.date


def events(prefix: str, n: int, month: datetime.date, postcode: str) -> list[Event]:
    """*n* certificates' first issues in *month*, each stating *postcode*; building costs nothing."""
    return [
        Event(
            ReportRow.Sheet.CERTIFICATE,
            f"certificate-event:{prefix}{i}",
            month.replace(day=i % 28 + 1),
            lambda i=i: {
                "certificate.number": f"{prefix}-{i}",
                "organisation.postcode": postcode,
                "report_type": "first_issue",
            },
        )
        for i in range(n)
    ]


def queries_of(today: datetime.date, batch: list[Event]) -> int:
    with CaptureQueriesContext(connection) as captured:
        services._Collector(today).run(batch)
    return len(captured)


def three_runs(prefix: str, n: int, month: datetime.date, filer) -> list[int]:
    """New rows, the same rows refreshed, then after the month is filed, their corrections."""
    today = services.month_of(month + datetime.timedelta(days=32)).replace(day=2)
    counts = [queries_of(today, events(prefix, n, month, "330038"))]
    counts.append(queries_of(today, events(prefix, n, month, "330039")))
    ReportPeriod.objects.filter(month=month).update(
        reported_at=timezone.now(), reported_by=filer, file="filed.xlsx"
    )
    counts.append(queries_of(today, events(prefix, n, month, "330040")))
    rows = ReportRow.objects.filter(source__startswith=f"certificate-event:{prefix}")
    assert rows.filter(sequence=0, period__month=month).count() == n
    assert rows.filter(sequence=1, values__report_type="information_change").count() == n
    first = {r.values["organisation.postcode"] for r in rows.filter(sequence=0)}
    assert first == {"330039"}  # refreshed before filing, never after
    return counts


def test_a_runs_queries_do_not_grow_with_its_events(db):
    filer = make_user("filer", "admin")
    few = three_runs("a", 2, D(2026, 6, 1), filer)
    many = three_runs("b", 40, D(2026, 9, 1), filer)
    assert few == many
    assert max(many) <= 10
