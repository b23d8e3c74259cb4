"""What staff do with surveys: open, close, accept, review flagged responses, import paper.

Every function is keyword-only, runs in one transaction and writes its
audit entry there (like :mod:`greencert.web.projects.services`).  Whether
a response counts is decided in one place: its evaluation counts when the
survey is accepted and the response is included.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.web.audit.services import record
from greencert.web.date_limits import (
    EVALUATION_LEAD_DAYS,
    PLAN_AHEAD_DAYS,
    PLAN_SPAN_DAYS,
    Event,
    days_from_today,
    today,
    window_problems,
)
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.models import Evaluation, Project
from greencert.web.projects.scoring import scheme_of
from greencert.web.projects.services.states import check_project_open
from greencert.web.surveys.inbox import locked_survey
from greencert.web.surveys.models import Survey, SurveyResponse
from greencert.web.surveys.paper import read_questionnaires
from greencert.web.surveys.responses import Flags, Questionnaire, create_responses
from greencert.web.text_limits import length_problems
from greencert.web.upload_checks import check_workbook

State = Survey.State
Status = SurveyResponse.Status

# open ⇄ closed → accepted; acceptance is final.
TRANSITIONS = {
    State.OPEN: {State.CLOSED},
    State.CLOSED: {State.OPEN, State.ACCEPTED},
    State.ACCEPTED: set(),
}
ACTIONS = {
    State.OPEN: "greencert.survey.reopened",
    State.CLOSED: "greencert.survey.closed",
    State.ACCEPTED: "greencert.survey.accepted",
}


def survey_sites(project: Project):
    """The sites a survey may be opened for: the project's, else its organisation's."""
    sites = project.sites.all()
    return sites if sites.exists() else project.organisation.sites.all()


def _snapshot(survey: Survey) -> dict:
    return {
        "site": survey.site.name,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "max_responses": survey.max_responses,
        "state": survey.state,
    }


DEFAULT_SURVEY_DAYS = 14  # a new survey's default run when the project's planned end has passed


def default_survey_dates(project: Project) -> dict:
    """The dates a new survey's form starts with: from today to the project's planned end, or
    for two weeks when that end is already past (never closing before it opens)."""
    opens_on = timezone.localdate()
    closes_on = project.planned_end
    if closes_on < opens_on:
        closes_on = opens_on + datetime.timedelta(days=DEFAULT_SURVEY_DAYS)
    return {"opens_on": opens_on, "closes_on": closes_on}


def survey_date_problems(project: Project, opens_on, closes_on) -> list[Problem]:
    """A survey opens with the project's evaluations (up to six months before its planned start)
    and at most a year ahead, and runs for a year at most."""
    start = project.planned_start
    problems = window_problems(
        opens_on,
        field=_("opens on"),
        label=_("The opening date"),
        after=[
            Event(
                start - datetime.timedelta(days=EVALUATION_LEAD_DAYS),
                _("six months before the planned start %(start)s") % {"start": start.isoformat()},
            )
        ],
        before=[days_from_today(PLAN_AHEAD_DAYS, _("a year from today"))],
    )
    problems += window_problems(
        closes_on,
        field=_("closes on"),
        label=_("The closing date"),
        before=[
            Event(
                opens_on + datetime.timedelta(days=PLAN_SPAN_DAYS),
                _("a year after the opening date"),
            )
        ],
    )
    return problems


@transaction.atomic
def open_survey(
    *,
    actor,
    project: Project,
    site,
    opens_on: datetime.date,
    closes_on: datetime.date,
    max_responses: int | None = None,
) -> Survey:
    check_project_open(project.pk)
    problems = []
    if site is None or not survey_sites(project).filter(pk=site.pk).exists():
        problems.append(Problem(field=_("site"), message=_("choose one of the project's sites")))
    if closes_on < opens_on:
        problems.append(
            Problem(field=_("closes on"), message=_("the closing date is before the opening date"))
        )
    if closes_on < timezone.localdate():
        problems.append(Problem(field=_("closes on"), message=_("the closing date is in the past")))
    problems += survey_date_problems(project, opens_on, closes_on)
    if max_responses is not None and max_responses < 1:
        problems.append(
            Problem(field=_("maximum"), message=_("the maximum must be at least 1, or empty"))
        )
    if problems:
        raise InputError(problems)
    survey = Survey.objects.create(
        project=project,
        site=site,
        opens_on=opens_on,
        closes_on=closes_on,
        max_responses=max_responses,
        created_by=actor,
    )
    record(
        actor=actor,
        action="greencert.survey.opened",
        target=survey,
        project=project,
        after=_snapshot(survey),
    )
    return survey


@transaction.atomic
def change_survey_state(*, actor, survey: Survey, to: str) -> Survey:
    """Close, reopen or accept a survey.

    Accepting makes the included responses count, all in this one
    transaction; responses still awaiting review stay held until an
    auditor includes them (then they count at once).
    """
    survey = locked_survey(survey.pk)
    if to not in TRANSITIONS[survey.state]:
        if to == State.ACCEPTED and survey.state == State.OPEN:
            raise NotEditable(_("Close the survey before accepting it."))
        raise NotEditable(
            _("A survey cannot go from “%(from)s” to “%(to)s”.")
            % {"from": survey.get_state_display(), "to": State(to).label}
        )
    if to == State.OPEN:
        check_project_open(survey.project_id)
    before = {"state": survey.state}
    after: dict = {"state": to}
    if to == State.ACCEPTED:
        check_project_open(survey.project_id)
        after["counted"] = Evaluation.objects.filter(
            survey_response__survey=survey, survey_response__status=Status.INCLUDED
        ).update(counts=True)
        after["held"] = survey.responses.filter(status=Status.HELD).count()
        after["excluded"] = survey.responses.filter(status=Status.EXCLUDED).count()
        survey.accepted_at = timezone.now()
    survey.state = to
    survey.save(update_fields=["state", "accepted_at"])
    record(
        actor=actor,
        action=ACTIONS[to],
        target=survey,
        project=survey.project,
        before=before,
        after=after,
    )
    return survey


def review_response(
    *, actor, response: SurveyResponse, include: bool, reason: str
) -> SurveyResponse:
    """Include or exclude one response, with the reason, in the audit trail
    (:func:`review_responses` for one)."""
    (reviewed,) = review_responses(
        actor=actor,
        survey=response.survey,
        response_ids=[response.pk],
        include=include,
        reason=reason,
    )
    return reviewed


@transaction.atomic
def review_responses(
    *, actor, survey: Survey, response_ids, include: bool, reason: str
) -> list[SurveyResponse]:
    """Include or exclude several responses of *survey* with one reason: all, or none.

    Each response gets its own audit entry (its status before, its flags, the
    reason), so a response's history reads the same whether it was decided
    alone or with others.  Once the survey is accepted the decision changes
    the score at once, so it then needs the project's sheets to be open.
    """
    reason = (reason or "").strip()
    if not reason:
        raise InputError(
            Problem(field=_("reason"), message=_("say why the responses are included or excluded"))
        )
    if problems := length_problems(SurveyResponse, {"reason": reason}):
        raise InputError([p.at(field=_("reason")) for p in problems])
    wanted = sorted({int(pk) for pk in response_ids})
    if not wanted:
        raise InputError(Problem(field=_("responses"), message=_("tick at least one response")))
    survey = locked_survey(survey.pk)
    responses = list(
        SurveyResponse.objects.select_related("evaluation")
        .filter(survey=survey, pk__in=wanted)
        .order_by("id")
    )
    if len(responses) != len(wanted):
        raise InputError(
            Problem(field=_("responses"), message=_("a ticked response is not in this survey"))
        )
    accepted = survey.state == State.ACCEPTED
    if accepted:
        check_project_open(survey.project_id)
    status = Status.INCLUDED if include else Status.EXCLUDED
    counts = accepted and include
    before = {
        r.pk: {"status": r.status, "flags": r.flags, "counts": r.evaluation.counts}
        for r in responses
    }
    now = timezone.now()
    SurveyResponse.objects.filter(pk__in=wanted).update(
        status=status, reason=reason, reviewed_by=actor, reviewed_at=now
    )
    Evaluation.objects.filter(survey_response__in=wanted).update(counts=counts)
    action = "greencert.survey_response." + ("included" if include else "excluded")
    for response in responses:
        response.status, response.reason = status, reason
        response.reviewed_by, response.reviewed_at = actor, now
        response.evaluation.counts = counts  # as stored above, for the caller's answer
        record(
            actor=actor,
            action=action,
            target=response,
            project=survey.project,
            before=before[response.pk],
            after={"status": status, "counts": counts, "reason": reason},
        )
    return responses


def import_questionnaires(*, actor, survey: Survey, stream) -> list:
    """Store the paper questionnaires of a filled template: all rows, or none.

    The file is read first, outside the transaction: on SQLite a transaction
    holds the whole database's write lock from its start.
    """
    check_workbook(stream)
    scheme = scheme_of(survey.project.assessment)
    rows = read_questionnaires(scheme, stream)
    return _store_questionnaires(actor, survey, scheme, rows)


def _check_paper_dates(survey: Survey, rows: list) -> None:
    """A questionnaire is dated while its survey was open (the paper form says so), by today."""
    problems = [
        problem.at(field=_("row %(row)d column %(column)s") % {"row": row.row, "column": _("date")})
        for row in rows
        for problem in window_problems(
            row.date,
            field="date",
            label=_("The questionnaire's date"),
            after=[Event(survey.opens_on, _("the survey's opening"))],
            before=[Event(survey.closes_on, _("the survey's closing")), today()],
        )
    ]
    if problems:
        raise InputError(problems)


@transaction.atomic
def _store_questionnaires(actor, survey: Survey, scheme, rows: list) -> list:
    survey = locked_survey(survey.pk)
    if survey.state == State.ACCEPTED:
        raise NotEditable(_("The survey is accepted: no more questionnaires can be added."))
    _check_paper_dates(survey, rows)
    check_project_open(survey.project_id)
    created = create_responses(
        survey=survey,
        scheme=scheme,
        questionnaires=[
            Questionnaire(
                answers=row.answers,
                date=row.date,
                channel=SurveyResponse.Channel.OFFLINE,
                submission="offline-" + uuid.uuid4().hex,
                flags=Flags(same_answers=row.answers.same_everywhere),
                row=row.row,
            )
            for row in rows
        ],
        created_by=actor,
    )
    record(
        actor=actor,
        action="greencert.survey.imported",
        target=survey,
        project=survey.project,
        after={
            "questionnaires": len(created),
            "codes": [r.code for r in created],
            "flagged": sum(1 for r in created if r.flagged),
        },
    )
    return created
