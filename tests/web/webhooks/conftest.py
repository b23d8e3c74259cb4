"""Fixtures of the webhook tests: a receiver on loopback, loopback allowed, an endpoint."""

from __future__ import annotations

import pytest

from greencert.web.webhooks.services import register_endpoint
from tests.web.webhooks.receiver import Receiver

EVERY_EVENT = [
    "decision.made",
    "certificate.issued",
    "certificate.reissued",
    "certificate.suspended",
    "certificate.reinstated",
    "certificate.withdrawn",
]


@pytest.fixture
def loopback(settings):
    """The receivers of these tests are on this machine: loopback allowed, quick retries."""
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    return settings


@pytest.fixture
def receiver():
    running = Receiver().start()
    yield running
    running.stop()


def endpoint_at(world, url: str, events=None, secret: str = ""):
    return register_endpoint(
        actor=world.admin,
        url=url,
        description="监管平台",
        events=EVERY_EVENT if events is None else events,
        secret=secret,
    )
