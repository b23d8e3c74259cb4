"""Deliveries to a real receiver on loopback: signed, retried with backoff, logged.

The receiver checks each signature with its own implementation (``receiver.verify``,
the README's recipe, written with ``hmac``); the figures of the waits are worked out
from the documented schedule (30 s, doubled after each failure).
"""

from __future__ import annotations

import datetime
import json
import socket
import time
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from greencert.web.webhooks import delivery, tasks
from greencert.web.webhooks.models import Attempt, Delivery, Event
from greencert.web.webhooks.services import send_test_event
from tests.web.certification.certificate_support import browser, issue
from tests.web.projects_support import rows, text
from tests.web.webhooks.conftest import endpoint_at
from tests.web.webhooks.receiver import verify

pytestmark = pytest.mark.django_db


def test_each_change_arrives_signed_and_only_the_signed_bytes_verify(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    endpoint, secret = endpoint_at(world, receiver.url("/greencert"))
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(world)
    assert [r.headers["GreenCert-Event-Type"] for r in receiver.requests] == [
        "decision.made",
        "certificate.issued",
    ]
    for request in receiver.requests:
        assert request.path == "/greencert"
        assert request.headers["Host"] == receiver.url("").removeprefix("http://")
        assert request.headers["Content-Type"] == "application/json; charset=utf-8"
        signature = request.headers["GreenCert-Signature"]
        assert verify(secret, signature, request.body, now=request.at)
        body = json.loads(request.body)
        assert body["id"] == request.headers["GreenCert-Event-Id"]
        assert body["type"] == request.headers["GreenCert-Event-Type"]
        # A tampered body, another secret, or the same message replayed ten minutes on: refused.
        tampered = request.body.replace(b"AAAA", b"AAAAA")
        assert tampered != request.body
        assert not verify(secret, signature, tampered, now=request.at)
        assert not verify(secret + "x", signature, request.body, now=request.at)
        assert not verify(secret, signature, request.body, now=request.at + 600)
    issued = json.loads(receiver.requests[1].body)["data"]["certificate"]
    assert issued["number"] == certificate.number == "TB-GPS-2026-0001"
    assert issued["grade"] == "AAAA"
    assert issued["status"] == "valid"
    assert issued["granted_on"] == "2026-06-01"
    assert issued["expires_on"] == "2029-05-31"  # three years, the day before the anniversary
    assert issued["verify_url"].endswith("/verify/TB-GPS-2026-0001")
    assert Delivery.objects.filter(endpoint=endpoint, state="delivered").count() == 2


def _log(client, world, endpoint):
    page = browser(client, world.admin).get(reverse("webhook_detail", args=(endpoint.pk,)))
    assert page.status_code == 200
    return page, rows(page, "webhook-log")[1:]


def test_a_failing_receiver_is_retried_later_and_the_log_shows_both_attempts(
    world, loopback, receiver, client, django_capture_on_commit_callbacks
):
    receiver.statuses = [500, 200]
    endpoint, secret = endpoint_at(world, receiver.url())
    http = browser(client, world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(reverse("webhook_test", args=(endpoint.pk,)))
    assert response.status_code == 302
    assert len(receiver.requests) == 1
    first = Attempt.objects.get()
    assert first.status_code == 500
    # Due 30 s after the failure: not before.
    assert first.next_try_at - first.at >= datetime.timedelta(seconds=30)
    assert first.next_try_at - first.at < datetime.timedelta(seconds=32)
    _page, log = _log(client, world, endpoint)
    assert len(log) == 1
    assert "500" in log[0][3] and "The receiver answered 500." in log[0][5]
    assert tasks.deliver_due() == 0  # not due yet
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31), tick=True):
        assert tasks.deliver_due() == 1
    assert len(receiver.requests) == 2
    first_try, second_try = receiver.requests
    # The same event, byte for byte; the attempt is numbered.
    assert first_try.body == second_try.body
    assert second_try.headers["GreenCert-Event-Id"] == first_try.headers["GreenCert-Event-Id"]
    assert [r.headers["GreenCert-Delivery-Attempt"] for r in receiver.requests] == ["1", "2"]
    assert verify(
        secret, second_try.headers["GreenCert-Signature"], second_try.body, now=second_try.at
    )
    page, log = _log(client, world, endpoint)
    assert [row[2] for row in log] == ["2", "1"]  # newest first
    assert "200" in log[0][3] and log[0][6] == "delivered"
    assert "500" in log[1][3]
    assert "Test event" in text(page)
    assert Delivery.objects.get().state == "delivered"


