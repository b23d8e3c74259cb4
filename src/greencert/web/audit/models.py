"""The audit trail: who changed what, when, with the data before and after.

Entries are written in the same service function that makes the change
(pretix's ``log_action`` idea), inside the same transaction.  The
application offers no way to change or delete them, the database refuses
to (triggers installed by the migrations, :mod:`greencert.web.audit.triggers`),
and each entry is chained to the one before by its hash
(:mod:`greencert.web.audit.chain`), so that a change made around both is found.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    # Its place in the chain: 1, 2, 3 … without gaps, in the order entries were written.
    sequence = models.PositiveBigIntegerField(unique=True)
    # Set by record() itself (not by the database), as it is part of what is hashed.
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, null=True
    )
    action = models.CharField(_("action"), max_length=80)  # e.g. greencert.evaluation.changed
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, related_name="audit_entries"
    )
    organisation = models.ForeignKey(
        "clients.Organisation", on_delete=models.PROTECT, null=True, related_name="audit_entries"
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    previous_hash = models.CharField(max_length=64)  # the hash of entry sequence - 1
    hash = models.CharField(max_length=64)  # SHA-256 of previous_hash + this entry's content

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["project", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are never deleted")

    def changes(self) -> list[tuple[str, object, object]]:
        """The fields that differ between before and after, for display."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ChainHead(models.Model):
    """The last link of the chain (one row): writers lock it to take the next place."""

    sequence = models.PositiveBigIntegerField(default=0)  # of the last entry; 0 = none yet
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_chain_head")]

    def __str__(self) -> str:
        return f"{self.sequence} {self.hash}"
