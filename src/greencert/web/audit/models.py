"""The audit trail: who changed what, when, with the data before and after.

Entries are written in the same service function that makes the change
(pretix's ``log_action`` idea), inside the same transaction.  The
application offers no way to change or delete them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
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
