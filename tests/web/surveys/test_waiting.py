"""Answers waiting to become responses: pages count them and change nothing; the
``drain_surveys`` command and the staff actions on a survey turn them into responses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greencert.web.surveys.models import Submission
from tests.web.projects_support import english, text

from .support import answers, drained, open_survey, post, ticket

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def admin(client, world):
    """Administrators see every survey page: the manager's and the team's."""
    c = english(client)
    c.force_login(world.admin)
    return c


@pytest.fixture
def waiting_survey(world):
    survey = open_survey(world)
    for ip in ("10.3.1.1", "10.3.2.1"):
        post(Client(), survey, answers(ticket_value=ticket(survey)), ip=ip)
    return survey


@pytest.mark.parametrize(
    "name, args",
    [
        ("survey_list", "project"),
        ("survey_detail", "survey"),
        ("survey_review", "survey"),
        ("survey_import", "survey"),
        ("survey_poster", "survey"),
        ("survey_template", "survey"),
    ],
)
def test_a_survey_page_with_waiting_answers_writes_nothing(
    admin, world, waiting_survey, name, args
):
    key = world.project.pk if args == "project" else waiting_survey.pk
    with CaptureQueriesContext(connection) as queries:
        assert admin.get(reverse(name, args=(key,))).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]
    assert writes == []
    assert Submission.objects.filter(drained=False).count() == 2
    assert not waiting_survey.responses.exists()


@pytest.mark.parametrize("name", ["survey_list", "survey_detail", "survey_review"])
def test_the_survey_pages_say_how_many_answers_are_waiting(admin, world, waiting_survey, name):
    key = world.project.pk if name == "survey_list" else waiting_survey.pk
    assert "2 answers waiting" in text(admin.get(reverse(name, args=(key,))))
    drained()
    assert "answers waiting" not in text(admin.get(reverse(name, args=(key,))))


def test_the_command_turns_waiting_answers_into_responses_and_says_how_many(waiting_survey):
    assert drained() == "2 survey answer(s) turned into responses\n"
    assert waiting_survey.responses.count() == 2
    assert not Submission.objects.filter(drained=False).exists()
    assert drained() == "0 survey answer(s) turned into responses\n"


def test_closing_a_survey_first_turns_its_waiting_answers_into_responses(admin, waiting_survey):
    admin.post(reverse("survey_state", args=(waiting_survey.pk,)), {"to": "closed"})
    assert waiting_survey.responses.count() == 2
    assert not Submission.objects.filter(drained=False).exists()
