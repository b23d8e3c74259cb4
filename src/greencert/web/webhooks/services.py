"""Writes for webhook endpoints: register, change, give a new secret, send a test event.

Keyword-only, one transaction each, the audit entry written with the change
(``greencert.webhook_endpoint.*``).  The secret never enters the audit trail:
only whether it was generated or typed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greencert.web.audit.services import record
from greencert.web.webhooks import publishing, sealing, targets
from greencert.web.webhooks.models import (
    SUBSCRIBABLE,
    Delivery,
    Endpoint,
    Event,
    EventType,
    SecretOrigin,
)

SECRET_MIN_CHARS = 24


def _checked(url: str, events: list[str], secret: str | None) -> dict:
    """The endpoint's fields checked together; every problem named on its field."""
    errors: dict[str, list[str]] = {}
    try:
        targets.check(url)
    except targets.Refused as exc:
        errors["url"] = [str(exc)]
    unknown = [e for e in events if e not in {t.value for t in SUBSCRIBABLE}]
    if unknown or not events:
        errors["events"] = [_("Choose at least one of the events listed.")]
    if secret and (problem := _secret_problem(secret)):
        errors["secret"] = [problem]
    if errors:
        raise ValidationError(errors)
    return {"url": url.strip(), "events": sorted(set(events))}


def _secret_problem(secret: str) -> str:
    if len(secret) < SECRET_MIN_CHARS or not secret.isprintable() or secret != secret.strip():
        return _(
            "A secret needs at least %(n)s printable characters, without spaces at either end."
        ) % {"n": SECRET_MIN_CHARS}
    return ""


def _facts(endpoint: Endpoint) -> dict:
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": list(endpoint.events),
        "is_active": endpoint.is_active,
    }


def register_endpoint(
    *, actor, url: str, description: str, events: list[str], secret: str = ""
) -> tuple[Endpoint, str]:
    """Register an endpoint; with it, its secret (the one typed, or a new one) to show once."""
    fields = _checked(url, events, secret)  # resolves the host: before the transaction
    typed = bool(secret)
    secret = secret or sealing.new_secret()
    with transaction.atomic():
        endpoint = Endpoint.objects.create(
            **fields,
            description=description.strip(),
            sealed_secret=sealing.seal(secret),
            created_by=actor,
        )
        record(
            actor=actor,
            action="greencert.webhook_endpoint.registered",
            target=endpoint,
            after={
                **_facts(endpoint),
                "secret": SecretOrigin.TYPED if typed else SecretOrigin.GENERATED,
            },
        )
    return endpoint, secret


def change_endpoint(
    *, actor, endpoint: Endpoint, url: str, description: str, events: list[str], is_active: bool
) -> Endpoint:
    """Change where it goes, what it wants and whether it is on.

    Deactivating cancels the retries still waiting: an endpoint that is off receives nothing.
    """
    fields = _checked(url, events, None)  # resolves the host: before the transaction
    with transaction.atomic():
        locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
        before = _facts(locked)
        locked.url, locked.events = fields["url"], fields["events"]
        locked.description, locked.is_active = description.strip(), is_active
        locked.save(update_fields=["url", "events", "description", "is_active"])
        if not is_active:
            locked.deliveries.filter(state=Delivery.State.PENDING).update(
                state=Delivery.State.CANCELLED, next_attempt_at=None
            )
        after = _facts(locked)
        changed = [key for key in after if after[key] != before[key]]
        record(
            actor=actor,
            action="greencert.webhook_endpoint.changed",
            target=locked,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return locked


@transaction.atomic
def replace_secret(*, actor, endpoint: Endpoint, secret: str = "") -> str:
    """A new secret (typed, or generated) for the endpoint; returned to be shown once."""
    if secret and (problem := _secret_problem(secret)):
        raise ValidationError({"secret": [problem]})
    typed = bool(secret)
    secret = secret or sealing.new_secret()
    Endpoint.objects.filter(pk=endpoint.pk).update(sealed_secret=sealing.seal(secret))
    record(
        actor=actor,
        action="greencert.webhook_endpoint.secret_replaced",
        target=endpoint,
        after={"secret": SecretOrigin.TYPED if typed else SecretOrigin.GENERATED},
    )
    return secret


@transaction.atomic
def send_test_event(*, actor, endpoint: Endpoint) -> Event:
    """A test event for this endpoint alone, sent like any other (active or not)."""
    event = publishing.publish(
        type=EventType.TEST,
        data={"message": "GreenCert webhook test", "endpoint": endpoint.pk},
        endpoints=[endpoint],
    )
    record(
        actor=actor,
        action="greencert.webhook_endpoint.test_sent",
        target=endpoint,
        after={"event_id": str(event.event_id)},
    )
    return event
