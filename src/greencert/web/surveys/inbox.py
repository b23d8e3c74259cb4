"""Turning posted questionnaires into responses and customer evaluations.

The public page only stores a :class:`~greencert.web.surveys.models.Submission`
(one row: that is what lets many customers answer at once).  Here, under the
survey's row lock, the submissions not yet handled become, in the order they
arrived, one :class:`~greencert.web.surveys.models.SurveyResponse` and one
evaluation of source ``customer`` each, numbered ``S<survey>-<n>`` and
flagged:

* too fast and the same answer everywhere were decided when the form came in;
* a device already seen in this survey (the rule for a repeat: the device's first answer
  counts like any other, each later one is held, so it counts only once the project's team
  includes it, and the review page shows it beside the device's earlier answers), and a
  burst from one network (``SURVEY_BURST_COUNT`` answers within ``SURVEY_BURST_MINUTES``),
  are decided here, seeing every earlier answer — those stored before and those in this
  batch.  When a burst is found, every answer of it is held, the earlier
  ones too (unless an auditor already reviewed them).

It runs when staff act on a survey (:func:`locked_survey`: closing,
accepting, reopening, reviewing, importing), so what they decide on is
complete, and periodically (:func:`drain_waiting`, the ``drain_surveys``
command).  Pages only read: they show how many answers are waiting
(:func:`~greencert.web.surveys.selectors.waiting`).  No response counts
before its survey is accepted, and accepting runs it first, so scores
never wait for it.  The responses themselves are created by
:func:`~greencert.web.surveys.responses.create_responses`.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from greencert.web.projects.scoring import scheme_of
from greencert.web.surveys.answers import Answers
from greencert.web.surveys.models import Submission, Survey, SurveyResponse
from greencert.web.surveys.responses import Flags, Questionnaire, create_responses

Status = SurveyResponse.Status


def locked_survey(survey_id: int) -> Survey:
    """The survey row, locked until the transaction ends, with its waiting answers turned
    into responses first (the staff actions: state changes, review, import)."""
    survey = _lock(survey_id)
    drain(survey)
    return survey


def _lock(survey_id: int) -> Survey:
    return (
        Survey.objects.select_for_update(of=("self",))
        .select_related("project__assessment", "site")
        .get(pk=survey_id)
    )


def drain_waiting(survey_ids=None) -> int:
    """Turn every waiting answer (of *survey_ids*, or of all surveys) into its response,
    one transaction per survey; how many became responses."""
    waiting = Submission.objects.filter(drained=False)
    if survey_ids is not None:
        waiting = waiting.filter(survey_id__in=survey_ids)
    done = 0
    for survey_id in waiting.order_by("survey_id").values_list("survey_id", flat=True).distinct():
        with transaction.atomic():
            done += drain(_lock(survey_id))
    return done


def drain(survey: Survey) -> int:
    """Turn the survey's pending submissions into responses; the caller holds its row lock.

    Returns how many.  All or nothing: it runs in the caller's transaction.
    """
    waiting = list(Submission.objects.filter(survey=survey, drained=False).order_by("id"))
    if not waiting:
        return 0
    # A form answered before submissions existed (this version) and sent again since:
    # its response is there already, so the copy is only marked as handled.
    known = set()
    for chunk in _chunks(waiting):
        nonces = [s.nonce for s in chunk]
        known |= set(
            SurveyResponse.objects.filter(submission__in=nonces).values_list(
                "submission", flat=True
            )
        )
    batch = [s for s in waiting if s.nonce not in known]
    scheme = scheme_of(survey.project.assessment)
    duplicates = _duplicate_devices(survey, batch)
    burst_ids, held_earlier = _bursts(survey, batch)
    for chunk in _chunks(batch):
        create_responses(
            survey=survey,
            scheme=scheme,
            questionnaires=[_questionnaire(sub, duplicates, burst_ids) for sub in chunk],
        )
    for chunk in _chunks(sorted(held_earlier)):
        SurveyResponse.objects.filter(pk__in=chunk, reviewed_at__isnull=True).update(
            network_burst=True, status=Status.HELD
        )
    for chunk in _chunks(waiting):
        Submission.objects.filter(pk__in=[s.pk for s in chunk]).update(drained=True)
    survey.online_count += sum(1 for s in batch if not s.counted)  # capped: counted when taken
    survey.save(update_fields=["online_count"])
    return len(batch)


CHUNK = 500  # submissions per round of queries: a long backlog stays in bounded memory


def _chunks(items: list) -> list[list]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


def _questionnaire(sub: Submission, duplicates: set[int], burst_ids: set[int]) -> Questionnaire:
    return Questionnaire(
        answers=Answers(json.loads(sub.answers), sub.comment),  # {item id: level}, read once
        date=timezone.localdate(sub.created_at),
        channel=SurveyResponse.Channel.ONLINE,
        submission=sub.nonce,
        flags=Flags(
            too_fast=sub.too_fast,
            same_answers=sub.same_answers,
            duplicate_device=sub.pk in duplicates,
            network_burst=sub.pk in burst_ids,
        ),
        device=sub.device,
        network=sub.network,
        seconds=sub.seconds,
        created_at=sub.created_at,
    )


def _duplicate_devices(survey: Survey, batch: list[Submission]) -> set[int]:
    """The submissions from a device that answered this survey before them."""
    devices = sorted({s.device for s in batch if s.device})
    seen: set[str] = set()
    for start in range(0, len(devices), CHUNK):
        seen |= set(
            survey.responses.filter(device__in=devices[start : start + CHUNK])
            .values_list("device", flat=True)
            .distinct()
        )
    duplicates = set()
    for sub in batch:
        if sub.device in seen:
            duplicates.add(sub.pk)
        elif sub.device:
            seen.add(sub.device)
    return duplicates


def _bursts(survey: Survey, batch: list[Submission]) -> tuple[set[int], set[int]]:
    """(submissions that are part of a burst, earlier stored responses to hold with them).

    An answer is part of a burst when, counting it, ``SURVEY_BURST_COUNT`` answers
    came from its network within ``SURVEY_BURST_MINUTES`` up to it; the earlier
    answers of that window are part of it too.
    """
    window = datetime.timedelta(minutes=settings.SURVEY_BURST_MINUTES)
    needed = settings.SURVEY_BURST_COUNT
    by_network: dict[str, list[tuple[datetime.datetime, str, int]]] = defaultdict(list)
    for sub in batch:
        if sub.network:
            by_network[sub.network].append((sub.created_at, "new", sub.pk))
    if not by_network:
        return set(), set()
    since = min(sub.created_at for sub in batch) - window
    stored = []
    for networks in _chunks(sorted(by_network)):
        stored += survey.responses.filter(network__in=networks, created_at__gte=since).values_list(
            "network", "created_at", "pk"
        )
    for network, created_at, pk in stored:
        by_network[network].append((created_at, "stored", pk))
    in_burst: set[int] = set()
    hold: set[int] = set()
    for answers in by_network.values():
        answers.sort()
        start = marked = 0  # the window's first answer; the first not yet marked
        for end, (moment, kind, _pk) in enumerate(answers):
            while answers[start][0] < moment - window:
                start += 1
            if kind != "new" or end - start + 1 < needed:
                continue
            # Each answer is marked once: windows only move forward (linear in the answers).
            for _moment, other_kind, other in answers[max(start, marked) : end + 1]:
                (in_burst if other_kind == "new" else hold).add(other)
            marked = end + 1
    return in_burst, hold
