"""The client address used for rate limits: the peer, or behind our proxy the address it appended;
a request without one (a proxy that drops it) is answered, counted under one shared key."""

import json

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from greencert.web import settings as product
from greencert.web.net import UNKNOWN_ADDRESS, client_ip, rate_limit_ip
from tests.web.conftest import PASSWORD
from tests.web.surveys.support import answer_url, answers, open_survey, ticket


def test_without_a_proxy_the_peer_is_the_client_and_forwarded_headers_are_ignored():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert client_ip(request) == "203.0.113.9"


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_right_most_forwarded_address_is_the_client():
    # The client claimed 1.2.3.4; our proxy appended what it saw, 198.51.100.7.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    assert client_ip(request) == "198.51.100.7"


class NoAddressClient(Client):
    """A test client whose requests carry no REMOTE_ADDR, as through a proxy that drops it."""

    def _base_environ(self, **request):
        environ = super()._base_environ(**request)
        environ.pop("REMOTE_ADDR", None)
        return environ


@pytest.fixture
def no_address():
    cache.clear()  # django-ratelimit counts in the cache
    yield NoAddressClient()
    cache.clear()


def test_the_client_without_an_address_really_sends_none(db):
    request = NoAddressClient().get("/healthz").wsgi_request
    assert "REMOTE_ADDR" not in request.META


def test_the_rate_key_of_a_missing_or_garbled_address_is_one_shared_unknown_key():
    assert rate_limit_ip(RequestFactory().get("/", REMOTE_ADDR="")) == UNKNOWN_ADDRESS
    assert rate_limit_ip(RequestFactory().get("/", REMOTE_ADDR="not-an-ip")) == UNKNOWN_ADDRESS
    assert rate_limit_ip(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")) == "203.0.113.9"


def test_verify_without_an_address_is_answered_and_counted_under_the_unknown_key(
    world, no_address, settings
):
    settings.VERIFY_RATE_PER_MINUTE = 2
    statuses = [no_address.get("/verify/TB-GPS-1999-9999").status_code for _ in range(3)]
    # Not found twice, then the shared bucket of unknown addresses is full.
    assert statuses == [404, 404, 429]
    # A client with an address has its own bucket.
    assert Client().get("/verify/TB-GPS-1999-9999").status_code == 404


def test_the_register_and_the_api_verify_without_an_address_are_answered(world, no_address):
    assert no_address.get(reverse("register")).status_code == 200
    assert no_address.get("/api/v1/verify/TB-GPS-1999-9999").status_code == 404


def test_a_csp_report_without_an_address_is_taken(no_address):
    report = json.dumps({"csp-report": {"document-uri": "https://example.org/"}})
    response = no_address.post(reverse("csp_report"), report, content_type="application/csp-report")
    assert response.status_code == 204


def test_a_survey_answer_without_an_address_is_taken(world, no_address):
    survey = open_survey(world)
    response = no_address.post(answer_url(survey), answers(ticket_value=ticket(survey)))
    assert response.status_code == 303


def test_a_login_without_an_address_is_answered(world, no_address, settings):
    settings.AUTHENTICATION_BACKENDS = product.AUTHENTICATION_BACKENDS
    wrong = no_address.post(reverse("login"), {"username": "pm", "password": "wrong"})
    assert wrong.status_code == 200
    right = no_address.post(reverse("login"), {"username": "pm", "password": PASSWORD})
    assert right.status_code == 302
