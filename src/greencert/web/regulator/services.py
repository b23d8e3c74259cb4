"""Writes of the regulator's report: bringing rows up to date, marking a period reported, the
body's codes.  Keyword-only, one transaction each, audited.

Bringing the report up to date (:func:`collect`) is idempotent: an event already
in the report adds nothing.  A row not yet reported follows its records; a
reported row is never changed: when its records say something else later, a
correction row goes into the period of the current month (a certificate's as an
information change, 04, or a status change, 05).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.core.report_format import ReportFormat, bundled_format
from greencert.web.audit.services import record
from greencert.web.certification.services import Refused
from greencert.web.regulator.collect import Event, events_between
from greencert.web.regulator.models import BodyCode, ReportPeriod, ReportRow
from greencert.web.uploads import files_removed_on_failure
from greencert.workbook.regulator_report import check_rows, write_report

Sheet = ReportRow.Sheet

# What a correction compares: the facts of the event, not the body's details nor the report's own
# stamps (a new approval number is no correction of every row ever sent).
NOT_COMPARED_PREFIXES = ("body.", "change.", "report_type")
CODE_LENGTH = BodyCode._meta.get_field("code").max_length
# Sources looked up per query: well under any database's limit of bound parameters.
LOOKUP_CHUNK = 500


def report_format() -> ReportFormat:
    """The bundled format with the codes the body completed."""
    given: dict[str, dict[str, str]] = defaultdict(dict)
    for code in BodyCode.objects.all():
        given[code.code_list][code.key] = code.code
    return bundled_format().completed(given)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _plain(values: dict) -> dict:
    """The values as stored (dates and decimals as text), to compare like with like."""
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _compared(values: dict, sheet: str) -> dict:
    """What a correction looks at: a plan's or a result's audit facts, a certificate's all."""
    skipped = NOT_COMPARED_PREFIXES
    if sheet != Sheet.CERTIFICATE:
        skipped += ("organisation.",)  # an organisation's details are reported on its certificate
    return {k: v for k, v in values.items() if not k.startswith(skipped)}


def _window_start(today: datetime.date) -> datetime.date:
    """From the oldest month not reported, or the previous month: later events are looked for."""
    previous = month_of(month_of(today) - datetime.timedelta(days=1))
    oldest = ReportPeriod.objects.filter(reported_at__isnull=True).order_by("month").first()
    return min(previous, oldest.month) if oldest else previous


class _Collector:
    """One run: periods by month, created when first needed, and what changed in each.

    The rows already written for the run's events are read up front (:meth:`read_latest`, a
    query per ``LOOKUP_CHUNK`` sources), and the rows added or refreshed are written together
    (:meth:`save`): a run's queries do not grow with its events, only the building of values.
    """

    def __init__(self, today: datetime.date):
        self.today = today
        self.periods: dict[datetime.date, ReportPeriod] = {}
        self.changed: dict[ReportPeriod, dict[str, int]] = defaultdict(
            lambda: {"added": 0, "refreshed": 0, "corrections": 0}
        )
        self.latest: dict[str, ReportRow] = {}
        # The latest day of a certificate's rows written in this run: they supersede earlier rows.
        self.written_on: dict[str, datetime.date] = {}
        self.to_create: list[ReportRow] = []
        self.to_update: list[ReportRow] = []

    def period(self, day: datetime.date) -> ReportPeriod:
        """The period of *day*'s month; the current month's when that one is reported already."""
        month = month_of(day)
        if month not in self.periods:
            self.periods[month], _ = ReportPeriod.objects.get_or_create(month=month)
        found = self.periods[month]
        return (
            self.period(self.today)
            if found.is_reported and month != month_of(self.today)
            else found
        )

    def run(self, events: list[Event]) -> None:
        self.read_latest([e.source for e in events])
        for event in events:
            self.add(event)
        self.save()

    def read_latest(self, sources: list[str]) -> None:
        """The latest row of each source, each marked whether a later row of its certificate
        supersedes it."""
        later = ReportRow.objects.filter(sheet=Sheet.CERTIFICATE, subject=OuterRef("subject"))
        later = later.filter(
            Q(event_on__gt=OuterRef("event_on"))
            | Q(event_on=OuterRef("event_on"), id__gt=OuterRef("id"))
        )
        for start in range(0, len(sources), LOOKUP_CHUNK):
            found = (
                ReportRow.objects.filter(source__in=sources[start : start + LOOKUP_CHUNK])
                .select_related("period", "corrects")
                .annotate(followed=Exists(later))
                .order_by("source", "sequence")
            )
            self.latest |= {row.source: row for row in found}  # the highest sequence wins

    def save(self) -> None:
        ReportRow.objects.bulk_create(self.to_create)
        ReportRow.objects.bulk_update(self.to_update, ["values"])

    def add(self, event: Event) -> None:
        latest = self.latest.get(event.source)
        values = _plain(event.values())
        if latest is None:
            period = self.period(event.on)
            self.write(
                ReportRow(
                    period=period,
                    sheet=event.sheet,
                    source=event.source,
                    subject=_subject(values),
                    event_on=event.on,
                    values=values,
                )
            )
            self.changed[period]["added"] += 1
        elif not latest.is_reported:
            if latest.sequence:
                # Still the same correction: it keeps the day it was found.
                values = _corrected(values, latest.corrects.values, latest.event_on)
            if values != latest.values:
                latest.values = values
                self.to_update.append(latest)
                self.changed[latest.period]["refreshed"] += 1
        elif _compared(values, latest.sheet) != _compared(
            latest.values, latest.sheet
        ) and not self.superseded(latest):
            self.correct(latest, values)

    def write(self, row: ReportRow) -> None:
        self.to_create.append(row)
        self.latest[row.source] = row
        if row.sheet == Sheet.CERTIFICATE:
            self.written_on[row.subject] = max(
                row.event_on, self.written_on.get(row.subject, row.event_on)
            )

    def superseded(self, row: ReportRow) -> bool:
        """A certificate's row followed by a later row of the same certificate: only the latest
        statement of a certificate is corrected."""
        if row.sheet != Sheet.CERTIFICATE:
            return False
        written = self.written_on.get(row.subject)
        return row.followed or (written is not None and written >= row.event_on)

    def correct(self, latest: ReportRow, values: dict) -> None:
        period = self.period(self.today)
        self.write(
            ReportRow(
                period=period,
                sheet=latest.sheet,
                source=latest.source,
                sequence=latest.sequence + 1,
                subject=_subject(values),
                event_on=self.today,
                values=_corrected(values, latest.values, self.today),
                corrects=latest,
            )
        )
        self.changed[period]["corrections"] += 1


