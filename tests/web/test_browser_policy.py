"""The browser policy under production settings: every kind of page carries the security headers.

The production values are read from the product's settings module itself, imported
in a fresh interpreter with ``GREENCERT_PRODUCTION=1`` (as ``greencert serve`` runs),
and applied to this test run; the policy the pages send is compared with the one
production builds.  Requests are made over HTTPS, as production's redirect demands.
"""

from __future__ import annotations

import json
import logging
import re
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.urls import reverse

from greencert.web.downloads import FILE_POLICY
from tests.web.certification.certificate_support import clear_rate_limit, issue
from tests.web.surveys.support import answer_url, open_survey
from tests.web.test_settings import run_settings

# What depends on GREENCERT_PRODUCTION in greencert.web.settings, and the policies.
PRODUCTION_SETTINGS = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "PERMISSIONS_POLICY",
)
READ_PRODUCTION = f"""
import json, django
django.setup()
from django.conf import settings
from csp.utils import build_policy
values = {{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}
values["csp"] = build_policy()
print(json.dumps(values))
"""
NONCE = re.compile(r" 'nonce-[A-Za-z0-9+/=]+'")


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    out = run_settings(
        {
            "GREENCERT_PRODUCTION": "1",
            "SECRET_KEY": "a-production-key-" + "p" * 40,
            "ALLOWED_HOSTS": "testserver",
            "GREENCERT_DATA_DIR": str(tmp_path_factory.mktemp("production")),
            "DJANGO_SETTINGS_MODULE": "greencert.web.settings",
        },
        READ_PRODUCTION,
    )
    assert out.returncode == 0, out.stderr
    values = json.loads(out.stdout)
    # Production is what this test is about: make sure it is not the development defaults.
    assert values["DEBUG"] is False and values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    return values


@pytest.fixture
def https(production, client):
    settings = {name: production[name] for name in PRODUCTION_SETTINGS}
    clear_rate_limit()
    with override_settings(**settings):
        yield HttpsClient(client)


class HttpsClient:
    """The test client, every request over HTTPS."""

    def __init__(self, client):
        self.client = client
        self.force_login = client.force_login

    def get(self, url, **extra):
        return self.client.get(url, secure=True, **extra)

    def post(self, url, data=None, **extra):
        return self.client.post(url, data, secure=True, **extra)


def directives(policy: str) -> dict[str, list[str]]:
    """
    >>> directives("default-src 'self'; img-src 'self' data:")
    {'default-src': ["'self'"], 'img-src': ["'self'", 'data:']}
    """
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: values for name, *values in parts}


