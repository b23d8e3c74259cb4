"""Who may open or post to the webhook pages: administrators only.  Every other persona
gets 404 (nothing leaks about what exists) and an anonymous visitor is sent to log in;
an allowed POST changes exactly what it says, a refused one changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from greencert.web.webhooks import sealing
from greencert.web.webhooks.models import Endpoint
from tests.web.matrix import (
    PERSONAS,
    Writes,
    assert_outcome,
    get_reading_only,
    post_checked,
    writes,
)
from tests.web.webhooks.conftest import endpoint_at

ADMIN = {"admin"}
HOOK = "http://127.0.0.1:9/greencert"  # nothing is sent: the deliveries wait for the commit


@pytest.fixture
def endpoint(world, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    return endpoint_at(world, HOOK, secret="an-old-secret-of-thirty-characters")[0]


@dataclass
class Case:
    name: str
    allowed: set[str]
    method: str = "get"
    data: Callable | None = None  # (endpoint) -> dict, for POST
    effect: Writes | None = None
    with_endpoint: bool = True

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


def _registered() -> bool:
    return Endpoint.objects.filter(url="http://127.0.0.1:9/second").exists()


def _changed() -> bool:
    return Endpoint.objects.filter(description="省监管平台", events=["decision.made"]).exists()


def _secret_replaced() -> bool:
    # The typed old secret gave way to a generated one.
    return sealing.unseal(Endpoint.objects.get(url=HOOK).sealed_secret).startswith("whsec_")


CASES = [
    Case("webhook_list", ADMIN, with_endpoint=False),
    Case("webhook_register", ADMIN, with_endpoint=False),
    Case(
        "webhook_register",
        ADMIN,
        "post",
        lambda e: {"url": "http://127.0.0.1:9/second", "events": ["certificate.withdrawn"]},
        writes(
            "webhooks.Endpoint", audit="greencert.webhook_endpoint.registered", check=_registered
        ),
        with_endpoint=False,
    ),
    Case("webhook_detail", ADMIN),
    Case("webhook_change", ADMIN),
    Case(
        "webhook_change",
        ADMIN,
        "post",
        lambda e: {
            "url": HOOK,
            "description": "省监管平台",
            "events": ["decision.made"],
            "is_active": "on",
        },
        writes("webhooks.Endpoint", audit="greencert.webhook_endpoint.changed", check=_changed),
    ),
    Case(
        "webhook_secret",
        ADMIN,
        "post",
        lambda e: {"secret": ""},
        writes(
            "webhooks.Endpoint",
            audit="greencert.webhook_endpoint.secret_replaced",
            check=_secret_replaced,
        ),
    ),
    Case(
        "webhook_test",
        ADMIN,
        "post",
        None,
        writes("webhooks.Event", "webhooks.Delivery", audit="greencert.webhook_endpoint.test_sent"),
    ),
]


def _request(http: Client, case: Case, endpoint, *, allowed: bool):
    url = reverse(case.name, args=[endpoint.pk] if case.with_endpoint else [])
    if case.method == "post":
        data = case.data(endpoint) if case.data else {}
        return post_checked(http, url, data, allowed=allowed, effect=case.effect)
    return get_reading_only(http, url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_who_may_open_what(case, persona, world, endpoint, client):
    client.force_login(world.users()[persona])
    allowed = persona in case.allowed
    response = _request(client, case, endpoint, allowed=allowed)
    assert_outcome(client, response, allowed=allowed, method=case.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_visitors_are_sent_to_log_in(case, world, endpoint, client):
    response = _request(client, case, endpoint, allowed=False)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
