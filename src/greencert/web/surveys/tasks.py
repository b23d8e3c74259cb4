"""The surveys' background work."""

from __future__ import annotations

from greencert.web.surveys.inbox import drain_waiting
from greencert.web.tasks import app


@app.task(name="greencert.surveys.drain")
def drain_surveys() -> int:
    """Every waiting survey answer becomes its response and evaluation (every
    ``SURVEY_DRAIN_SECONDS``); how many.  Safe to run twice at once: each survey is
    drained under its row lock, and an answer drained is marked so."""
    return drain_waiting()
