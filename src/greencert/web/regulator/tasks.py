"""The regulator's report's background work: brought up to date daily, and the reminder."""

from __future__ import annotations

from django.utils import timezone

from greencert.web.regulator import reminders
from greencert.web.tasks import app


@app.task(name="greencert.regulator.daily")
def daily() -> dict:
    """Daily (``REMINDERS_AT``): collect the events, then remind the administrators if due."""
    return reminders.daily(timezone.localdate())
