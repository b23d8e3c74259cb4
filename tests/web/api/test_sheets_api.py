"""Evaluations and the maturity sheet through the API: the pages' rules (each refusal naming
its part of the body), decimal figures as strings, and optimistic locking by ETag/If-Match —
428 without it, 412 when stale, nothing stored either way, and of two writers holding the
same tag only one wins."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from greencert.web.api.routers import evaluations as router
from greencert.web.audit.models import AuditEntry
from greencert.web.projects.models import ClauseRating, Evaluation, ItemRating, Project
from greencert.web.projects.services.states import move_project
from greencert.web.surveys.models import Survey, SurveyResponse
from tests.web.api.support import call, planned_project, token_for
from tests.web.matrix import writes_in
from tests.web.sheet_helpers import CLAUSES, ITEMS, add_evaluation

# A complete sheet: α 0.85 everywhere but item 1.2, given as Likert level 4 (α 0.8, §5.1.1 2).
ALPHAS = {item: "0.85" for item in ITEMS if item != "1.2"}
SHEET = {"evaluator": "赵测评", "date": "2026-05-21", "alpha": ALPHAS, "likert": {"1.2": 4}}


@pytest.fixture
def project(world) -> Project:
    return planned_project(world)


@pytest.fixture
def leader(world) -> str:
    return token_for(world.leader)


def _url(project, *rest) -> str:
    return "/".join([f"/projects/{project.pk}", *map(str, rest)])


def _fields(response) -> list[tuple[str, str | None]]:
    assert response.status_code == 422, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


# --- Reading and adding ---------------------------------------------------------------


def test_an_evaluation_is_added_and_read_back_with_figures_as_strings(world, project, leader):
    added = call("POST", _url(project, "evaluations"), leader, {**SHEET, "site": world.site.pk})
    assert added.status_code == 201, added.content[:500]
    body = added.json()
    assert body["code"] == "E1"  # the next free id, as on the page
    assert body["alpha"]["1.1"] == "0.85" and "1.2" not in body["alpha"]
    assert body["likert"] == {"1.2": 4}
    assert (body["date"], body["site"], body["source"]) == ("2026-05-21", world.site.pk, "auditor")
    stored = Evaluation.objects.get(pk=body["id"])
    rows = {r.item_id: (r.alpha, r.likert) for r in stored.ratings.all()}
    assert rows["1.1"] == (Decimal("0.85"), None) and rows["1.2"] == (None, 4)
    assert len(rows) == 19
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry.action == "greencert.evaluation.created"
    assert entry.after["via_token"].startswith(f"gct_{leader[4:12]}")

    read = call("GET", _url(project, "evaluations", stored.pk), leader)
    assert read.json() == body
    assert read["ETag"] == added["ETag"] and read["ETag"].startswith('"')  # strong
    listed = call("GET", _url(project, "evaluations"), token_for(world.pm)).json()
    assert [e["code"] for e in listed["results"]] == ["E1"]


def test_an_idempotency_key_adds_the_evaluation_once(project, leader):
    key = {"HTTP_IDEMPOTENCY_KEY": "sheet-7"}
    first = call("POST", _url(project, "evaluations"), leader, SHEET, **key)
    again = call("POST", _url(project, "evaluations"), leader, SHEET, **key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["ETag"] == first["ETag"]
    assert again["Idempotent-Replayed"] == "true"
    assert project.assessment.evaluations.count() == 1


def test_each_refusal_names_its_part_of_the_body(world, project, leader):
    bad = {
        **SHEET,
        "alpha": {**ALPHAS, "3.2": "1.2", "9.9": "0.5"},
        "likert": {"1.2": 6},
        "notes": {"8.8": "?"},
    }
    fields = _fields(call("POST", _url(project, "evaluations"), leader, bad))
    assert ("body.alpha.3.2", "alpha.outside") in fields
    assert ("body.alpha.9.9", "rating.not_item") in fields
    assert ("body.likert.1.2", "likert.not_level") in fields
    assert ("body.notes.8.8", "rating.not_item") in fields

    unrated = {**SHEET, "alpha": {"1.1": "0.5"}, "likert": {}}
    assert _fields(call("POST", _url(project, "evaluations"), leader, unrated)) == [
        ("body.alpha", "evaluation.unrated")
    ]
    twice = {**SHEET, "likert": {"1.2": 4, "1.1": 5}}
    assert ("body.likert.1.1", "rating.twice") in _fields(
        call("POST", _url(project, "evaluations"), leader, twice)
    )
    # Another organisation's site, a date after today, a note too long: the service's rules.
    beta_site = {**SHEET, "site": world.beta_project.sites.get().pk}
    assert [
        f for f, _ in _fields(call("POST", _url(project, "evaluations"), leader, beta_site))
    ] == ["body.site"]
    later = {**SHEET, "date": "2099-01-01"}
    assert [f for f, _ in _fields(call("POST", _url(project, "evaluations"), leader, later))] == [
        "body.date"
    ]
    long_note = {**SHEET, "notes": {"2.1": "长" * 20_000}}
    assert [
        f for f, _ in _fields(call("POST", _url(project, "evaluations"), leader, long_note))
    ] == ["body.notes.2.1"]
    self_source = {**SHEET, "source": "self"}  # never in a certification body's assessment
    assert _fields(call("POST", _url(project, "evaluations"), leader, self_source)) == [
        ("body", None)
    ]
    assert not Evaluation.objects.exists()


def test_a_used_id_is_refused(project, leader):
    assert (
        call("POST", _url(project, "evaluations"), leader, {**SHEET, "code": "E5"}).status_code
        == 201
    )
    again = call("POST", _url(project, "evaluations"), leader, {**SHEET, "code": "E5"})
    assert _fields(again) == [("body", None)]
    assert "E5" in again.json()["errors"][0]["detail"]


def test_a_read_only_token_may_not_add_or_change(world, project):
    evaluation = add_evaluation(project.assessment, world.leader)
    token = token_for(world.leader, writes=False)
    assert call("POST", _url(project, "evaluations"), token, SHEET).status_code == 403
    tag = call("GET", _url(project, "evaluations", evaluation.pk), token)["ETag"]
    put = call("PUT", _url(project, "evaluations", evaluation.pk), token, SHEET, HTTP_IF_MATCH=tag)
    assert put.status_code == 403
    assert Evaluation.objects.get().version == 0


def test_a_closed_project_keeps_its_sheets(world, project, leader):
    evaluation = add_evaluation(project.assessment, world.leader)
    tag = call("GET", _url(project, "evaluations", evaluation.pk), leader)["ETag"]
    move_project(actor=world.pm, project=project, to=Project.State.CANCELLED, reason="改期")
    for method, path, body in [
        ("POST", _url(project, "evaluations"), SHEET),
        ("PUT", _url(project, "evaluations", evaluation.pk), SHEET),
        ("DELETE", _url(project, "evaluations", evaluation.pk), None),
    ]:
        response = call(method, path, leader, body, HTTP_IF_MATCH=tag)
        assert response.status_code == 409, (method, response.content[:300])
        assert response["Content-Type"] == "application/problem+json"
    assert Evaluation.objects.get().version == 0


# --- Optimistic locking: evaluations ----------------------------------------------------


def _halves() -> int:
    return ItemRating.objects.filter(alpha=Decimal("0.5")).count()


def test_a_change_without_if_match_is_428_and_stores_nothing(world, project, leader):
    evaluation = add_evaluation(project.assessment, world.leader)
    half = {**SHEET, "alpha": dict.fromkeys(ITEMS, "0.5"), "likert": {}}
    for method, body in (("PUT", half), ("DELETE", None)):
        response = call(method, _url(project, "evaluations", evaluation.pk), leader, body)
        assert response.status_code == 428, method
        assert response.json()["errors"][0]["field"] == "header.If-Match"
    evaluation.refresh_from_db()
    assert evaluation.version == 0 and _halves() == 0


def test_a_stale_tag_is_412_and_a_fresh_one_saves(world, project, leader):
    evaluation = add_evaluation(project.assessment, world.leader)
    url = _url(project, "evaluations", evaluation.pk)
    tag = call("GET", url, leader)["ETag"]
    half = {**SHEET, "alpha": dict.fromkeys(ITEMS, "0.5"), "likert": {}, "code": "E1"}
    saved = call("PUT", url, leader, half, HTTP_IF_MATCH=tag)
    assert saved.status_code == 200, saved.content[:500]
    assert saved["ETag"] != tag and saved.json()["version"] == 1
    assert saved.json()["alpha"]["7.1"] == "0.50"
    assert _halves() == 19
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry.action == "greencert.evaluation.changed"

    stale = call("PUT", url, leader, {**SHEET, "code": "E1"}, HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert stale.json()["title"] == "前提条件不成立"  # in the reader's language, Chinese first
    assert call("DELETE", url, leader, HTTP_IF_MATCH=tag).status_code == 412
    weak = call("DELETE", url, leader, HTTP_IF_MATCH=f"W/{saved['ETag']}")
    assert weak.status_code == 412  # If-Match compares strongly
    assert _halves() == 19 and Evaluation.objects.get().version == 1
    # One of several tags matching is enough; then the sheet is gone.
    either = f'"something-else", {saved["ETag"]}'
    assert call("DELETE", url, leader, HTTP_IF_MATCH=either).status_code == 204
    assert not Evaluation.objects.exists()
    assert AuditEntry.objects.order_by("-sequence").first().action == "greencert.evaluation.deleted"


def test_two_writers_with_the_same_tag_one_wins(world, project, leader):
    """Both pass the If-Match check; the second's save meets the first's new version in the
    service's own guarded update, and is refused with 412."""
    evaluation = add_evaluation(project.assessment, world.leader)
    url = _url(project, "evaluations", evaluation.pk)
    evaluator = token_for(world.evaluator)
    tag = call("GET", url, leader)["ETag"]
    first = {**SHEET, "alpha": dict.fromkeys(ITEMS, "0.3"), "likert": {}, "code": "E1"}
    second = {**SHEET, "alpha": dict.fromkeys(ITEMS, "0.7"), "likert": {}, "code": "E1"}
    real_save = router.save_evaluation
    answers = []

    def first_writer_saves_meanwhile(**kwargs):
        if not answers:  # the second writer, past its If-Match check: the first saves now
            answers.append(None)
            answers[0] = call("PUT", url, leader, first, HTTP_IF_MATCH=tag)
        return real_save(**kwargs)

    router.save_evaluation = first_writer_saves_meanwhile
    try:
        lost = call("PUT", url, evaluator, second, HTTP_IF_MATCH=tag)
    finally:
        router.save_evaluation = real_save
    assert answers[0].status_code == 200
    assert lost.status_code == 412, lost.content[:300]
    stored = Evaluation.objects.get()
    assert stored.version == 1
    assert {str(r.alpha) for r in stored.ratings.all()} == {"0.30"}


