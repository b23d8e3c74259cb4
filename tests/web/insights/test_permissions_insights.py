"""Who may open the insights: the body's page, its workbook and an organisation's cycles go to
administrators, project managers, technical reviewers and decision makers; auditors (whose own
calibration is on them) and clients get 404, and an anonymous visitor is sent to log in.
A project's benchmark goes to whoever may see the project: a client only its own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.insights.body import build
from tests.web.matrix import PERSONAS, assert_outcome, get_reading_only

OVERSEERS = {"admin", "pm", "reviewer", "decider"}
SEE_THE_PROJECT = OVERSEERS | {"leader", "evaluator", "client"}

CASES = [
    ("insights", lambda w: (), OVERSEERS),
    ("insights_export", lambda w: (), OVERSEERS),
    ("insights_organisation", lambda w: (w.alpha.pk,), OVERSEERS),
    ("project_benchmark", lambda w: (w.project.pk,), SEE_THE_PROJECT),
]


@pytest.fixture
def body(world):
    return build(world)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_who_sees_the_insights(case, persona, body, client):
    name, args, allowed_personas = case
    client.force_login(body.users()[persona])
    response = get_reading_only(client, reverse(name, args=args(body)))
    assert_outcome(client, response, allowed=persona in allowed_personas, method="get")


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0])
def test_anonymous_visitors_are_sent_to_log_in(case, body, client):
    name, args, _allowed = case
    response = client.get(reverse(name, args=args(body)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_another_clients_project_and_an_unknown_organisation_are_not_found(body, client):
    client.force_login(body.beta_client)
    assert client.get(reverse("project_benchmark", args=[body.project.pk])).status_code == 404
    client.force_login(body.admin)
    assert client.get(reverse("insights_organisation", args=[999999])).status_code == 404
