"""Which changes become events, for whom, and what they say (the public facts only)."""

from __future__ import annotations

import datetime
import json

import pytest

from greencert.web.certification.services import certificates
from greencert.web.certification.tasks import certificate_expiry
from greencert.web.webhooks import publishing
from greencert.web.webhooks.models import Delivery, Event
from greencert.web.webhooks.services import change_endpoint
from tests.web.certification.certificate_support import issue, on_day
from tests.web.webhooks.conftest import endpoint_at
from tests.web.webhooks.receiver import verify

pytestmark = pytest.mark.django_db


def _bodies(receiver) -> list[dict]:
    return [json.loads(r.body) for r in receiver.requests]


def test_every_certificate_change_is_an_event_with_what_the_register_shows(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    endpoint_at(world, receiver.url())
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(world)
    for kind, reason in (
        ("suspended", "监督审核逾期未进行"),
        ("reinstated", "监督审核已完成"),
        ("withdrawn", "连续两次监督不合格"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            certificates.change_status(
                actor=world.pm, certificate=certificate, kind=kind, reason=reason
            )
    bodies = _bodies(receiver)
    assert [b["type"] for b in bodies] == [
        "decision.made",
        "certificate.issued",
        "certificate.suspended",
        "certificate.reinstated",
        "certificate.withdrawn",
    ]
    assert [b["data"]["certificate"]["status"] for b in bodies[1:]] == [
        "valid",
        "suspended",
        "valid",
        "withdrawn",
    ]
    # The register's facts: no person, no reason, no address beyond the sites it lists.
    assert set(bodies[2]["data"]["certificate"]) == {
        "number",
        "display_number",
        "revision",
        "organisation",
        "scope",
        "sites",
        "scheme",
        "grade",
        "granted_on",
        "expires_on",
        "issuer",
        "status",
        "verify_url",
    }
    everything = b"".join(r.body for r in receiver.requests).decode()
    for private in ("监督审核逾期未进行", "连续两次监督不合格", "decider", "Decider", "pm"):
        assert private not in everything
    assert len({b["id"] for b in bodies}) == 5  # one id per event


def test_a_decision_says_outcome_grade_and_date_not_who_or_why(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    endpoint_at(world, receiver.url(), events=["decision.made"])
    with django_capture_on_commit_callbacks(execute=True):
        issue(world, grade="AAA")  # a lower grade than computed, with its reason
    (body,) = _bodies(receiver)  # the certificate's issue was not asked for
    assert body["type"] == "decision.made"
    assert body["data"]["decision"] == {
        "project": world.project.code,
        "project_kind": "initial",
        "organisation": "绿源服务有限公司",
        "scheme": world.project.scheme_label,
        "revision": 1,
        "supersedes_revision": None,
        "outcome": "grant",
        "grade": "AAA",
        "decided_on": "2026-06-01",
    }
    assert "降级授予" not in receiver.requests[0].body.decode()


def test_endpoints_receive_only_what_they_asked_for_and_only_while_active(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    endpoint_at(world, receiver.url("/certs"), events=["certificate.issued"])
    switched_off, _ = endpoint_at(world, receiver.url("/off"))
    change_endpoint(
        actor=world.admin,
        endpoint=switched_off,
        url=switched_off.url,
        description="",
        events=switched_off.events,
        is_active=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        issue(world)
    assert [(r.path, r.headers["GreenCert-Event-Type"]) for r in receiver.requests] == [
        ("/certs", "certificate.issued")
    ]
    assert not Delivery.objects.filter(endpoint=switched_off).exists()


def test_nothing_is_stored_when_no_endpoint_wants_the_event(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue(world)
    assert Event.objects.count() == 0


def test_deactivating_cancels_the_retries_still_waiting(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [500]
    endpoint, _ = endpoint_at(world, receiver.url())
    with django_capture_on_commit_callbacks(execute=True):
        issue(world)
    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
    change_endpoint(
        actor=world.admin,
        endpoint=endpoint,
        url=endpoint.url,
        description="",
        events=endpoint.events,
        is_active=False,
    )
    assert set(Delivery.objects.values_list("state", flat=True)) == {"cancelled"}


def test_a_receiver_that_is_down_does_not_stop_the_mail_nor_the_act(
    world, loopback, mailoutbox, django_capture_on_commit_callbacks
):
    world.client.email = "quality@lvyuan.example"
    world.client.save()
    endpoint_at(world, "http://127.0.0.1:9/nobody-listens")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(world)
    assert certificate.pk
    assert len(mailoutbox) == 2  # the decision and the certificate, as without webhooks
    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}


def test_a_webhook_fault_is_logged_and_neither_undoes_the_act_nor_stops_the_mail(
    world, monkeypatch, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    world.client.email = "quality@lvyuan.example"
    world.client.save()

    def broken(**kwargs):
        raise RuntimeError("the webhooks' database table is missing")

    monkeypatch.setattr(publishing, "publish", broken)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(world)
    certificate.refresh_from_db()
    assert len(mailoutbox) == 2
    assert "the webhooks' database table is missing" in caplog.text


def test_an_expiry_is_announced_once_signed_when_the_daily_task_records_it(
    world, loopback, receiver, django_capture_on_commit_callbacks
):
    endpoint, secret = endpoint_at(world, receiver.url(), events=["certificate.expired"])
    certificate = issue(world)  # granted 2026-06-01 for three years: valid through 2029-05-31
    for day in (
        datetime.date(2029, 5, 31),  # the last day of validity: nothing yet
        datetime.date(2029, 6, 1),  # expired: recorded, and announced
        datetime.date(2029, 6, 1),  # the task again the same day ...
        datetime.date(2029, 6, 15),  # ... and later: recorded once, so announced once
    ):
        with on_day(day), django_capture_on_commit_callbacks(execute=True):
            certificate_expiry.delay().get()
    (request,) = receiver.requests
    assert request.headers["GreenCert-Event-Type"] == "certificate.expired"
    assert verify(secret, request.headers["GreenCert-Signature"], request.body, now=request.at)
    body = json.loads(request.body)
    assert body["type"] == "certificate.expired"
    assert body["data"]["certificate"]["number"] == certificate.number
    assert body["data"]["certificate"]["status"] == "expired"
    assert body["data"]["certificate"]["expires_on"] == "2029-05-31"
    assert Delivery.objects.get(endpoint=endpoint).state == "delivered"
