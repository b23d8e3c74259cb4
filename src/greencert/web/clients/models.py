"""Client organisations: who they are, where they serve, their QMS certificate,
and their applications for certification."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from greencert.web.clients.divisions import division_name, postcode_problem, region_code_problem


def uscc_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 fails GB 32100 (format or check character), or None."""
    try:
        uscc.validate(code)
    except InvalidChecksum:
        return str(_("the check character does not match"))
    except InvalidLength:
        return str(_("it must have 18 characters"))
    except InvalidFormat:
        return str(_("it contains characters a code cannot have"))
    except StdnumError:
        return str(_("it is not a valid code"))
    return None


class Organisation(models.Model):
    # An organisation's name (名称), not a person's (姓名): its own word in the translation.
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        help_text=_("Unified social credit code: 18 characters, checked against GB 32100."),
    )
    uscc_exception_reason = models.TextField(
        _("reason for keeping a code that fails the check"),
        blank=True,
        help_text=_(
            "Some early codes fail the GB 32100 check character; say why this one is kept."
        ),
    )
    # What the regulator's report asks of an organisation besides its name, code and address.
    region_code = models.CharField(
        _("administrative division code"),
        max_length=6,
        blank=True,
        help_text=_("GB/T 2260 code of the county or district of the address: 6 digits."),
    )
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name

    def unique_error_message(self, model_class, unique_check):
        """A taken code or name is said in a sentence that names it and who holds it."""
        if model_class is Organisation and tuple(unique_check) == ("uscc",):
            holder = Organisation.objects.filter(uscc=self.uscc).exclude(pk=self.pk).first()
            return ValidationError(
                _("The unified social credit code %(uscc)s is already used by %(holder)s."),
                code="unique",
                params={"uscc": self.uscc, "holder": holder or "—"},
            )
        if model_class is Organisation and tuple(unique_check) == ("name",):
            return ValidationError(
                _("An organisation named “%(name)s” is already recorded."),
                code="unique",
                params={"name": self.name},
            )
        return super().unique_error_message(model_class, unique_check)

    def clean(self):
        self._clean_division()
        self.uscc = uscc.compact(self.uscc or "")
        problem = uscc_problem(self.uscc)
        if problem and not self.uscc_exception_reason.strip():
            raise ValidationError(
                {
                    "uscc": _(
                        "%(code)s fails the GB 32100 check (%(problem)s). "
                        "Correct it, or record why it is kept."
                    )
                    % {"code": self.uscc, "problem": problem}
                }
            )

    def _clean_division(self):
        self.region_code = (self.region_code or "").strip()
        self.postcode = (self.postcode or "").strip()
        problems = {}
        if self.region_code and (found := region_code_problem(self.region_code)):
            problems["region_code"] = _("The division code %(code)s is refused: %(problem)s.") % {
                "code": self.region_code,
                "problem": found,
            }
        if self.postcode and (found := postcode_problem(self.postcode)):
            problems["postcode"] = _("The postcode %(code)s is refused: %(problem)s.") % {
                "code": self.postcode,
                "problem": found,
            }
        if problems:
            raise ValidationError(problems)

    @property
    def region_name(self) -> str:
        return division_name(self.region_code)

    @property
    def uscc_valid(self) -> bool:
        return uscc_problem(self.uscc) is None


class ConflictOfInterest(models.Model):
    """A conflict of interest a person of the body declared with an organisation (ISO/IEC 17065
    §4.2): from the day declared until *ends_on* (open-ended when blank), they join none of its
    audit teams."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="declared_conflicts",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="declared_conflicts",
        verbose_name=_("organisation"),
    )
    declared_on = models.DateField(_("declared on"))
    reason = models.TextField(_("reason"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Leave blank when it has no end.")
    )

    class Meta:
        ordering = ["person_id", "-declared_on", "id"]
        verbose_name = _("declared conflict of interest")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("declared_on")),
                name="conflict_ends_after_it_is_declared",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"

    def overlaps(self, start, end) -> bool:
        return self.declared_on <= end and (self.ends_on is None or start <= self.ends_on)


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A place where the certified service is delivered."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("site"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A service the organisation asks to have certified."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("service"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Exemption(models.TextChoices):
    PENDING = "pending", _("Not yet decided")
    PARTIAL = "partial", _("Partly exempted from the generic QMS audit")
    NONE = "none", _("Not exempted")


class QmsCertificate(models.Model):
    """The organisation's GB/T 19001 certificate and the §5.2.2 exemption decision."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="qms_certificates"
    )
    number = models.CharField(_("certificate number"), max_length=80)
    issuer = models.CharField(_("issuing body"), max_length=200)
    accredited = models.BooleanField(_("accredited"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    exemption = models.CharField(
        _("§5.2.2 exemption"), max_length=16, choices=Exemption.choices, default=Exemption.PENDING
    )
    exemption_reason = models.TextField(_("reason for the exemption decision"), blank=True)

    class Meta:
        ordering = ["-valid_until"]
        verbose_name = _("GB/T 19001 certificate")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="qms_valid_until_after_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(exemption="pending") | ~Q(exemption_reason=""),
                name="qms_exemption_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issuer})"

    def clean(self):
        if self.exemption != Exemption.PENDING and not self.exemption_reason.strip():
            raise ValidationError(
                {"exemption_reason": _("An exemption decision needs its reason (§5.2.2).")}
            )


class Application(models.Model):
    """A request for certification (认证申请) and its review."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    scope = models.TextField(_("requested scope"))
    services = models.ManyToManyField(Service, verbose_name=_("services"))
    sites = models.ManyToManyField(Site, verbose_name=_("sites"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    review_reason = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "projects_application"  # where it was first created; the name stays
        ordering = ["-submitted_at"]
        indexes = [
            # The list's default order, read a page at a time.
            models.Index(fields=["-submitted_at", "-id"], name="application_newest_first"),
            # The managers' worklist: the few applications waiting among the many reviewed.
            models.Index(
                fields=["submitted_at"],
                condition=Q(status="submitted"),
                name="application_waiting_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(review_reason=""),
                name="refused_application_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.scope[:40]}"


# What a person gives of an organisation's record: the forms' fields, and the fields the
# services assign and show in the audit trail (greencert.web.clients.services).
ORGANISATION_FIELDS = (
    "name",
    "address",
    "uscc",
    "uscc_exception_reason",
    "region_code",
    "postcode",
    "legal_representative",
    "industry",
)
CONTACT_FIELDS = ("name", "position", "phone", "email")
SITE_FIELDS = ("name", "address")
SERVICE_FIELDS = ("name", "description")
QMS_FIELDS = (
    "number",
    "issuer",
    "accredited",
    "valid_from",
    "valid_until",
    "exemption",
    "exemption_reason",
)
