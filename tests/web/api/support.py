"""Calling the API as a persona: a read-write token for each (made through the service the
account page uses), and requests that send it."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from greencert.core.assessment_input import Reference
from greencert.web.accounts.api_tokens import create_token
from greencert.web.certification.models import Nonconformity
from greencert.web.certification.services import nonconformities
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.team import add_team_member
from greencert.web.surveys import services as survey_services
from greencert.web.surveys.models import Survey, SurveyResponse
from tests.web.surveys.support import answers, drained, post, ticket

BASE = "/api/v1"


def token_for(user, *, writes: bool = True, name: str = "tests") -> str:
    expires = timezone.localdate() + datetime.timedelta(days=30)
    return create_token(actor=user, name=name, writes=writes, expires_on=expires)[1]


def call(method: str, path: str, token: str | None = None, body=None, **headers):
    """One request to the API with *token* (None: anonymous); *body* is sent as JSON."""
    http = Client()
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    send = getattr(http, method.lower())
    if body is None:
        return send(f"{BASE}{path}", **headers)
    return send(f"{BASE}{path}", json.dumps(body), content_type="application/json", **headers)


def planned_project(world) -> Project:
    """A second planned project of alpha with the same team (the first may be decided)."""
    start = datetime.date(2026, 5, 20)
    project = create_project(
        actor=world.pm,
        organisation=world.alpha,
        kind=Project.Kind.INITIAL,
        scope="绿色物业服务",
        planned_start=start,
        planned_end=start + datetime.timedelta(days=2),
        sites=[world.site],
        services=[world.service],
    )
    add_team_member(actor=world.pm, project=project, user=world.leader, role=TeamMember.Role.LEADER)
    add_team_member(
        actor=world.pm, project=project, user=world.evaluator, role=TeamMember.Role.EVALUATOR
    )
    return project


@dataclass
class Findings:
    """A project in progress (alpha's, the same team) with what its pages act on: an open
    nonconformity, an answered one, and a survey with one flagged response."""

    project: Project
    open_nc: Nonconformity
    answered_nc: Nonconformity
    survey: Survey
    response: SurveyResponse


def findings(world) -> Findings:
    project = planned_project(world)
    change_state(actor=world.pm, project=project, to=Project.State.IN_PROGRESS)
    project.refresh_from_db()
    raised = [
        nonconformities.raise_nonconformity(
            actor=world.leader,
            project=project,
            ref=Reference("clause", "5.2"),
            severity="minor",
            description=f"应急预案未演练 {n}",
            evidence="2025 年无演练记录",
        )
        for n in (1, 2)
    ]
    answered = nonconformities.answer(
        actor=world.client,
        nc=raised[1],
        correction="已组织演练",
        root_cause="未列入年度计划",
        action_plan="纳入年度计划并每半年演练",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    today = timezone.localdate()
    survey = survey_services.open_survey(
        actor=world.pm,
        project=project,
        site=world.site,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
        max_responses=None,
    )
    # The same answer on every item: flagged, held for the team's review.
    post(Client(), survey, answers(every=5, ticket_value=ticket(survey)))
    drained()
    return Findings(project, raised[0], answered, survey, survey.responses.get())
