"""Helpers of the certificate, register, complaint and dashboard tests.

Set-up goes through the services (tested elsewhere); what is under test is
what the pages show and do.  ``certify`` takes a project from blank sheets
to a granted decision: with :func:`fill_sheets`' defaults the result is
AAAA (service 0.9 × 100 = 90.0 ≥ 90.0, every clause at 四级 → 116 → 五级 ≥ 三级,
but 90.0 < 95.0 so not AAAAA).
"""

from __future__ import annotations

import datetime
import re

import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from greencert.web.certification.services import certificates, decisions
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from tests.web.certification.conftest import fill_sheets
from tests.web.projects_support import read, text

DAY = datetime.date(2026, 6, 1)

__all__ = [
    "DAY",
    "browser",
    "certify",
    "clear_rate_limit",
    "issue",
    "on_day",
    "read",
    "status_shown",
    "text",
    "url",
]


def browser(client, user=None):
    """*client* (logged in as *user*, if any) reading the pages in English."""
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def certify(
    world,
    project: Project | None = None,
    *,
    decided_on: datetime.date = DAY,
    grade: str = "AAAA",
    reason: str = "",
    outcome: str = "grant",
):
    """Fill *project* (world.project by default) to AAAA, complete, review and grant (or,
    with *outcome* "refuse" and a *reason*, refuse).

    A decision comes after the assessment: when *decided_on* is not after the project's
    planned start and nothing is filled yet, the plan is moved to the ten days before it.
    """
    project = project or world.project
    if decided_on <= project.planned_start and not project.assessment.evaluations.exists():
        Project.objects.filter(pk=project.pk).update(
            planned_start=decided_on - datetime.timedelta(days=10),
            planned_end=decided_on - datetime.timedelta(days=8),
        )
    project.refresh_from_db()
    if project.state == Project.State.PLANNED:
        change_state(actor=world.pm, project=project, to=Project.State.IN_PROGRESS)
        project.refresh_from_db()
    if not project.assessment.evaluations.exists():
        fill_sheets(project, world.leader)
    change_state(actor=world.pm, project=project, to=Project.State.EVALUATION_COMPLETE)
    project.refresh_from_db()
    decisions.review(actor=world.reviewer, project=project, outcome="recommend", comment="资料完整")
    project.refresh_from_db()
    decision = decisions.decide(
        actor=world.decider,
        project=project,
        outcome=outcome,
        grade=grade if outcome == "grant" else "",
        reason=reason,
        decided_on=decided_on,
    )
    project.refresh_from_db()
    return decision


def issue(world, project: Project | None = None, *, on: datetime.date = DAY, grade: str = "AAAA"):
    """A certificate granted on *on* (the decision is dated the same day)."""
    reason = "" if grade == "AAAA" else "降级授予：顾客投诉较多"
    decision = certify(world, project, decided_on=on, grade=grade, reason=reason)
    return certificates.issue_certificate(actor=world.pm, decision=decision, granted_on=on)


def on_day(day: datetime.date):
    """Travel to noon of *day* (dates typed are checked against today: a story told later
    happens on its own days)."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12)), tick=False)


def status_shown(response) -> str:
    """The status word of the big verdict box of the public page."""
    match = re.search(r'class="verdict-label">([^<]*)<', response.content.decode())
    assert match, "no verdict on the page"
    return match.group(1).strip()


def clear_rate_limit():
    """The rate limit counts in the cache, which outlives a test: start from zero."""
    cache.clear()