def test_a_survey_response_is_never_rewritten(world, project, leader):
    evaluation = add_evaluation(project.assessment, world.leader, source="customer")
    day = datetime.date(2026, 5, 20)
    survey = Survey.objects.create(
        project=project, site=world.site, opens_on=day, closes_on=day, created_by=world.pm
    )
    SurveyResponse.objects.create(
        survey=survey,
        evaluation=evaluation,
        channel=SurveyResponse.Channel.OFFLINE,
        submission="p1",
    )
    url = _url(project, "evaluations", evaluation.pk)
    read = call("GET", url, leader)
    assert read.json()["survey_response"] is True
    response = call("DELETE", url, leader, HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 409
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()


# --- The maturity sheet -------------------------------------------------------------------


def test_the_maturity_sheet_is_read_and_saved_with_its_tag(world, project, leader):
    url = _url(project, "maturity")
    read = call("GET", url, token_for(world.reviewer))
    assert read.status_code == 200
    assert list(read.json()["clauses"]) == CLAUSES  # the 21 clauses, in order
    assert read.json()["clauses"]["4.1"] == {"level": None, "note": ""}
    tag = read["ETag"]
    body = {"clauses": {"4.1": {"level": 3, "note": "查阅记录"}, "7.2": {"level": 5}}}
    assert call("PUT", url, leader, body).status_code == 428
    saved = call("PUT", url, leader, body, HTTP_IF_MATCH=tag)
    assert saved.status_code == 200, saved.content[:500]
    assert saved.json()["clauses"]["4.1"] == {"level": 3, "note": "查阅记录"}
    assert saved["ETag"] != tag
    stored = ClauseRating.objects.filter(assessment=project.assessment)
    assert sorted(stored.values_list("clause_id", "level")) == [("4.1", 3), ("7.2", 5)]
    assert AuditEntry.objects.order_by("-sequence").first().action == "greencert.maturity.changed"
    # The first tag is stale now: refused, nothing stored.
    stale = call("PUT", url, leader, {"clauses": {"4.1": {"level": 1}}}, HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert sorted(stored.values_list("clause_id", "level")) == [("4.1", 3), ("7.2", 5)]


def test_a_maturity_refusal_names_the_clause(project, leader):
    url = _url(project, "maturity")
    tag = call("GET", url, leader)["ETag"]
    body = {"clauses": {"4.1": {"level": 6}, "9.9": {"level": 2}, "1.1": {"note": "长" * 20_000}}}
    fields = _fields(call("PUT", url, leader, body, HTTP_IF_MATCH=tag))
    assert ("body.clauses.4.1.level", "maturity.not_level") in fields
    assert ("body.clauses.9.9.level", "maturity.not_clause") in fields
    assert ("body.clauses.1.1.note", None) in fields
    assert not ClauseRating.objects.exists()
    assert call("GET", url, leader)["ETag"] == tag  # the version did not move


def test_two_maturity_writers_with_the_same_tag_one_wins(world, project, leader):
    url = _url(project, "maturity")
    tag = call("GET", url, leader)["ETag"]
    real_save = router.save_maturity
    answers = []

    def first_writer_saves_meanwhile(**kwargs):
        if not answers:
            answers.append(None)
            body = {"clauses": {"4.1": {"level": 2}}}
            answers[0] = call("PUT", url, leader, body, HTTP_IF_MATCH=tag)
        return real_save(**kwargs)

    router.save_maturity = first_writer_saves_meanwhile
    try:
        lost = call(
            "PUT",
            url,
            token_for(world.admin),
            {"clauses": {"4.1": {"level": 5}}},
            HTTP_IF_MATCH=tag,
        )
    finally:
        router.save_maturity = real_save
    assert answers[0].status_code == 200 and lost.status_code == 412
    assert list(ClauseRating.objects.values_list("level", flat=True)) == [2]


# --- Reading writes nothing but the token's last use ---------------------------------------


def test_reading_writes_nothing_but_the_tokens_last_use(world, project, leader):
    """The token's last use is marked at most once a minute (the account page shows it): that
    is the only write a GET makes, and only the first in the minute makes it."""
    evaluation = add_evaluation(project.assessment, world.leader)
    paths = [
        _url(project, "evaluations"),
        _url(project, "evaluations", evaluation.pk),
        _url(project, "maturity"),
        f"/organisations/{world.alpha.pk}/sites",
        f"/organisations/{world.alpha.pk}/services",
        f"/organisations/{world.alpha.pk}/contacts",
    ]
    written = []
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            assert call("GET", path, leader).status_code == 200, path
        written += writes_in([q["sql"] for q in captured.captured_queries])
    assert len(written) == 1 and "last_used_at" in written[0], written
    assert "accounts_accesstoken" in written[0]


def test_the_schema_declares_the_tags_and_the_preconditions(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    one = paths["/api/v1/projects/{project_id}/evaluations/{evaluation_id}"]
    sheet = paths["/api/v1/projects/{project_id}/maturity"]
    for operation in (one["get"], one["put"], sheet["get"], sheet["put"]):
        assert operation["responses"]["200"]["headers"]["ETag"]["required"] is True
    created = paths["/api/v1/projects/{project_id}/evaluations"]["post"]
    assert "ETag" in created["responses"]["201"]["headers"]
    for operation in (one["put"], one["delete"], sheet["put"]):
        assert {"412", "428"} <= set(operation["responses"])
        [header] = [p for p in operation["parameters"] if p["in"] == "header"]
        assert header["name"] == "If-Match"
