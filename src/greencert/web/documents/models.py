"""Documents made in the background: a job a person asked for, its state and its file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def export_path(instance: Export, filename: str) -> str:
    return f"exports/{instance.pk}/{filename}"


class Export(models.Model):
    """A bulk document asked for on a page, made by a task, downloaded by whoever asked.

    The file lives in the default storage (the data folder, or S3 when configured),
    and is removed with the row's file once ``EXPORT_KEEP_HOURS`` have passed.
    """

    class Kind(models.TextChoices):
        REGISTER = "register", _("Certificate register (Excel)")
        CERTIFICATES = "certificates", _("All certificates of an organisation (ZIP of PDFs)")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Removed (expired)")

    kind = models.CharField(_("document"), max_length=16, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "clients.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    reason = models.CharField(_("reason"), max_length=20, blank=True)  # a code of REASONS
    file = models.FileField(upload_to=export_path, blank=True, max_length=300)
    filename = models.CharField(max_length=200, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="export_mine")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="register", organisation__isnull=True)
                | models.Q(kind="certificates", organisation__isnull=False),
                name="export_organisation_for_certificates_only",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def reason_text(self):
        """Why it failed, in the reader's language."""
        return REASONS.get(self.reason, self.reason)


# Why an export failed: a code stored, worded when shown (Chinese or English).
REASONS = {
    "no_certificates": _(
        "There is no certificate of this organisation that you may download (a client "
        "downloads only certificates in force)."
    ),
    "no_access": _("You may no longer see what this document would hold."),
    "error": _(
        "The document could not be made; the error is in the server's log. Ask for it "
        "again, or tell the administrator."
    ),
}
