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
from django.db.models import Q
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
    """One run: periods by month, created when first needed, and what changed in each."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.periods: dict[datetime.date, ReportPeriod] = {}
        self.changed: dict[ReportPeriod, dict[str, int]] = defaultdict(
            lambda: {"added": 0, "refreshed": 0, "corrections": 0}
        )

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

    def add(self, event: Event) -> None:
        latest = (
            ReportRow.objects.filter(source=event.source)
            .select_related("period")
            .order_by("-sequence")
            .first()
        )
        values = _plain(event.values())
        if latest is None:
            period = self.period(event.on)
            ReportRow.objects.create(
                period=period,
                sheet=event.sheet,
                source=event.source,
                subject=_subject(values),
                event_on=event.on,
                values=values,
            )
            self.changed[period]["added"] += 1
        elif not latest.is_reported:
            if latest.sequence:
                # Still the same correction: it keeps the day it was found.
                values = _corrected(values, latest.corrects.values, latest.event_on)
            if values != latest.values:
                latest.values = values
                latest.save(update_fields=["values"])
                self.changed[latest.period]["refreshed"] += 1
        elif _compared(values, latest.sheet) != _compared(
            latest.values, latest.sheet
        ) and not _superseded(latest):
            self.correct(latest, values)

    def correct(self, latest: ReportRow, values: dict) -> None:
        period = self.period(self.today)
        ReportRow.objects.create(
            period=period,
            sheet=latest.sheet,
            source=latest.source,
            sequence=latest.sequence + 1,
            subject=_subject(values),
            event_on=self.today,
            values=_corrected(values, latest.values, self.today),
            corrects=latest,
        )
        self.changed[period]["corrections"] += 1


def _subject(values: dict) -> str:
    return values.get("certificate.number") or values.get("plan.number") or ""


def _superseded(row: ReportRow) -> bool:
    """A certificate's row followed by a later row of the same certificate: only the latest
    statement of a certificate is corrected."""
    if row.sheet != Sheet.CERTIFICATE:
        return False
    later = Q(event_on__gt=row.event_on) | Q(event_on=row.event_on, id__gt=row.id)
    return ReportRow.objects.filter(later, sheet=row.sheet, subject=row.subject).exists()


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
        for event in events_between(_window_start(today), today):
            run.add(event)
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
