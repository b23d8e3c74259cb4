"""Webhook endpoints, the events sent to them, and the log of each delivery attempt.

An event's body is written once, when the event happens, and sent byte for
byte the same on every attempt: a receiver that checks the signature and
the event id sees a retry as the same event.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greencert.web.webhooks.problems import wording


class EventType(models.TextChoices):
    """What an endpoint may subscribe to (the test event is sent on request only)."""

    DECISION_MADE = "decision.made", _("Certification decision made")
    CERTIFICATE_ISSUED = "certificate.issued", _("Certificate issued")
    CERTIFICATE_REISSUED = "certificate.reissued", _("Certificate reissued")
    CERTIFICATE_SUSPENDED = "certificate.suspended", _("Certificate suspended")
    CERTIFICATE_REINSTATED = "certificate.reinstated", _("Certificate reinstated")
    CERTIFICATE_WITHDRAWN = "certificate.withdrawn", _("Certificate withdrawn")
    TEST = "webhook.test", _("Test event")


SUBSCRIBABLE = [choice for choice in EventType if choice != EventType.TEST]


class Endpoint(models.Model):
    """A receiver an administrator registered: where to send, which events, with which secret."""

    url = models.URLField(_("address (URL)"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)  # EventType values
    # The signing secret, encrypted with a key derived from SECRET_KEY (see sealing.py).
    sealed_secret = models.TextField()
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url", "id"]
        verbose_name = _("webhook endpoint")

    def __str__(self) -> str:
        return self.description or self.url

    def event_labels(self) -> list[str]:
        return [EventType(value).label for value in self.events if value in EventType.values]


class Event(models.Model):
    """Something that happened, as the JSON body every endpoint receives."""

    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=40, choices=EventType.choices)
    created_at = models.DateTimeField()
    body = models.TextField()  # the exact bytes sent (UTF-8), signed afresh on each attempt

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="webhook_event_age")]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class Delivery(models.Model):
    """One event on its way to one endpoint: pending until a 2xx answer, or until it gives up."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Given up")
        CANCELLED = "cancelled", _("Cancelled (endpoint deactivated)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # When the next attempt is due; while an attempt runs, when its claim lapses.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="one_delivery_per_endpoint"),
            models.CheckConstraint(
                condition=Q(state="pending", next_attempt_at__isnull=False) | ~Q(state="pending"),
                name="pending_delivery_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class Attempt(models.Model):
    """One try at a delivery, as the log on the endpoint's page shows it."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # Why it failed, as a code of problems.MESSAGES with its figures (worded when shown), and
    # the technical detail as the client library gave it (not translated).
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    error_detail = models.CharField(max_length=300, blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)  # none: delivered, or given up

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_log_row_per_attempt")
        ]

    def __str__(self) -> str:
        return f"{self.delivery} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    def error_text(self) -> str:
        return wording(self.error_code, self.error_params) if self.error_code else ""
