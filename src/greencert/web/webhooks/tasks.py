"""The webhooks' background work: each delivery, the retries falling due, the log's pruning.

A delivery is queued once its event has committed; a failed one waits in
the table with its next time, and the sweep (every
``WEBHOOK_RETRY_SWEEP_SECONDS``, by beat or by the server's in-process
schedule) queues those that are due.  Every task may run twice safely: an
attempt is claimed before it is made (:mod:`delivery`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from greencert.web.tasks import app
from greencert.web.webhooks import delivery
from greencert.web.webhooks.models import Delivery, Event

SWEEP_BATCH = 200


@app.task(name="greencert.webhooks.deliver")
def deliver(delivery_id: int) -> bool:
    """One attempt at *delivery_id*, if it is due; whether an attempt was made."""
    return delivery.attempt(delivery_id) is not None


@app.task(name="greencert.webhooks.deliver_due")
def deliver_due() -> int:
    """Queue every pending delivery whose next attempt is due; how many."""
    due = list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for pk in due:
        deliver.delay(pk)
    return len(due)


@app.task(name="greencert.webhooks.prune_log")
def prune_log() -> int:
    """Forget events (with their deliveries and log) older than ``WEBHOOK_LOG_DAYS``."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.WEBHOOK_LOG_DAYS)
    deleted, _by_model = Event.objects.filter(created_at__lt=cutoff).delete()
    return deleted
