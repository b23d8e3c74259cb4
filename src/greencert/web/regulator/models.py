"""The regulator's report: one period a month, its rows keyed by the event they report.

A row is built from the records (a project's audit plan, a decision, a
certificate event, an expiry) and knows its source, so building a month twice
adds nothing.  A row is reported when its period is: marking a period
reported keeps the file that was filed.  A reported row is never changed; a
later correction is a new row of the same source in a later period.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BodyCode(models.Model):
    """A code the platform does not publish (certification project, scope …), as the body gives it."""

    code_list = models.CharField(max_length=40)
    key = models.CharField(max_length=40)
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        ordering = ["code_list", "key"]
        constraints = [
            models.UniqueConstraint(fields=["code_list", "key"], name="one_body_code_per_entry")
        ]

    def __str__(self) -> str:
        return f"{self.code_list}.{self.key} = {self.code}"


def report_file_path(instance: ReportPeriod, filename: str) -> str:
    return f"regulator/{instance.month:%Y-%m}/{filename}"


class ReportPeriod(models.Model):
    """One month's report (its first day names it); reported once, with the file filed."""

    month = models.DateField(_("month"), unique=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=report_file_path, max_length=255, blank=True)
    format_label = models.CharField(max_length=60, blank=True)
    format_hash = models.CharField(max_length=64, blank=True)
    reminder_sent = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("report period")
        constraints = [
            models.CheckConstraint(
                condition=(Q(reported_at__isnull=True) & Q(reported_by__isnull=True) & Q(file=""))
                | (Q(reported_at__isnull=False) & Q(reported_by__isnull=False) & ~Q(file="")),
                name="reported_period_has_who_when_and_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None

    @property
    def last_day(self) -> datetime.date:
        return next_month(self.month) - datetime.timedelta(days=1)

    def deadline(self, day: int) -> datetime.date:
        """The *day*-th of the following month (the 10th by the 2021 rules), holidays or not."""
        return next_month(self.month).replace(day=day)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class ReportRow(models.Model):
    """One row of one sheet, reporting one event (``source``); ``sequence`` > 0 is a correction."""

    class Sheet(models.TextChoices):
        AUDIT_PLAN = "audit_plan", _("Audit plans")
        CERTIFICATE = "certificate", _("Certificates")
        AUDIT_RESULT = "audit_result", _("Audit results")

    period = models.ForeignKey(ReportPeriod, on_delete=models.PROTECT, related_name="rows")
    sheet = models.CharField(max_length=16, choices=Sheet.choices)
    source = models.CharField(max_length=60)
    # What the row is about (a certificate's or a plan's number): a certificate's later row
    # supersedes its earlier ones, which are then never corrected.
    subject = models.CharField(max_length=60, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    event_on = models.DateField(_("event date"))
    values = models.JSONField(encoder=DjangoJSONEncoder)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sheet", "event_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "sequence"], name="one_row_per_event_version")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.sheet} {self.source}#{self.sequence}"

    @property
    def is_reported(self) -> bool:
        return self.period.is_reported
