"""One attempt at a delivery: claim it, POST it signed, log what happened, plan the next.

An attempt is claimed with one conditional UPDATE (pending and due), which
moves its due time past the attempt's longest run: two workers, or the
sweep and a queued task, never send the same attempt twice, and an attempt
whose worker died is taken up again when that time passes.  No transaction
is open while the receiver is waited for.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from greencert import __version__
from greencert.web.webhooks import sealing, signing, targets
from greencert.web.webhooks.models import Attempt, Delivery

LONGEST_WAIT = datetime.timedelta(hours=6)


def backoff(failed: int, base: int = 30) -> datetime.timedelta:
    """The wait after the *failed*-th failed attempt: *base* seconds, doubled each time, at most 6 h.

    >>> [int(backoff(n).total_seconds()) for n in (1, 2, 3, 4)]
    [30, 60, 120, 240]
    >>> backoff(20)
    datetime.timedelta(seconds=21600)
    """
    return min(datetime.timedelta(seconds=base * 2 ** (failed - 1)), LONGEST_WAIT)


def _claim(delivery_id: int, now) -> bool:
    lease = datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 60)
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, state=Delivery.State.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=now + lease)
    )


def attempt(delivery_id: int) -> Attempt | None:
    """Try the delivery once if it is due; the log row written, or None when not due."""
    started = timezone.now()
    if not _claim(delivery_id, started):
        return None
    delivery = Delivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    number = delivery.attempts + 1
    clock = time.monotonic()
    outcome = _post(delivery, number)
    duration_ms = round((time.monotonic() - clock) * 1000)
    return _record(delivery, number, started, duration_ms, outcome)


@dataclass(frozen=True)
class Outcome:
    status_code: int | None = None
    error_code: str = ""  # a code of problems.MESSAGES
    error_params: dict = field(default_factory=dict)
    error_detail: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _post(delivery: Delivery, number: int) -> Outcome:
    """Send the event; the answer's status code, or the reason there was none."""
    endpoint, event = delivery.endpoint, delivery.event
    try:
        target = targets.check(endpoint.url)
        secret = sealing.unseal(endpoint.sealed_secret)
    except targets.Refused as exc:
        return Outcome(error_code=exc.code, error_params=exc.params)
    except sealing.Unreadable:
        return Outcome(error_code="secret.unreadable")
    body = event.body.encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"GreenCert-Webhooks/{__version__}",
        "Host": target.host_header,
        signing.SIGNATURE_HEADER: signing.signature(secret.encode(), int(time.time()), body),
        signing.EVENT_ID_HEADER: str(event.event_id),
        signing.EVENT_TYPE_HEADER: event.type,
        signing.ATTEMPT_HEADER: str(number),
    }
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    try:
        # trust_env off: no proxy from the environment between us and the checked address.
        # Streamed and closed unread: a receiver's answer, however long, is not our business.
        with (
            httpx.Client(trust_env=False, follow_redirects=False, timeout=timeout) as client,
            client.stream(
                "POST",
                target.url,
                content=body,
                headers=headers,
                extensions={"sni_hostname": target.server_name},
            ) as response,
        ):
            status_code = response.status_code
    except httpx.TimeoutException:
        return Outcome(error_code="timeout", error_params={"seconds": f"{timeout:g}"})
    except httpx.HTTPError as exc:
        detail = f"{type(exc).__name__}: {exc}"[:300]
        return Outcome(error_code="connection", error_detail=detail)
    if not 200 <= status_code < 300:
        return Outcome(status_code, "status", {"code": status_code})
    return Outcome(status_code)


def _record(delivery: Delivery, number: int, started, duration_ms: int, outcome: Outcome):
    now = timezone.now()
    if outcome.succeeded:
        state, next_at = Delivery.State.DELIVERED, None
    elif number >= settings.WEBHOOK_MAX_ATTEMPTS:
        state, next_at = Delivery.State.FAILED, None
    else:
        state = Delivery.State.PENDING
        next_at = now + backoff(number, settings.WEBHOOK_RETRY_BASE_SECONDS)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=state, attempts=number, next_attempt_at=next_at
        )
        return Attempt.objects.create(
            delivery=delivery,
            number=number,
            at=started,
            duration_ms=duration_ms,
            status_code=outcome.status_code,
            error_code=outcome.error_code,
            error_params=outcome.error_params,
            error_detail=outcome.error_detail,
            next_try_at=next_at,
        )
