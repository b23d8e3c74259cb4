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

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    status_code, error = _post(delivery, number)
    duration_ms = round((time.monotonic() - clock) * 1000)
    return _record(delivery, number, started, duration_ms, status_code, error)


def _post(delivery: Delivery, number: int) -> tuple[int | None, str]:
    """Send the event; the answer's status code, or the reason there was none."""
    endpoint, event = delivery.endpoint, delivery.event
    try:
        target = targets.check(endpoint.url)
        secret = sealing.unseal(endpoint.sealed_secret)
    except targets.Refused as exc:
        return None, str(exc)
    except sealing.Unreadable:
        return None, _("The secret cannot be read with this server's key: give a new secret.")
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
        with httpx.Client(trust_env=False, follow_redirects=False, timeout=timeout) as client:
            response = client.post(
                target.url,
                content=body,
                headers=headers,
                extensions={"sni_hostname": target.server_name},
            )
    except httpx.TimeoutException:
        return None, _("No answer within %(seconds)s s.") % {"seconds": f"{timeout:g}"}
    except httpx.HTTPError as exc:
        return None, (_("Connection failed: %(error)s") % {"error": exc})[:300]
    return response.status_code, ""


def _record(delivery: Delivery, number: int, started, duration_ms: int, status_code, error: str):
    succeeded = status_code is not None and 200 <= status_code < 300
    if not succeeded and not error:
        error = _("The receiver answered %(code)s.") % {"code": status_code}
    now = timezone.now()
    if succeeded:
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
            status_code=status_code,
            error=error[:300],
            next_try_at=next_at,
        )
