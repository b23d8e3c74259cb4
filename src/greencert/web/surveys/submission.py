"""Taking a questionnaire posted on the public page: one submission row.

A questionnaire posted on the public page is checked (every answer, the
signed form ticket) before the database is asked anything but the survey's
unchanging facts (kept per process), then stored as one
:class:`~greencert.web.surveys.models.Submission` row by one statement
(:func:`~greencert.web.surveys.fastsql.take`).  It becomes its response and
customer evaluation, numbered and flagged, at the next ``drain_surveys`` run
or staff action on the survey (:mod:`~greencert.web.surveys.inbox`).  Measured with
``benchmarks/bench_survey.py``: writing the response, its evaluation and 19
ratings in the request cost the database three to six times what the one
row does, and the request half of its throughput.

Integrity rests on the database, not on a check made beforehand:

* the form's token is unique, so a double tap, a resend or two concurrent
  posts of the same form store one submission (the second insert fails and
  is reported as a duplicate, never as an error);
* the insert is guarded by the survey row: it writes only while the survey
  takes responses (state, dates, project, maximum), and waits for a staff
  change of the survey in progress (closing, accepting) to see its outcome;
  a capped survey counts the answer under its row lock, so the maximum
  holds under concurrent answers too.

Paper imports are staff work: they create their responses directly
(:mod:`~greencert.web.surveys.responses`).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import json

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from greencert.web.projects.scoring import scheme_of
from greencert.web.surveys import fastsql
from greencert.web.surveys.acceptance import refusal
from greencert.web.surveys.models import Submission, Survey, SurveyResponse
from greencert.web.surveys.public_form import read_post

STORED = "stored"
DUPLICATE = "duplicate"


class SurveyClosed(Exception):
    """The survey takes no response now; ``reason`` is a :mod:`~greencert.web.surveys.acceptance` refusal code."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SurveyNotFound(Exception):
    """No survey has this token."""


def network_of(address: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of an address: all that is kept of it."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def device_key(cookie: str) -> str:
    """What is stored of the device cookie: its SHA-256 (the cookie itself never is)."""
    if not cookie or not 20 <= len(cookie) <= 64:
        return ""
    return hashlib.sha256(cookie.encode()).hexdigest()


def already_stored(nonce: str) -> bool:
    return (
        Submission.objects.filter(nonce=nonce).exists()
        or SurveyResponse.objects.filter(submission=nonce).exists()  # stored before submissions
    )


@functools.lru_cache(maxsize=4096)
def survey_facts(token: str) -> fastsql.Facts:
    """The unchanging facts of the survey of *token*, read once per process (surveys
    are never deleted, and their project, site and assessment never change)."""
    facts = fastsql.survey_facts(token)
    if facts is None:
        raise SurveyNotFound(token)  # not cached: lru_cache keeps results only
    return facts


def submit_online(
    *, token: str, post, device: str = "", network: str = "", now=None
) -> tuple[str, int]:
    """Check and store a questionnaire posted on the public page.

    Returns (:data:`STORED` or :data:`DUPLICATE`, the survey's id).  Raises
    :class:`SurveyNotFound`, :class:`SurveyClosed` (closed, ended, not yet
    open, full) or :class:`~greencert.web.surveys.public_form.Refused` (bad
    answers or tampered fields: nothing is stored).
    """
    now = now or timezone.now()
    facts = survey_facts(token)
    scheme = scheme_of(facts)  # the bridge's own check that the pinned scheme is unchanged
    # Every answer is checked here with the core's rule for a level; the core's own
    # gate for a whole sheet runs when the submission becomes its evaluation (inbox).
    ticket, answers = read_post(scheme, facts.survey_id, post)  # raises Refused
    seconds = max(0, int(now.timestamp() - ticket.shown_at))
    try:
        taken = fastsql.take(
            facts,
            nonce=ticket.nonce,
            answers=json.dumps(answers.likert),
            comment=answers.comment,
            device=device,
            network=network,
            seconds=seconds,
            too_fast=seconds < settings.SURVEY_MIN_SECONDS,
            same_answers=answers.same_everywhere,
            now=now,
        )
    except IntegrityError:
        # Asked only after the insert failed: was it this very form, stored already?
        if already_stored(ticket.nonce):
            return DUPLICATE, facts.survey_id
        raise
    if not taken:
        if already_stored(ticket.nonce):  # a resend of the form that took the last place
            return DUPLICATE, facts.survey_id
        survey = Survey.objects.select_related("project").get(pk=facts.survey_id)
        # The guard and refusal() derive from the same rule; should the survey have
        # changed again in between, it is reported closed.
        raise SurveyClosed(refusal(survey, timezone.localdate(now)) or "closed")
    return STORED, facts.survey_id
