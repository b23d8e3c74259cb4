"""An event written once, with one delivery for each endpoint that wants it.

The body is serialised here, once, and sent unchanged on every attempt.
The deliveries are queued after the rows commit (the worker reads them).
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.db import transaction
from django.utils import timezone

from greencert.web.webhooks import tasks
from greencert.web.webhooks.models import Delivery, Endpoint, Event


def body_of(*, event_id: uuid.UUID, type: str, at, data: dict) -> str:
    """The JSON every receiver gets: the event's id, type, time (UTC) and its facts."""
    envelope = {
        "id": str(event_id),
        "type": type,
        "created_at": at.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def subscribers(type: str) -> list[Endpoint]:
    """The active endpoints that asked for *type* (a short list: read whole, filtered here)."""
    return [e for e in Endpoint.objects.filter(is_active=True) if type in e.events]


def publish(*, type: str, data: dict, endpoints: list[Endpoint] | None = None) -> Event | None:
    """Record the event for *endpoints* (by default its subscribers) and queue its deliveries.

    Nothing is stored when no endpoint wants it.
    """
    endpoints = subscribers(type) if endpoints is None else endpoints
    if not endpoints:
        return None
    now = timezone.now()
    with transaction.atomic():
        event_id = uuid.uuid4()
        event = Event.objects.create(
            event_id=event_id,
            type=type,
            created_at=now,
            body=body_of(event_id=event_id, type=type, at=now, data=data),
        )
        deliveries = Delivery.objects.bulk_create(
            Delivery(event=event, endpoint=endpoint, next_attempt_at=now) for endpoint in endpoints
        )
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: [tasks.deliver.delay(pk) for pk in ids])
    return event
