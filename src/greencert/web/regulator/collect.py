"""Which events the report owes: what happened, on which day, and the row builder for each.

The events are read from the records, never typed twice: a project's audit plan
(the day the project was planned), a certification decision, each certificate
event (issued, reissued, suspended, reinstated, withdrawn) and an expiry (the
day after the last day of validity of a certificate still valid then, which
follows from the date).  Applications have no sheet in the 2021 template and
are not reported.  Each event has a source key that names it for good.

Beside the events of the months being built, the latest statement of every
certificate still in force is read again (:func:`standing_statements`),
however long ago it was filed: what it reported from live records (the
organisation's credit code, region, postcode, contact; the audit's days) can
change at any time, and such a change is reported as an information change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from greencert.web.certification.models import Certificate, CertificateEvent, Decision
from greencert.web.projects.models import Project
from greencert.web.regulator import rows
from greencert.web.regulator.models import ReportRow

Sheet = ReportRow.Sheet


@dataclass(frozen=True)
class Event:
    sheet: str
    source: str
    on: datetime.date
    values: Callable[[], dict]  # built only when the row is written or compared


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def plans(since: datetime.date, today: datetime.date) -> list[Event]:
    projects = Project.objects.filter(
        created_at__gte=_start_of_day(since),
        created_at__lt=_start_of_day(today + datetime.timedelta(days=1)),
    ).exclude(state=Project.State.CANCELLED)
    return [
        Event(
            Sheet.AUDIT_PLAN,
            f"plan:{p.pk}",
            timezone.localdate(p.created_at),
            _bind(rows.plan_row, p),
        )
        for p in projects.select_related("organisation")
    ]


def decisions(since: datetime.date, today: datetime.date) -> list[Event]:
    found = Decision.objects.filter(decided_on__gte=since, decided_on__lte=today)
    return [
        Event(Sheet.AUDIT_RESULT, f"decision:{d.pk}", d.decided_on, _bind(rows.result_row, d))
        for d in found.select_related("project__organisation")
    ]


def certificate_events(since: datetime.date, today: datetime.date) -> list[Event]:
    # An expiry is reported from the date (see expiries), whether or not the daily task has
    # written it into the certificate's history yet: its event is not a row of its own.
    found = (
        CertificateEvent.objects.filter(
            at__gte=_start_of_day(since),
            at__lt=_start_of_day(today + datetime.timedelta(days=1)),
        )
        .exclude(kind=CertificateEvent.Kind.EXPIRED)
        .select_related("certificate__organisation")
    )
    return [
        Event(
            Sheet.CERTIFICATE,
            f"certificate-event:{e.pk}",
            timezone.localdate(e.at),
            _bind(rows.certificate_row, e),
        )
        for e in found
    ]


def expiries(since: datetime.date, today: datetime.date) -> list[Event]:
    """Certificates whose validity ended (the day after expiry in [since, today]) while valid."""
    day = datetime.timedelta(days=1)
    found = Certificate.objects.filter(
        expires_on__gte=since - day, expires_on__lt=today, status=Certificate.Status.VALID
    )
    events = []
    for certificate in found.select_related("organisation"):
        history = certificate.events.exclude(kind=CertificateEvent.Kind.EXPIRED)
        last = history.order_by("-at", "-id").first()
        source = f"expiry:{certificate.pk}:{certificate.expires_on.isoformat()}"
        build = _bind(rows.expiry_row, certificate, last)
        events.append(Event(Sheet.CERTIFICATE, source, certificate.expires_on + day, build))
    return events


def events_between(since: datetime.date, today: datetime.date) -> list[Event]:
    """Every event from *since* to *today*, then each in-force certificate's latest statement
    filed earlier, in the order they happened."""
    found = [
        *plans(since, today),
        *decisions(since, today),
        *certificate_events(since, today),
        *expiries(since, today),
    ]
    found += standing_statements(today, {e.source for e in found})
    return sorted(found, key=lambda e: (e.on, e.sheet, e.source))


def standing_statements(today: datetime.date, known: set[str]) -> list[Event]:
    """The event behind each in-force certificate's latest row, when not among *known* sources.

    A certificate is in force while valid or suspended and not past its expiry; once withdrawn
    or expired its last row stands as filed.  Three queries, however many certificates.
    """
    in_force = Certificate.objects.filter(
        status__in=[Certificate.Status.VALID, Certificate.Status.SUSPENDED],
        expires_on__gte=today,
    ).values("number")
    later = ReportRow.objects.filter(sheet=Sheet.CERTIFICATE, subject=OuterRef("subject")).filter(
        Q(event_on__gt=OuterRef("event_on"))
        | Q(event_on=OuterRef("event_on"), id__gt=OuterRef("id"))
    )
    latest = ReportRow.objects.filter(sheet=Sheet.CERTIFICATE, subject__in=in_force).exclude(
        Exists(later)
    )
    prefix = "certificate-event:"
    sources = latest.filter(source__startswith=prefix).values_list("source", flat=True)
    # An expiry's row is never the latest of a certificate in force: only event rows remain.
    wanted = [int(s.removeprefix(prefix)) for s in sources if s not in known]
    found = CertificateEvent.objects.filter(pk__in=wanted).select_related(
        "certificate__organisation"
    )
    return [
        Event(
            Sheet.CERTIFICATE,
            f"{prefix}{e.pk}",
            timezone.localdate(e.at),
            _bind(rows.certificate_row, e),
        )
        for e in found
    ]


def _bind(function, *args) -> Callable[[], dict]:
    return lambda: function(*args)
