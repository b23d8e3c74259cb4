"""Storing answered questionnaires: one response, one held evaluation, flags.

Integrity rests on the database, not on a check made beforehand:

* the submission token is unique, so a double tap, a resend or two
  concurrent posts of the same form store one response (the second insert
  fails and is reported as a duplicate, never as an error);
* the survey row is locked (``SELECT … FOR UPDATE``) while a response is
  validated, numbered and counted, so the closing date and the maximum hold
  under concurrent submissions too.  The flags are read in the statement
  that takes the lock; they see the responses committed when it began (one
  sent at the very same moment may escape the device and burst flags,
  never the count).

The public path writes through :mod:`~greencert.web.surveys.fastsql` (it is
the application's hot path); paper imports use the same :func:`store_response`.

Responses are not written to the audit trail one by one: the response row
itself is the record (changed only by a review, never deleted); what
people decide about responses — opening, accepting, reviewing, importing —
is audited in :mod:`greencert.web.surveys.services`.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from greencert.core.scheme import Scheme
from greencert.web.projects.models import Evaluation, ItemRating
from greencert.web.projects.scoring import scheme_of
from greencert.web.surveys import fastsql
from greencert.web.surveys.answers import Answers, check_complete
from greencert.web.surveys.models import Survey, SurveyResponse, refusal_of
from greencert.web.surveys.public_form import read_post, read_ticket

STORED = "stored"
DUPLICATE = "duplicate"


class SurveyClosed(Exception):
    """The survey takes no response now; ``reason`` is a :func:`refusal_of` code."""

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
    return SurveyResponse.objects.filter(submission=nonce).exists()


def locked_survey(survey_id: int) -> Survey:
    """The survey row, locked until the transaction ends (staff paths: accept, review, import)."""
    return (
        Survey.objects.select_for_update(of=("self",))
        .select_related("project__assessment", "site")
        .get(pk=survey_id)
    )


@dataclass(frozen=True)
class Stored:
    evaluation_id: int
    code: str
    flagged: bool


def store_response(
    *,
    survey_id: int,
    assessment_id: int,
    site_id: int,
    code: str,
    answers: Answers,
    scheme: Scheme,
    channel: str,
    submission: str,
    date: datetime.date,
    created_by=None,
    flags: dict[str, bool] | None = None,
    **fields,
) -> Stored:
    """Store one questionnaire as evaluation *code*, held, with its response row."""
    flags = flags or {}
    check_complete(scheme, code, answers.likert)  # the core's own gate: every item rated
    evaluation_id = fastsql.insert(
        Evaluation,
        assessment_id=assessment_id,
        code=code,
        evaluator="",
        date=date,
        site_id=site_id,
        source=Evaluation.Source.CUSTOMER,
        note=answers.comment,
        counts=False,  # held until the survey is accepted
        created_by_id=created_by.pk if created_by else None,
    )
    fastsql.insert_many(
        ItemRating,
        [
            {"evaluation_id": evaluation_id, "item_id": item_id, "likert": level}
            for item_id, level in answers.likert.items()
        ],
    )
    flagged = any(flags.values())
    fastsql.insert(
        SurveyResponse,
        survey_id=survey_id,
        evaluation_id=evaluation_id,
        channel=channel,
        submission=submission,
        status=SurveyResponse.Status.HELD if flagged else SurveyResponse.Status.INCLUDED,
        **flags,
        **fields,
    )
    return Stored(evaluation_id, code, flagged)


def _check_open(counters: fastsql.Counters, project_state: str, today) -> None:
    refusal = refusal_of(
        counters.state,
        project_state,
        counters.opens_on,
        counters.closes_on,
        counters.max_responses,
        counters.online_count,
        today,
    )
    if refusal:
        raise SurveyClosed(refusal)


def submit_online(
    *, token: str, post, device: str = "", network: str = "", now=None
) -> tuple[str, int]:
    """Check and store a questionnaire posted on the public page.

    Returns (:data:`STORED` or :data:`DUPLICATE`, the survey's id).  Raises
    :class:`SurveyNotFound`, :class:`SurveyClosed` (closed, ended, not yet
    open, full) or :class:`~greencert.web.surveys.public_form.Refused` (bad
    answers or tampered fields: nothing is stored).

    The survey row is locked last, just before the response is numbered and
    counted, so that concurrent submissions wait for each other as briefly
    as possible; the evaluation carries a provisional code until then (no
    one sees it: it is not committed yet).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = now - datetime.timedelta(minutes=settings.SURVEY_BURST_MINUTES)
    earlier = settings.SURVEY_BURST_COUNT - 1  # responses before this one that make a burst
    ticket = None
    try:
        with transaction.atomic():
            seen = fastsql.read_survey(
                token, device=device, network=network, since=since, earlier=earlier
            )
            if seen is None:
                raise SurveyNotFound(token)
            _check_open(seen.counters, seen.project_state, today)  # early; again under the lock
            # The bridge's own check that the pinned scheme is unchanged (it reads the two fields).
            pinned = SimpleNamespace(scheme_label=seen.scheme_label, scheme_hash=seen.scheme_hash)
            scheme = scheme_of(pinned)
            ticket, answers = read_post(scheme, seen.survey_id, post)  # raises Refused
            seconds = max(0, int(now.timestamp() - ticket.shown_at))
            stored = store_response(
                survey_id=seen.survey_id,
                assessment_id=seen.assessment_id,
                site_id=seen.site_id,
                code=f"S{seen.survey_id}-~{ticket.nonce[:16]}",
                answers=answers,
                scheme=scheme,
                channel=SurveyResponse.Channel.ONLINE,
                submission=ticket.nonce,  # unique: a resend fails here
                date=today,
                flags={
                    "too_fast": seconds < settings.SURVEY_MIN_SECONDS,
                    "same_answers": answers.same_everywhere,
                    "duplicate_device": seen.seen_device,
                    "network_burst": seen.burst,
                },
                device=device,
                network=network,
                seconds=seconds,
                created_at=now,
            )
            if seen.burst and not seen.deep_burst:
                # A burst just began: hold the responses before this one too.  (Once
                # it is well under way, each new response is held as it arrives.)
                fastsql.hold_burst(seen.survey_id, network, since)
            # Now the lock: dates, state and maximum as they are at this instant.
            counters = fastsql.lock_counters(seen.survey_id)
            _check_open(counters, seen.project_state, today)
            number = counters.numbered + 1
            fastsql.number_response(
                seen.survey_id, stored.evaluation_id, f"S{seen.survey_id}-{number}", number
            )
    except (IntegrityError, SurveyClosed):
        # Asked only after the insert failed: was it this very form, stored already?
        # (Then it is a resend, also when that form took the last place.)
        ticket = ticket or read_ticket(post.get("ticket", ""), seen.survey_id)[0]
        if ticket and already_stored(ticket.nonce):
            return DUPLICATE, seen.survey_id
        raise
    return STORED, seen.survey_id
