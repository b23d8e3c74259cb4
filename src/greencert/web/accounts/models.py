"""People and their role in the certification body (or in a client organisation)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    AUDITOR = "auditor", _("Auditor")
    TECHNICAL_REVIEWER = "technical_reviewer", _("Technical reviewer")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    CLIENT = "client", _("Client user")


# Who sees every project: the auditors see only those whose team includes them.
ALL_PROJECT_ROLES = {Role.ADMIN, Role.PROJECT_MANAGER, Role.TECHNICAL_REVIEWER, Role.DECISION_MAKER}
MANAGING_ROLES = {Role.ADMIN, Role.PROJECT_MANAGER}


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.AUDITOR)
    organisation = models.ForeignKey(
        "clients.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Client users only: the organisation they belong to."),
    )
    display_name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        constraints = [
            # A client user always belongs to one organisation; staff never do.
            models.CheckConstraint(
                condition=(Q(role="client") & Q(organisation__isnull=False))
                | (~Q(role="client") & Q(organisation__isnull=True)),
                name="client_users_have_an_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def sees_all_projects(self) -> bool:
        return self.role in ALL_PROJECT_ROLES

    @property
    def manages(self) -> bool:
        """Administrators and project managers run clients, applications and projects."""
        return self.role in MANAGING_ROLES


class AccessToken(models.Model):
    """A personal access token for the API: its owner's reach, read-only or read-write.

    Only a SHA-256 digest of the token is kept; the token itself is shown once,
    when it is made.  Its first characters (``prefix``) stay visible so that a
    person can tell their tokens apart and the audit trail can name the one used.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the whole token
    writes = models.BooleanField(_("may write"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_on = models.DateField(_("expires on"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"gct_{self.prefix}… {self.name}"
