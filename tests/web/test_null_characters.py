"""The NUL character is refused wherever a request sends it: PostgreSQL text cannot hold it, so
it would be a 500 there (Schemathesis found one in the API's project search) and be stored on
SQLite.  Pages answer 400; the API a 422 naming the field, in the reader's language."""

from __future__ import annotations

import doctest

import pytest

from greencert.web import null_characters
from greencert.web.projects.models import Evaluation
from tests.web.api.support import call, planned_project, token_for
from tests.web.sheet_helpers import browser

pytestmark = pytest.mark.django_db


def test_the_module_examples_hold():
    assert doctest.testmod(null_characters).failed == 0


def test_a_page_refuses_a_nul_in_its_query_string(world, client):
    http = browser(client, world.pm)
    refused = http.get("/organisations/", {"q": "绿\x00"})
    assert refused.status_code == 400
    assert "<h1>Bad request</h1>" in refused.content.decode()
    shown = http.get("/organisations/", {"q": "绿"})
    assert shown.status_code == 200 and "绿源服务有限公司" in shown.content.decode()


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("en", "must not contain the NUL character (U+0000)"),
        ("zh-hans", "不能包含空字符（U+0000）"),
    ],
)
def test_the_api_names_the_query_parameter(world, lang, detail):
    refused = call(
        "GET", "/projects?q=%C2%B2%00%03", token_for(world.pm), HTTP_ACCEPT_LANGUAGE=lang
    )
    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert (error["field"], error["detail"]) == ("query.q", detail)
    assert call("GET", "/projects?q=%C2%B2", token_for(world.pm)).status_code == 200


def test_the_api_names_the_body_field_and_stores_nothing(world):
    project = planned_project(world)
    sheet = {"evaluator": "赵\x00", "date": "2026-05-21", "alpha": {"1.1": "0.85"}}
    refused = call("POST", f"/projects/{project.pk}/evaluations", token_for(world.leader), sheet)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["body.evaluator"]
    nested = {**sheet, "evaluator": "赵", "notes": {"1.1": "见\x00"}}
    refused = call("POST", f"/projects/{project.pk}/evaluations", token_for(world.leader), nested)
    assert [e["field"] for e in refused.json()["errors"]] == ["body.notes.1.1"]
    assert not Evaluation.objects.filter(assessment__project=project).exists()