def _subject(values: dict) -> str:
    return values.get("certificate.number") or values.get("plan.number") or ""


def _corrected(values: dict, reported: dict, today: datetime.date) -> dict:
    """A certificate row's correction: a status change (05) when the status differs, else 04."""
    if "report_type" not in values:
        return values
    status_changed = values.get("certificate.status") != reported.get("certificate.status")
    return {
        **values,
        "report_type": "status_change" if status_changed else "information_change",
        "change.type": "correction",
        "change.changed_on": today.isoformat(),
    }


def collect(*, actor, today: datetime.date) -> dict[str, dict[str, int]]:
    """Bring the report up to date with the records; what changed, by period (``YYYY-MM``)."""
    with transaction.atomic():
        # A month being marked reported meanwhile is waited for: its rows are then left alone.
        list(ReportPeriod.objects.select_for_update().filter(reported_at__isnull=True))
        run = _Collector(today)
        run.run(events_between(_window_start(today), today))
        for period, counts in run.changed.items():
            record(actor=actor, action="greencert.regulator.collected", target=period, after=counts)
    return {str(period): counts for period, counts in run.changed.items()}


def rows_by_sheet(period: ReportPeriod) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in period.rows.order_by("sheet", "event_on", "id"):
        grouped[row.sheet].append(row.values)
    return dict(grouped)


def problems_of(period: ReportPeriod, fmt: ReportFormat | None = None):
    return check_rows(fmt or report_format(), rows_by_sheet(period))


def mark_reported(*, actor, period: ReportPeriod, today: datetime.date) -> ReportPeriod:
    """Mark a month reported, keeping the file filed; refused while a problem remains."""
    fmt = report_format()
    with files_removed_on_failure() as stored:
        locked = ReportPeriod.objects.select_for_update().get(pk=period.pk)
        if locked.is_reported:
            raise Refused(_("This month was already reported."))
        if today <= locked.last_day:
            raise Refused(_("A month is reported once it has ended."))
        if problems := problems_of(locked, fmt):
            raise InputError(problems)
        content = write_report(fmt, rows_by_sheet(locked))
        name = report_file_name(fmt, locked)
        stored.save(locked.file, ContentFile(content, name=name))
        locked.reported_at, locked.reported_by = timezone.now(), actor
        locked.format_label, locked.format_hash = fmt.label, fmt.hash
        locked.save()
        record(
            actor=actor,
            action="greencert.regulator.reported",
            target=locked,
            after={"rows": locked.rows.count(), "format": fmt.label, "hash": fmt.hash},
        )
    return locked


def save_body_codes(*, actor, codes: dict[tuple[str, str], str]) -> int:
    """The body's codes for the entries the platform does not publish; blank removes one."""
    fmt = bundled_format()
    changed = 0
    with transaction.atomic():
        for (list_key, key), code in codes.items():
            entry = fmt.code_lists[list_key].entry(key)
            if entry is None or entry.code:
                continue  # a published code is the platform's, never the body's
            code = "".join(code.split()).upper()
            if len(code) > CODE_LENGTH:
                raise InputError(
                    Problem(
                        field=f"{list_key}.{key}",
                        message=_("The code of “%(label)s” is longer than %(n)s characters.")
                        % {"label": entry.label, "n": CODE_LENGTH},
                    )
                )
            current = BodyCode.objects.filter(code_list=list_key, key=key).first()
            if (current.code if current else "") == code:
                continue
            saved = current or BodyCode(code_list=list_key, key=key)
            before = {"code": saved.code}
            if code:
                saved.code = code
                saved.save()
            record(
                actor=actor,
                action="greencert.regulator.code_set",
                target=saved,
                before=before,
                after={"code": code},
            )
            if not code:
                saved.delete()
            changed += 1
    return changed


def report_file_name(fmt, period) -> str:
    """The month's workbook as filed and as downloaded, e.g. ``cnca-…-2026-06.xlsx``."""
    return f"{fmt.code}-{period.month:%Y-%m}.xlsx".lower()
