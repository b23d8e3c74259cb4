"""The administrator's pages: registering shows the secret once, the secret is kept sealed,
the list and the endpoint's page say what is registered, the trail what was done."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from greencert.web.audit.models import AuditEntry
from greencert.web.webhooks import sealing
from greencert.web.webhooks.models import Attempt, Endpoint
from greencert.web.webhooks.services import send_test_event
from tests.web.certification.certificate_support import browser
from tests.web.projects_support import text
from tests.web.webhooks.conftest import endpoint_at

pytestmark = pytest.mark.django_db


def _shown_secret(page) -> str:
    match = re.search(r"<code class=\"secret\" data-secret>([^<]+)</code>", page.content.decode())
    return match.group(1) if match else ""


def test_a_registered_endpoint_shows_its_generated_secret_once(world, loopback, client):
    http = browser(client, world.admin)
    response = http.post(
        reverse("webhook_register"),
        {
            "url": "http://127.0.0.1:9/erp",
            "description": "ERP",
            "events": ["certificate.issued", "certificate.withdrawn"],
        },
    )
    endpoint = Endpoint.objects.get()
    assert response["Location"] == reverse("webhook_detail", args=(endpoint.pk,))
    page = http.get(response["Location"])
    secret = _shown_secret(page)
    assert secret.startswith("whsec_") and len(secret) > 40
    assert "Certificate issued, Certificate withdrawn" in text(page)
    assert "Webhook endpoint registered" in text(page)  # the trail
    # Once: the page opened again no longer has it.
    assert _shown_secret(http.get(response["Location"])) == ""
    # Kept sealed: neither the row nor the audit trail holds it; the server's key opens it.
    assert secret not in endpoint.sealed_secret
    assert sealing.unseal(endpoint.sealed_secret) == secret
    entries = AuditEntry.objects.filter(object_type="endpoint")
    assert entries.count() == 1
    assert secret not in str(entries.get().after)
    assert entries.get().after["secret"] == "generated"


def test_a_typed_secret_is_checked_and_kept(world, loopback, client):
    http = browser(client, world.admin)
    url = reverse("webhook_register")
    data = {"url": "http://127.0.0.1:9/erp", "events": ["decision.made"], "secret": "short"}
    refused = http.post(url, data)
    assert refused.status_code == 200
    assert "A secret needs at least 24 printable characters" in text(refused)
    assert not Endpoint.objects.exists()
    typed = "the-receivers-own-secret-0123456789"
    http.post(url, {**data, "secret": typed})
    assert sealing.unseal(Endpoint.objects.get().sealed_secret) == typed


def test_a_secret_sealed_under_another_key_is_unreadable_and_said_so(
    world, loopback, receiver, settings, django_capture_on_commit_callbacks
):
    endpoint, secret = endpoint_at(world, receiver.url())
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-rotated-key-" + "y" * 40
    with pytest.raises(sealing.Unreadable):
        sealing.unseal(endpoint.sealed_secret)
    with django_capture_on_commit_callbacks(execute=True):
        send_test_event(actor=world.admin, endpoint=endpoint)
    assert receiver.requests == []
    assert Attempt.objects.get().error_code == "secret.unreadable"
    # The old key among the fallbacks opens it again.
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert sealing.unseal(endpoint.sealed_secret) == secret


def test_the_list_and_a_replaced_secret(world, loopback, client):
    endpoint, old = endpoint_at(world, "http://127.0.0.1:9/erp")
    http = browser(client, world.admin)
    listing = text(http.get(reverse("webhook_list")))
    assert "http://127.0.0.1:9/erp" in listing and "监管平台" in listing and "active" in listing
    response = http.post(reverse("webhook_secret", args=(endpoint.pk,)), {"secret": ""})
    new = _shown_secret(http.get(response["Location"]))
    assert new.startswith("whsec_") and new != old
    endpoint.refresh_from_db()
    assert sealing.unseal(endpoint.sealed_secret) == new
