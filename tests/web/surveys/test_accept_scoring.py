"""Customer responses count only once the survey is accepted; the score by source.

Figures worked out by hand (RULES.md §1: evaluation score = Σ weight × α;
a Likert level n alone is α = 0.2 × n; the service score is the mean,
rounded once, half-up, to 1 decimal):

* auditor E1, α 0.9 everywhere:               0.9 × 100 = 90.0
* customer A, level 4 everywhere but 7.1 = 5:  0.8 × 92 + 1.0 × 8 = 73.6 + 8 = 81.6
* customer B, level 3 everywhere but 1.1 = 5:  0.6 × 95 + 1.0 × 5 = 57 + 5 = 62.0
* customer C, level 1 everywhere (flagged):    0.2 × 100 = 20.0

before acceptance: 90.0 (n = 1);
after: (90 + 81.6 + 62.0) / 3 = 233.6 / 3 = 77.866… → 77.9; customers alone
(81.6 + 62.0) / 2 = 71.8; without customers 90.0;
C included as well: (233.6 + 20) / 4 = 63.4; customers (163.6) / 3 = 54.53… → 54.5.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from greencert.web.projects import scoring
from greencert.web.projects.by_source import service_by_source
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.models import Evaluation
from greencert.web.surveys import services
from greencert.web.surveys.models import Survey, SurveyResponse
from tests.web.projects_support import add_evaluation, english, row_for, text
from tests.web.sheet_helpers import ITEMS

from .support import answers, drained, open_survey, post, ticket

A = {item: 4 for item in ITEMS} | {"7.1": 5}
B = {item: 3 for item in ITEMS} | {"1.1": 5}


@pytest.fixture
def answered(world):
    add_evaluation(world, alpha="0.9", code="E1")
    survey = open_survey(world)
    for ip, levels in (("10.0.1.1", A), ("10.0.2.1", B), ("10.0.3.1", {})):
        data = answers(levels, every=1 if not levels else None, ticket_value=ticket(survey))
        assert post(Client(), survey, data, ip=ip).status_code == 303
    return survey


def service_score(world):
    return scoring.score(world.project.assessment).service.score


def scores(world) -> dict:
    result = scoring.score(world.project.assessment)
    results = service_by_source(result.service)
    return {k: (r.score, r.n) if r else None for k, r in results.items()}


def accept(world, survey):
    services.change_survey_state(actor=world.pm, survey=survey, to=Survey.State.CLOSED)
    return services.change_survey_state(actor=world.pm, survey=survey, to=Survey.State.ACCEPTED)


def customer_c():
    drained()
    return SurveyResponse.objects.get(same_answers=True)


def test_responses_count_only_after_acceptance(world, answered):
    assert service_score(world) == Decimal("90.0")
    assert scores(world)["customer"] is None
    assert customer_c().status == SurveyResponse.Status.HELD

    accept(world, answered)
    assert service_score(world) == Decimal("77.9")
    assert scores(world) == {
        "all": (Decimal("77.9"), 3),
        "without_customers": (Decimal("90.0"), 1),
        "auditor": (Decimal("90.0"), 1),
        "mystery_shopper": None,
        "customer": (Decimal("71.8"), 2),
    }
    counting = set(Evaluation.objects.filter(counts=True).values_list("code", flat=True))
    assert counting == {"E1", f"S{answered.pk}-1", f"S{answered.pk}-2"}  # C is held


def test_including_a_held_response_after_acceptance_counts_it_at_once(world, answered):
    accept(world, answered)
    services.review_response(
        actor=world.leader, response=customer_c(), include=True, reason="核实为真实顾客"
    )
    assert service_score(world) == Decimal("63.4")
    assert scores(world)["customer"] == (Decimal("54.5"), 3)
    services.review_response(
        actor=world.leader, response=customer_c(), include=False, reason="复核：重复提交"
    )
    assert service_score(world) == Decimal("77.9")


def test_the_project_page_shows_the_new_score_after_acceptance(client, world, answered):
    c = english(client)
    c.force_login(world.pm)
    detail = reverse("project_detail", args=(world.project.pk,))
    assert "data-service-score>90.0<" in c.get(detail).content.decode()
    survey_page = reverse("survey_detail", args=(answered.pk,))
    c.post(reverse("survey_state", args=(answered.pk,)), {"to": "closed"})
    # The button leads to the page that names the score before and after (90.0 → 77.9).
    accept_page = text(c.get(reverse("survey_accept", args=(answered.pk,))))
    assert "The project's service score goes from 90.0 to 77.9." in accept_page
    response = c.post(
        reverse("survey_state", args=(answered.pk,)),
        {"to": "accepted", "confirmed": "yes"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == survey_page
    assert "The survey is now “Accepted”." in text(response)
    assert "data-service-score>77.9<" in c.get(detail).content.decode()


def test_the_partial_shows_the_score_with_and_without_customers(world, answered):
    accept(world, answered)
    with translation.override("en"):
        html = Template("{% load surveys %}{% service_by_source assessment %}").render(
            Context({"assessment": world.project.assessment})
        )

    class Page:
        content = html.encode()

    # The second column counts the evaluations behind each score (it once said "Number").
    assert row_for(Page, "by-source", "Evaluations")[1:] == [
        "Number of evaluations",
        "Service score",
    ]
    assert row_for(Page, "by-source", "All evaluations that count")[1:] == ["3", "77.9"]
    assert row_for(Page, "by-source", "Without customer responses")[1:] == ["1", "90.0"]
    assert row_for(Page, "by-source", "Customer")[1:] == ["2", "71.8"]
    assert row_for(Page, "by-source", "Mystery shopper")[1:] == ["0", "—"]
    assert "1 customer response is held" in " ".join(html.split())


def test_a_survey_is_closed_before_it_is_accepted(world, answered, in_english):
    with pytest.raises(NotEditable, match=r"Close the survey before accepting it\."):
        services.change_survey_state(actor=world.pm, survey=answered, to=Survey.State.ACCEPTED)
    assert service_score(world) == Decimal("90.0")


def test_acceptance_is_all_or_nothing(world, answered, monkeypatch):
    services.change_survey_state(actor=world.pm, survey=answered, to=Survey.State.CLOSED)

    def broken(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(RuntimeError):
        services.change_survey_state(actor=world.pm, survey=answered, to=Survey.State.ACCEPTED)
    answered.refresh_from_db()
    assert answered.state == Survey.State.CLOSED
    assert not Evaluation.objects.filter(source="customer", counts=True).exists()


def test_acceptance_needs_the_project_sheets_open(world, answered, in_english):
    services.change_survey_state(actor=world.pm, survey=answered, to=Survey.State.CLOSED)
    world.project.state = "evaluation_complete"
    world.project.save()
    with pytest.raises(NotEditable, match="its sheets can no longer change"):
        services.change_survey_state(actor=world.pm, survey=answered, to=Survey.State.ACCEPTED)
    assert not Evaluation.objects.filter(source="customer", counts=True).exists()


# --- accepting only from its confirmation page ------------------------------------------


def test_the_accept_page_names_the_responses_and_the_score_before_and_after(
    client, world, answered
):
    c = english(client)
    c.force_login(world.pm)
    services.change_survey_state(actor=world.pm, survey=answered, to=Survey.State.CLOSED)
    drained()
    shown = text(c.get(reverse("survey_accept", args=(answered.pk,))))
    code = f"S{answered.pk}"
    assert (
        f"Survey {code} at 红谷滩服务中心 of project {world.project.code} will be accepted."
        in shown
    )
    # A and B are included; C (one answer for every item) is held for review.
    assert "Its 2 included responses will count at once as customer evaluations." in shown
    assert "The project's service score goes from 90.0 to 77.9." in shown
    assert "1 response awaiting review stays held; it counts once an auditor includes it." in shown
    assert "Cannot be undone" in shown
    assert Survey.objects.get(pk=answered.pk).state == Survey.State.CLOSED


def test_an_accept_posted_without_the_confirmation_changes_nothing(client, world, answered):
    from tests.web.fingerprint import changed_tables, fingerprint

    services.change_survey_state(actor=world.pm, survey=answered, to=Survey.State.CLOSED)
    drained()
    client.force_login(world.pm)
    before = fingerprint()
    response = client.post(reverse("survey_state", args=(answered.pk,)), {"to": "accepted"})
    assert response["Location"] == reverse("survey_accept", args=(answered.pk,))
    assert changed_tables(before, fingerprint()) == set()
    assert service_score(world) == Decimal("90.0")


def test_an_open_survey_has_no_accept_page(client, world, answered):
    client.force_login(world.pm)
    assert client.get(reverse("survey_accept", args=(answered.pk,))).status_code == 404
