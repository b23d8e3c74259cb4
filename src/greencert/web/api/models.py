"""What the API keeps of its own: the answers to POSTs sent with an ``Idempotency-Key``."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """A POST's answer, kept per caller (person and token) and key, so that a retry replays it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_prefix = models.CharField(max_length=16, blank=True)  # blank: the browser's session
    key = models.CharField(max_length=200)
    operation = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)  # SHA-256 of the request's canonical JSON
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token_prefix", "key"], name="one_answer_per_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.status}"
