"""Helpers of the survey tests: a survey, a shown form's ticket, posted answers.

Item ids and weights are copied by hand from RULES.md §1 (see
tests/web/sheet_helpers.py), and the Likert mapping too: level n → α = the
upper bound of its band, 0.2 × n (RULES.md §1).
"""

from __future__ import annotations

import datetime
import io
import re
import time

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from greencert.web.surveys import services
from greencert.web.surveys.public_form import Ticket
from tests.web.sheet_helpers import ITEMS

FORM_SHOWN_AGO = 120  # seconds: well above SURVEY_MIN_SECONDS, so not flagged as too fast


def open_survey(world, *, days_before=1, days_after=7, max_responses=None, site=None):
    today = timezone.localdate()
    return services.open_survey(
        actor=world.pm,
        project=world.project,
        site=site or world.site,
        opens_on=today - datetime.timedelta(days=days_before),
        closes_on=today + datetime.timedelta(days=days_after),
        max_responses=max_responses,
    )


def answer_url(survey) -> str:
    return reverse("survey_answer", args=(survey.token,))


def ticket(survey, *, nonce: str | None = None, ago: float = FORM_SHOWN_AGO) -> str:
    """A ticket as the page would have rendered it *ago* seconds before."""
    nonce = nonce or f"test-{time.monotonic_ns()}"
    return Ticket(survey.pk, nonce, time.time() - ago).dumps()


def ticket_on(page) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', page.content.decode()).group(1)


def answers(levels=None, *, every: int | None = None, comment: str = "", ticket_value="") -> dict:
    """POST data: *levels* item → level; items not given get a varied level (never all alike)."""
    levels = levels or {}
    data = {"ticket": ticket_value, "comment": comment, "website": ""}
    for n, item in enumerate(ITEMS):
        level = levels.get(item, every if every is not None else 3 + n % 2)
        if level is not None:
            data[f"q_{item}"] = str(level)
    return data


def post(client, survey, data, *, ip="10.1.1.10", **extra):
    return client.post(answer_url(survey), data, REMOTE_ADDR=ip, **extra)


def drained() -> str:
    """The periodic command's run: the answers posted so far become responses (its output)."""
    out = io.StringIO()
    call_command("drain_surveys", stdout=out)
    return out.getvalue()
