"""People and their role in the certification body (or in a client organisation)."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greencert.web.accounts.identity import DocumentType, masked, normalised, problem


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


class PersonRecord(models.Model):
    """A person's identity document, as the regulator's report identifies auditors by it.

    Only administrators see the number whole (``accounts.access``); the audit trail records that
    it changed, never its value.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="person_record", verbose_name=_("person")
    )
    id_document_type = models.CharField(
        _("ID document type"), max_length=2, choices=DocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("ID document number"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("person's record")
        constraints = [
            # A number always says what it is a number of.
            models.CheckConstraint(
                condition=(Q(id_document_type="") & Q(id_document_number=""))
                | (~Q(id_document_type="") & ~Q(id_document_number="")),
                name="id_document_number_has_its_type",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def masked_number(self) -> str:
        return masked(self.id_document_number)

    def clean(self):
        self.id_document_number = normalised(self.id_document_number)
        if self.id_document_type and not self.id_document_number:
            raise ValidationError({"id_document_number": _("Give the number of this document.")})
        if self.id_document_number and not self.id_document_type:
            raise ValidationError({"id_document_type": _("Say what kind of document it is.")})
        found = self.id_document_type and problem(self.id_document_type, self.id_document_number)
        if found:
            raise ValidationError(
                {
                    "id_document_number": _("The ID document number is not valid: %(problem)s.")
                    % {"problem": found}
                }
            )


class Qualification(models.Model):
    """A person's registered qualification (ISO/IEC 17065 §6.1): what, until when, for what."""

    class Kind(models.TextChoices):
        AUDITOR = "auditor", _("Auditor")
        SENIOR_AUDITOR = "senior_auditor", _("Senior auditor")
        TECHNICAL_EXPERT = "technical_expert", _("Technical expert")
        TRAINEE = "trainee", _("Trainee auditor")

    person = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="qualifications", verbose_name=_("person")
    )
    kind = models.CharField(_("qualification"), max_length=20, choices=Kind.choices)
    registration_number = models.CharField(_("registration number"), max_length=40)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    schemes = models.CharField(
        _("schemes covered"),
        max_length=200,
        help_text=_(
            "The scheme labels it covers, separated by semicolons, e.g. “CTS TBSC041”: "
            "a label covers every edition that starts with it."
        ),
    )
    sectors = models.CharField(_("sectors"), max_length=200, blank=True)

    class Meta:
        ordering = ["person_id", "-valid_until", "id"]
        verbose_name = _("qualification")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="qualification_valid_until_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.registration_number}"

    def scheme_labels(self) -> list[str]:
        return [label for label in SCHEME_SEPARATORS.split(self.schemes) if label.strip()]

    def covers_scheme(self, label: str) -> bool:
        """Whether one of its labels begins *label* (spaces and case aside)."""
        wanted = _plain(label)
        return any(wanted.startswith(_plain(own)) for own in self.scheme_labels())

    def covers(self, start, end) -> bool:
        return self.valid_from <= start and end <= self.valid_until


SCHEME_SEPARATORS = re.compile(r"[;；,，\n]")
APPROVAL_NUMBER = re.compile(r"[A-Z0-9]+(-[A-Z0-9]+)*")


def _plain(label: str) -> str:
    return re.sub(r"\s+", "", label).upper()


def declaration_path(instance: ImpartialityDeclaration, filename: str) -> str:
    return f"declarations/{instance.person_id}/{filename}"


class ImpartialityDeclaration(models.Model):
    """A signed declaration of impartiality and confidentiality (ISO/IEC 17065 §4.2, §6.1)."""

    person = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="impartiality_declarations",
        verbose_name=_("person"),
    )
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"))
    statement = models.TextField(_("statement"))
    file = models.FileField(_("signed copy"), upload_to=declaration_path, blank=True)
    original_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["person_id", "-signed_on", "id"]
        verbose_name = _("impartiality declaration")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("signed_on")),
                name="declaration_valid_until_after_signed_on",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.signed_on}"

    def covers(self, start, end) -> bool:
        return self.signed_on <= start and end <= self.valid_until


class CertificationBody(models.Model):
    """The certification body itself (one row): what the regulator's report names it by.

    Until an administrator saves it, :meth:`current` gives the name from the settings and a
    blank approval number (批准号), which the body page asks to be filled.
    """

    ONLY = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONLY)
    approval_number = models.CharField(
        _("approval number"),
        max_length=40,
        blank=True,
        help_text=_("The regulator's approval number of the body, e.g. CNCA-R-…"),
    )
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=200)
    accreditation_number = models.CharField(
        _("accreditation number"), max_length=40, blank=True, help_text=_("The CNAS number.")
    )
    accreditation_mark = models.BooleanField(
        _("certificates carry the accreditation mark"), default=False
    )

    class Meta:
        verbose_name = _("certification body")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="one_certification_body"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        # As the regulator's report writes it: upper case, no spaces.
        self.approval_number = "".join(self.approval_number.split()).upper()
        if self.approval_number and not APPROVAL_NUMBER.fullmatch(self.approval_number):
            raise ValidationError(
                {
                    "approval_number": _(
                        "An approval number holds only capital letters, digits and hyphens, "
                        "e.g. CNCA-R-2002-001."
                    )
                }
            )

    @classmethod
    def current(cls) -> CertificationBody:
        """The saved row, or the default (not saved: a page that reads it never writes)."""
        return cls.objects.filter(pk=cls.ONLY).first() or cls(
            pk=cls.ONLY, name=settings.CERTIFICATION_BODY
        )


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
