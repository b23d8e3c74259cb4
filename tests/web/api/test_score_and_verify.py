"""``POST /api/v1/score`` is ``greencert score --json``; ``GET /api/v1/verify/{number}`` gives
the public verification page's facts, behind the same rate limit."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest
from django.test import Client

from tests.web.api.support import call, token_for
from tests.web.certification.certificate_support import clear_rate_limit, issue

EXAMPLE = resources.files("greencert") / "examples" / "assessment.json"


def cli_json(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "greencert", "score", "example", "--json", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def post_text(token: str, text: str, query: str = ""):
    """The body as typed: the contract's numbers must reach the core as written."""
    return Client().post(
        f"/api/v1/score{query}",
        text,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_bundled_example_scores_exactly_as_the_command_line(world, lang):
    token = token_for(world.client, writes=False)  # scoring reads nothing: a read token will do
    response = post_text(token, EXAMPLE.read_text(encoding="utf-8"), f"?lang={lang}")
    assert response.status_code == 200, response.content[:500]
    assert response.json() == cli_json("--lang", lang)
    assert response.json()["grade"] is not None  # the example reaches a grade


def test_a_bad_rating_is_refused_naming_the_evaluation_and_item(world):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["evaluations"][0]["alpha"]["3.2"] = 1.2
    response = post_text(token_for(world.pm), json.dumps(data))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422
    [error] = problem["errors"]
    assert error["code"] == "alpha.outside"
    assert error["field"] == "3.2"
    assert "E1" in error["detail"] and "3.2" in error["detail"] and "1.2" in error["detail"]


def test_a_key_given_twice_is_named(world):
    response = post_text(token_for(world.pm), '{"evaluations": [], "evaluations": []}')
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["code"], error["field"]) == ("json.key_twice", "evaluations")


def test_broken_json_names_the_line(world):
    response = post_text(token_for(world.pm), '{"evaluations": [}')
    [error] = response.json()["errors"]
    assert error["code"] == "json.invalid"
    assert "1" in error["detail"]  # line 1


@pytest.fixture
def certificate(world):
    clear_rate_limit()
    return issue(world)


def test_verify_gives_the_public_facts_of_the_page(certificate):
    response = call("GET", f"/verify/{certificate.number}")
    assert response.status_code == 200
    facts = response.json()
    assert facts["number"] == certificate.number
    assert facts["organisation"] == "绿源服务有限公司"
    assert facts["grade"] == "AAAA"
    assert (facts["granted_on"], facts["expires_on"]) == ("2026-06-01", "2029-05-31")
    assert facts["sites"][0]["name"] == "红谷滩服务中心"
    assert facts["status"] == "valid"
    # The page's public fields, and no more: never the project, people or the address.
    assert set(facts) == {
        "number",
        "display_number",
        "organisation",
        "scope",
        "sites",
        "scheme",
        "grade",
        "granted_on",
        "expires_on",
        "issuer",
        "status",
        "status_label",
    }
    assert certificate.project.code not in response.content.decode()


def test_an_unknown_number_is_404_as_a_problem(certificate):
    response = call("GET", "/verify/TB-GPS-1999-9999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_verify_counts_in_the_pages_rate_limit(certificate, settings):
    settings.VERIFY_RATE_PER_MINUTE = 2
    http = Client()
    pages = [http.get(f"/verify/{certificate.number}").status_code for _ in range(2)]
    assert pages == [200, 200]
    refused = None
    for _ in range(4):  # a few more in case the minute's window just turned
        response = call("GET", f"/verify/{certificate.number}")
        if response.status_code == 429:
            refused = response
            break
    assert refused is not None, "the API's look-ups are not counted with the page's"
    assert refused["Retry-After"] == "60"
    assert refused["Content-Type"] == "application/problem+json"
    # Another address is not affected.
    other = call("GET", f"/verify/{certificate.number}", REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 200
