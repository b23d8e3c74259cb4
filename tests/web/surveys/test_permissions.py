"""Who may open which survey page (pretix style: every view × every persona).

Managers (admin, pm) open, close and accept; the project's team (leader,
evaluator) and administrators review flags and import paper; all of them see
the survey pages, the review page included (a manager reads it without deciding); the
organisation's client users print the poster.  Everyone else gets 404, anonymous visitors
the login page; the public questionnaire needs no login at all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from greencert.web.surveys import services
from greencert.web.surveys.models import Survey, SurveyResponse
from tests.web.matrix import (
    PERSONAS,
    Writes,
    assert_outcome,
    get_reading_only,
    post_checked,
    writes,
)

from .support import answer_url, answers, drained, open_survey, post, ticket

MANAGERS = {"admin", "pm"}
TEAM = {"admin", "leader", "evaluator"}
SEE = MANAGERS | TEAM


@dataclass
class Case:
    name: str
    method: str
    allowed: set
    args: str = "survey"  # "survey", "closed_survey", "project" or "response"
    effect: Writes | None = None  # what an allowed POST changes

    def __str__(self):
        return f"{self.method} {self.name}"


CASES = [
    Case("survey_list", "get", SEE, "project"),
    Case("survey_create", "get", MANAGERS, "project"),
    Case(
        "survey_create",
        "post",
        MANAGERS,
        "project",
        writes("surveys.Survey", audit="greencert.survey.opened"),
    ),
    Case("survey_detail", "get", SEE),
    Case(
        "survey_state",
        "post",
        MANAGERS,
        effect=writes("surveys.Survey", audit="greencert.survey.closed"),
    ),
    Case("survey_accept", "get", MANAGERS, "closed_survey"),
    # The organisation's client users put the poster of an open survey up at their sites.
    Case("survey_poster", "get", SEE | {"client"}),
    Case("survey_review", "get", SEE),
    Case(
        "survey_response_review",
        "post",
        TEAM,
        "response",
        writes("surveys.SurveyResponse", audit="greencert.survey_response.excluded"),
    ),
    Case(
        "survey_responses_review",
        "post",
        TEAM,
        effect=writes(
            "surveys.SurveyResponse",
            audit="greencert.survey_response.excluded",
            check=lambda: (
                SurveyResponse.objects.filter(status="excluded", reason="测试").count() == 1
            ),
        ),
    ),
    Case("survey_import", "get", TEAM),
    Case("survey_template", "get", TEAM),
]


@pytest.fixture
def things(world):
    survey = open_survey(world)
    post(Client(), survey, answers(every=5, ticket_value=ticket(survey)))  # flagged
    drained()
    return {"survey": survey, "response": survey.responses.get()}


def _request(client, case, world, things, *, allowed: bool):
    survey, response = things["survey"], things["response"]
    if case.args == "closed_survey":  # only a closed survey is accepted
        services.change_survey_state(actor=world.pm, survey=survey, to=Survey.State.CLOSED)
    args = {
        "closed_survey": (survey.pk,),
        "survey": (survey.pk,),
        "project": (world.project.pk,),
        "response": (survey.pk, response.pk),
    }[case.args]
    url = reverse(case.name, args=args)
    if case.method == "get":
        return get_reading_only(client, url)
    data = {
        "survey_create": {
            "site": world.site.pk,
            "opens_on": datetime.date.today().isoformat(),
            "closes_on": (datetime.date.today() + datetime.timedelta(days=5)).isoformat(),
            "max_responses": "",
        },
        "survey_state": {"to": "closed"},
        "survey_response_review": {
            f"r{response.pk}-decision": "exclude",
            f"r{response.pk}-reason": "测试",
        },
        "survey_responses_review": {
            "bulk-responses": [response.pk],
            "bulk-decision": "exclude",
            "bulk-reason": "测试",
        },
    }[case.name]
    return post_checked(client, url, data, allowed=allowed, effect=case.effect)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_who_may_open_what(case, persona, world, things, client):
    client.force_login(world.users()[persona])
    allowed = persona in case.allowed
    response = _request(client, case, world, things, allowed=allowed)
    assert_outcome(client, response, allowed=allowed, method=case.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_visitors_are_sent_to_log_in(case, world, things, client):
    response = _request(client, case, world, things, allowed=False)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["leader", "evaluator"])
def test_the_team_of_one_project_does_not_reach_another_projects_surveys(persona, world, client):
    other = open_survey(world)
    other.project = world.beta_project
    other.save()
    client.force_login(world.users()[persona])
    for name in ("survey_detail", "survey_review", "survey_poster"):
        assert client.get(reverse(name, args=(other.pk,))).status_code == 404
    assert client.get(reverse("survey_list", args=(world.beta_project.pk,))).status_code == 404


def test_the_public_pages_need_no_login(client, things):
    survey = things["survey"]
    assert get_reading_only(client, answer_url(survey)).status_code == 200
    assert (
        get_reading_only(client, reverse("survey_thanks", args=(survey.token,))).status_code == 200
    )


def test_the_benchmark_url_is_not_part_of_the_product(client, world):
    assert client.post("/_bench/insert").status_code == 404
