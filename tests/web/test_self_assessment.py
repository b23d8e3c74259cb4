"""The client's self-assessment: the same sheets, its own assessment, never official."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from greencert.web.projects.models import Assessment, ClauseRating, Evaluation
from greencert.web.projects.scoring import score
from tests.web.sheet_helpers import add_evaluation, browser, maturity, sheet

UNOFFICIAL = "a prediction, not a certification result"


def test_the_overview_is_marked_unofficial(world, client):
    page = browser(client, world.client).get(reverse("self_assessment")).content.decode()
    assert 'class="card unofficial' in page
    assert ">Unofficial<" in page
    assert UNOFFICIAL in page
    assert "never mixes with the certification body's evaluations" in page
    assert "Predicted result (unofficial)" in page
    assert world.alpha.name in page


def test_the_sheets_are_marked_unofficial_too(world, client):
    c = browser(client, world.client)
    for name in ("self_evaluation_create", "self_maturity_edit"):
        page = c.get(reverse(name)).content.decode()
        assert 'class="card unofficial' in page
        assert UNOFFICIAL in page
        assert 'name="source"' not in page  # always "self": nothing to choose


def test_a_self_evaluation_never_changes_the_project_result(world, client):
    add_evaluation(world.project.assessment, world.leader, alpha={"1.2": "1.0"})  # 90.70
    before = score(world.project.assessment).service
    assert (str(before.score), before.n) == ("90.7", 1)

    c = browser(client, world.client)
    # A client posting "auditor" as the source is ignored: a self-assessment sheet is "self".
    response = c.post(reverse("self_evaluation_create"), sheet(every="0.5", source="auditor"))
    assert response.status_code == 302
    own = Evaluation.objects.get(assessment__kind=Assessment.Kind.SELF)
    assert response["Location"] == reverse("self_evaluation_edit", args=(own.pk,))
    assert own.source == "self"
    assert own.assessment.organisation == world.alpha
    assert own.assessment.project is None

    after = score(world.project.assessment).service
    assert (str(after.score), after.n) == ("90.7", 1)  # unchanged
    project_page = browser(Client(), world.pm).get(
        reverse("project_detail", args=(world.project.pk,))
    )
    assert "90.7" in project_page.content.decode()

    # The self-assessment has its own figures: 0.5 × 100 = 50.00, service score 50.0.
    page = c.get(response["Location"]).content.decode()
    assert "data-running-total>50.00<" in page
    assert "data-live-score>50.0<" in page
    assert "Predicted result with this sheet (unofficial)" in page
    overview = c.get(reverse("self_assessment")).content.decode()
    assert "data-service-score>50.0<" in overview
    assert f'href="{reverse("self_evaluation_edit", args=(own.pk,))}"' in overview


def test_the_overview_predicts_the_grade_and_the_gap_to_the_next(world, client):
    c = browser(client, world.client)
    c.post(reverse("self_evaluation_create"), sheet(every="1.0"))  # 100.00
    assert c.post(reverse("self_maturity_edit"), maturity(every=3)).status_code == 302
    assert ClauseRating.objects.filter(assessment__kind=Assessment.Kind.SELF).count() == 21
    page = c.get(reverse("self_assessment")).content.decode()
    # Service 100.0; maturity 13 × 3 + 8 × 6 = 87 → 三级 [70, 95); conformity passes (all
    # clauses rated, no nonconformity). AAAAA needs 四级 → AAAA. Next: AAAAA needs the
    # total to reach 95 (the lower bound of 四级), 8 more points.
    assert "data-predicted-grade>AAAA<" in page
    assert "data-service-score>100.0<" in page
    assert "What AAAAA would still need:" in page
    assert "Maturity total from 87 to 95" in page
    assert "The service score already reaches it." in page
    # The core says the prediction counts the self-evaluations, which no official score does.
    assert "Self-prediction: the self-evaluations are scored by the same method" in page
    # The project's result is untouched by all this.
    assert score(world.project.assessment).service is None
    assert world.project.assessment.clause_ratings.count() == 0


def test_each_organisation_has_its_own_self_assessment(world, client):
    browser(client, world.client).post(reverse("self_evaluation_create"), sheet(every="0.5"))
    own = Evaluation.objects.get()
    other = browser(Client(), world.beta_client)
    page = other.get(reverse("self_assessment")).content.decode()
    assert world.beta.name in page
    assert "No evaluation yet." in page
    assert other.get(reverse("self_evaluation_edit", args=(own.pk,))).status_code == 404


def test_staff_cannot_open_a_self_assessment(world, client):
    browser(client, world.client).post(reverse("self_evaluation_create"), sheet(every="0.5"))
    own = Evaluation.objects.get()
    for user in (world.admin, world.leader, world.pm):
        c = browser(client, user)
        assert c.get(reverse("self_assessment")).status_code == 404
        assert c.get(reverse("self_evaluation_edit", args=(own.pk,))).status_code == 404
    # Nor does a self evaluation open through a project's URL.
    url = reverse("evaluation_edit", args=(world.project.pk, own.pk))
    assert browser(client, world.admin).get(url).status_code == 404


def test_a_client_edits_and_deletes_their_own_evaluation(world, client):
    c = browser(client, world.client)
    c.post(reverse("self_evaluation_create"), sheet(every="0.5"))
    own = Evaluation.objects.get()
    url = reverse("self_evaluation_edit", args=(own.pk,))
    response = c.post(url, sheet(every="0.6", code=own.code, version="0"))
    assert response.status_code == 302
    assert "data-running-total>60.00<" in c.get(url).content.decode()  # 0.6 × 100
    delete = reverse("self_evaluation_delete", args=(own.pk,))
    response = c.post(delete, {"version": "1"})
    assert response["Location"] == reverse("self_assessment")
    assert Evaluation.objects.count() == 0


def test_a_self_evaluation_rejects_bad_input_like_the_official_one(world, client):
    c = browser(client, world.client)
    page = c.post(reverse("self_evaluation_create"), sheet(alpha={"6.1": "2"})).content.decode()
    assert "Item 6.1: α 2 is outside [0, 1]" in page
    assert Evaluation.objects.count() == 0