def test_after_the_last_attempt_the_delivery_is_given_up(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]
    endpoint, _secret = endpoint_at(world, receiver.url())
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        send_test_event(actor=world.admin, endpoint=endpoint)
    # 3 attempts at most (the fixture's setting): waits of 30 s, then 60 s, then none.
    with time_machine.travel(start + datetime.timedelta(seconds=35), tick=True):
        tasks.deliver_due()
    with time_machine.travel(start + datetime.timedelta(seconds=35 + 65), tick=True):
        tasks.deliver_due()
    with time_machine.travel(start + datetime.timedelta(days=1), tick=True):
        assert tasks.deliver_due() == 0
    attempts = list(Attempt.objects.order_by("number"))
    assert [a.status_code for a in attempts] == [503, 503, 503]
    waits = [round((a.next_try_at - a.at).total_seconds()) for a in attempts[:2]]
    assert waits == [30, 60]
    assert attempts[2].next_try_at is None
    assert Delivery.objects.get().state == "failed"
    assert len(receiver.requests) == 3


def endpoint_test_event(world, endpoint):
    return send_test_event(actor=world.admin, endpoint=endpoint)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_no_answer_and_no_connection_are_logged_as_errors(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    receiver.delay = 3  # longer than the 2 s the fixture allows
    slow, _ = endpoint_at(world, receiver.url())
    closed, _ = endpoint_at(world, f"http://127.0.0.1:{_closed_port()}/hook")
    clock = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        endpoint_test_event(world, slow)
        endpoint_test_event(world, closed)
    assert time.monotonic() - clock < 6
    timed_out = Attempt.objects.get(delivery__endpoint=slow)
    assert timed_out.status_code is None
    assert (timed_out.error_code, timed_out.error_params) == ("timeout", {"seconds": "2"})
    assert 1900 <= timed_out.duration_ms < 3000
    refused = Attempt.objects.get(delivery__endpoint=closed)
    assert refused.status_code is None and refused.error_code == "connection"
    assert refused.error_detail.startswith("ConnectError")
    assert refused.next_try_at is not None


def test_an_address_no_longer_allowed_is_not_contacted(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    endpoint, _ = endpoint_at(world, receiver.url())
    loopback.WEBHOOK_ALLOW_LOOPBACK = False
    with django_capture_on_commit_callbacks(execute=True):
        endpoint_test_event(world, endpoint)
    assert receiver.requests == []
    refusal = Attempt.objects.get()
    assert refusal.error_code == "target.private"
    assert refusal.error_params == {"host": "127.0.0.1", "address": "127.0.0.1"}


def test_an_attempt_is_made_once_even_when_asked_twice(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    endpoint, _ = endpoint_at(world, receiver.url())
    with django_capture_on_commit_callbacks(execute=False):
        endpoint_test_event(world, endpoint)
    pk = Delivery.objects.get().pk
    assert delivery.attempt(pk) is not None
    assert delivery.attempt(pk) is None  # delivered: nothing more to do
    assert tasks.deliver(pk) is False
    assert len(receiver.requests) == 1


def test_old_events_and_their_log_are_pruned(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    endpoint, _ = endpoint_at(world, receiver.url())
    month_ago = timezone.now() - datetime.timedelta(days=31)
    with time_machine.travel(month_ago), django_capture_on_commit_callbacks(execute=True):
        old = endpoint_test_event(world, endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        recent = endpoint_test_event(world, endpoint)
    assert Attempt.objects.count() == 2
    tasks.prune_log()
    assert list(Event.objects.all()) == [recent]
    assert not Delivery.objects.filter(event_id=old.pk).exists()
    assert Attempt.objects.get().delivery.event == recent


def _readme_recipe():
    """The README's verification recipe, run as it is printed."""
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### 事件推送 Webhooks") :]
    code = section[section.index("```python\n") + 10 : section.index("```\n", 10)]
    namespace: dict = {}
    exec(code, namespace)
    return namespace["verified"]


def test_the_readme_recipe_verifies_a_real_delivery_and_refuses_a_changed_one(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    verified = _readme_recipe()
    endpoint, secret = endpoint_at(world, receiver.url())
    with django_capture_on_commit_callbacks(execute=True):
        endpoint_test_event(world, endpoint)
    (request,) = receiver.requests
    header = request.headers["GreenCert-Signature"]
    assert verified(secret, header, request.body)
    assert not verified(secret, header, request.body + b" ")
    assert not verified("whsec_another", header, request.body)