def assert_safe_headers(response, production) -> dict[str, list[str]]:
    """The headers every response must carry in production; returns the CSP's directives."""
    h = response.headers
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Cross-Origin-Opener-Policy"] == "same-origin"
    assert h["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in h["Permissions-Policy"].split(", "), feature
    assert "Content-Security-Policy-Report-Only" not in h  # enforced, not only reported
    policy = directives(h["Content-Security-Policy"])
    scripts = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert not any(v.startswith(("'nonce-", "'sha")) for v in scripts)  # no inline script at all
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    return policy


def assert_page_policy(response, production) -> dict[str, list[str]]:
    """A page (HTML) carries production's policy, the response's nonce aside."""
    assert response["Content-Type"].startswith("text/html")
    policy = assert_safe_headers(response, production)
    assert directives(NONCE.sub("", response["Content-Security-Policy"])) == directives(
        production["csp"]
    )
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["report-uri"] == [reverse("csp_report")]
    return policy


def test_production_redirects_plain_http_to_https(production, client):
    with override_settings(**{name: production[name] for name in PRODUCTION_SETTINGS}):
        response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("login")


def test_the_login_page_and_its_cookie(https, production):
    response = https.get(reverse("login"))
    assert response.status_code == 200
    policy = assert_page_policy(response, production)
    assert "nonce" not in response.content.decode()  # nothing inline needs one
    assert not any(v.startswith("'nonce-") for v in policy["style-src"])
    assert response.cookies["csrftoken"]["secure"]


def test_a_staff_page(https, production, world):
    https.force_login(world.pm)
    response = https.get(reverse("project_detail", args=(world.project.pk,)))
    assert response.status_code == 200
    assert_page_policy(response, production)
    assert "<script src=" in response.content.decode()  # htmx, from our own file
    assert '"allowEval": false' in response.content.decode()


def test_a_client_page(https, production, world):
    https.force_login(world.client)
    response = https.get(reverse("organisation_detail", args=(world.alpha.pk,)))
    assert response.status_code == 200
    assert_page_policy(response, production)


def test_the_survey_page_styles_itself_under_the_nonce(https, production, world):
    response = https.get(answer_url(open_survey(world)))
    assert response.status_code == 200
    policy = assert_page_policy(response, production)
    nonces = [v for v in policy["style-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    assert f'<style nonce="{nonces[0][7:-1]}">' in response.content.decode()
    # A second look gets a new nonce: a guessed or copied one is worth nothing.
    again = directives(https.get(answer_url(open_survey(world)))["Content-Security-Policy"])
    assert nonces != [v for v in again["style-src"] if v.startswith("'nonce-")]


def test_the_public_certificate_check(https, production, world):
    certificate = issue(world)
    response = https.get(reverse("verify", args=(certificate.number,)))
    assert response.status_code == 200
    assert certificate.number in response.content.decode()
    assert_page_policy(response, production)


@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("survey_poster", "application/pdf", "inline"),
        ("project_export", "application/vnd", "attach"),
    ],
)
def test_a_download_runs_and_loads_nothing(
    https, production, world, name, content_type, disposition
):
    https.force_login(world.pm)
    arg = open_survey(world).pk if name == "survey_poster" else world.project.pk
    response = https.get(reverse(name, args=(arg,)))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith(disposition)
    policy = assert_safe_headers(response, production)
    assert response["Content-Security-Policy"] == FILE_POLICY
    assert policy["default-src"] == ["'none'"]
    assert "script-src" not in policy  # so none: default-src 'none'


@pytest.mark.parametrize("who", ["beta_client", "auditor_off"])
def test_an_error_page(https, production, world, who):
    https.force_login(getattr(world, who))
    response = https.get(reverse("project_detail", args=(world.project.pk,)))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert_page_policy(response, production)


def test_the_refused_form_page(https, production, world):
    https.client.handler.enforce_csrf_checks = True
    https.force_login(world.pm)
    response = https.post(reverse("logout"), HTTP_REFERER="https://testserver/")
    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()
    assert_page_policy(response, production)


def report(**fields) -> bytes:
    return json.dumps({"csp-report": fields}).encode()


def test_a_reported_violation_is_logged_not_stored(client, caplog):
    """No database fixture here: pytest-django would fail the test on any query."""
    clear_rate_limit()
    url = reverse("csp_report")
    with caplog.at_level(logging.WARNING, logger="greencert.csp"):
        response = client.post(
            url,
            report(**{"document-uri": "https://x/projects/1/", "violated-directive": "script-src"}),
            content_type="application/csp-report",
        )
    assert response.status_code == 204
    assert "violated-directive=script-src" in caplog.text
    assert "document-uri=https://x/projects/1/" in caplog.text


def test_a_report_that_is_not_one_is_refused(client):
    clear_rate_limit()
    url = reverse("csp_report")
    assert client.get(url).status_code == 405
    assert client.post(url, b"not json", content_type="application/csp-report").status_code == 400
    big = report(**{"blocked-uri": "x" * 20_000})
    assert client.post(url, big, content_type="application/csp-report").status_code == 413


def test_a_flood_of_reports_is_dropped(client, caplog, monkeypatch):
    clear_rate_limit()
    # One rate-limit window for the whole flood, whatever the clock says.
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    url = reverse("csp_report")
    body = report(**{"violated-directive": "img-src"})
    with caplog.at_level(logging.WARNING, logger="greencert.csp"):
        codes = [
            client.post(url, body, content_type="application/csp-report").status_code
            for _ in range(40)
        ]
    assert set(codes) == {204}
    assert caplog.text.count("Content-Security-Policy refused") == 30
