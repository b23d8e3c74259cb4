"""Creating survey responses: the one place a questionnaire becomes a response.

Every answered questionnaire — posted online (turned into its response by
:mod:`~greencert.web.surveys.inbox`) or on paper (imported by
:func:`~greencert.web.surveys.services.import_questionnaires`) — is stored
here, as

* one :class:`~greencert.web.projects.models.Evaluation` of source
  ``customer``, numbered ``S<survey>-<n>`` in the order given, held
  (``counts=False``) until the survey is accepted;
* its ratings, one per item of the scheme;
* its :class:`~greencert.web.surveys.models.SurveyResponse`, included, or
  held for an auditor's review when any quality flag is set.

The core's own gate for a whole sheet (every item rated) runs on each one
first.  The caller holds the survey's row lock, so the numbers are its own.
Responses are not written to the audit trail one by one: the response row
itself is the record (changed only by a review, never deleted); what people
decide about responses is audited in :mod:`greencert.web.surveys.services`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from greencert.core.scheme import Scheme
from greencert.web.projects.models import Evaluation, ItemRating
from greencert.web.surveys import fastsql
from greencert.web.surveys.answers import Answers, check_complete
from greencert.web.surveys.models import Survey, SurveyResponse


@dataclass(frozen=True)
class Flags:
    """The quality flags of a response; any of them holds it for review."""

    too_fast: bool = False
    same_answers: bool = False
    duplicate_device: bool = False
    network_burst: bool = False

    def any(self) -> bool:
        return self.too_fast or self.same_answers or self.duplicate_device or self.network_burst


@dataclass(frozen=True)
class Questionnaire:
    """One answered questionnaire, about to become a response."""

    answers: Answers
    date: datetime.date  # the day it was answered: the evaluation's date
    channel: str  # SurveyResponse.Channel
    submission: str  # the form's one-time token (online) or a random one (paper): unique
    flags: Flags = Flags()
    device: str = ""  # SHA-256 of the device cookie (online)
    network: str = ""  # /24 or /48 (online)
    seconds: int | None = None  # from the page shown to the answers sent (online)
    row: int | None = None  # the workbook row (paper)
    created_at: datetime.datetime | None = None  # when it came in (default: now)


@dataclass(frozen=True)
class Stored:
    evaluation_id: int
    code: str
    flagged: bool


def create_responses(
    *, survey: Survey, scheme: Scheme, questionnaires: list[Questionnaire], created_by=None
) -> list[Stored]:
    """Store *questionnaires* as the survey's next responses; raises ``InputError`` (nothing
    stored) when one is incomplete.  Advances and saves ``survey.numbered``."""
    codes = [f"{survey.code}-{survey.numbered + n}" for n in range(1, len(questionnaires) + 1)]
    for code, questionnaire in zip(codes, questionnaires, strict=True):
        check_complete(scheme, code, questionnaire.answers.likert)  # the core's gate
    evaluations = Evaluation.objects.bulk_create(
        [
            _evaluation(survey, code, questionnaire, created_by)
            for code, questionnaire in zip(codes, questionnaires, strict=True)
        ]
    )
    fastsql.insert_many(
        ItemRating,
        [
            {"evaluation_id": evaluation.pk, "item_id": item_id, "likert": level, "alpha": None}
            for evaluation, questionnaire in zip(evaluations, questionnaires, strict=True)
            for item_id, level in questionnaire.answers.likert.items()
        ],
    )
    SurveyResponse.objects.bulk_create(
        [
            _response(survey, evaluation, questionnaire)
            for evaluation, questionnaire in zip(evaluations, questionnaires, strict=True)
        ]
    )
    survey.numbered += len(questionnaires)
    survey.save(update_fields=["numbered"])
    return [
        Stored(evaluation.pk, evaluation.code, questionnaire.flags.any())
        for evaluation, questionnaire in zip(evaluations, questionnaires, strict=True)
    ]


def _evaluation(survey: Survey, code: str, questionnaire: Questionnaire, created_by) -> Evaluation:
    return Evaluation(
        assessment_id=survey.project.assessment.pk,
        code=code,
        evaluator="",
        date=questionnaire.date,
        site_id=survey.site_id,
        source=Evaluation.Source.CUSTOMER,
        note=questionnaire.answers.comment,
        counts=False,  # held until the survey is accepted
        created_by=created_by,
    )


def _response(survey: Survey, evaluation: Evaluation, q: Questionnaire) -> SurveyResponse:
    flagged = q.flags.any()
    return SurveyResponse(
        survey=survey,
        evaluation=evaluation,
        channel=q.channel,
        submission=q.submission,
        device=q.device,
        network=q.network,
        seconds=q.seconds,
        row=q.row,
        too_fast=q.flags.too_fast,
        same_answers=q.flags.same_answers,
        duplicate_device=q.flags.duplicate_device,
        network_burst=q.flags.network_burst,
        status=SurveyResponse.Status.HELD if flagged else SurveyResponse.Status.INCLUDED,
        created_at=q.created_at or timezone.now(),
    )
