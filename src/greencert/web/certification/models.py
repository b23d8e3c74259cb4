"""From findings to certificate (ISO/IEC 17065 §7.4–§7.13).

Nonconformities and their corrective actions feed the conformity gate;
a frozen :class:`ResultSnapshot` is what review and decision look at; a
:class:`Decision` leads to a :class:`Certificate` whose history, surveillance
and public verification follow.  Snapshots, decisions and certificate events
are never changed once written: a correction is a new revision.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greencert.core.assessment_input import Reference


class Immutable(models.Model):
    """Rows that are written once: a change is a new row, never an update."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not getattr(self, "_allow_update", False):
            raise ValueError(f"{self._meta.verbose_name} records are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name} records are never deleted")


class Nonconformity(models.Model):
    """A 不符合项 raised by an auditor, answered by the client, verified and closed."""

    class Severity(models.TextChoices):
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")

    class Status(models.TextChoices):
        OPEN = "open", _("Open: awaiting the client's answer")
        ANSWERED = "answered", _("Answered: awaiting the auditor")
        RETURNED = "returned", _("Returned to the client")
        PLAN_ACCEPTED = "plan_accepted", _("Corrective-action plan accepted")
        CLOSED = "closed", _("Closed")

    class RefKind(models.TextChoices):
        ITEM = "item", _("Appendix 1 service item")
        CLAUSE = "clause", _("Appendix 3/4 management clause")
        QMS = "qms", _("GB/T 19001 clause")
        SPECIFIC = "specific", _("§4.2.2 specific requirement")

    # How each state reads at the conformity gate (the core knows three states).
    GATE_STATUS = {
        Status.OPEN: "open",
        Status.ANSWERED: "open",
        Status.RETURNED: "open",
        Status.PLAN_ACCEPTED: "plan_accepted",
        Status.CLOSED: "closed",
    }

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="nonconformities"
    )
    code = models.CharField(_("number"), max_length=20)
    # What it is against (the core's Reference): an Appendix 1 item, an Appendix 3/4 maturity
    # clause, a row of the pinned GB/T 19001 checklist or of the §4.2.2 checklist.
    ref_kind = models.CharField(_("reference kind"), max_length=10, choices=RefKind.choices)
    ref_id = models.CharField(pgettext_lazy("nonconformity", "reference"), max_length=12)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    description = models.TextField(_("description"))
    evidence = models.TextField(_("objective evidence"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    # The client's answer
    correction = models.TextField(_("correction"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    action_plan = models.TextField(_("corrective-action plan"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # The auditor's review of the answer, and the verification that closes it
    review_comment = models.TextField(_("auditor's comment"), blank=True)
    verification = models.TextField(_("verification evidence"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    due_reminder_sent = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["project", "id"]
        # The worklists: the findings at one step (awaiting the answer, the verification).
        indexes = [models.Index(fields=["status"], name="nonconformity_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="nonconformity_code_unique"),
            models.CheckConstraint(
                condition=Q(ref_kind__in=["item", "clause", "qms", "specific"]) & ~Q(ref_id=""),
                name="nonconformity_cites_a_known_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(verification=""),
                name="closed_nonconformity_has_verification",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open"]) | ~Q(action_plan="") | Q(status="closed"),
                name="answered_nonconformity_has_a_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_severity_display()}, {self.ref_kind} {self.ref_id})"

    @property
    def gate_status(self) -> str:
        return self.GATE_STATUS[self.status]

    @property
    def reference(self) -> Reference:
        return Reference(self.ref_kind, self.ref_id)

    def as_input(self) -> dict:
        """This nonconformity as an entry of the core's input contract (contract 2: ``"ref"``)."""
        return {
            "id": self.code,
            "ref": {"kind": self.ref_kind, "id": self.ref_id},
            "severity": self.severity,
            "status": self.gate_status,
        }


def answer_file_path(instance: NonconformityFile, filename: str) -> str:
    return f"evidence/nonconformities/{instance.nonconformity_id}/{filename}"


class NonconformityFile(models.Model):
    """A file the client sends with its answer to a nonconformity (a photo of the correction, a
    revised procedure), for the auditor to verify; kept when the answer is returned and sent again."""

    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=answer_file_path, max_length=255)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nonconformity", "id"]

    def __str__(self) -> str:
        return self.original_name


class ResultSnapshot(Immutable):
    """The core's result frozen when the team leader marks the evaluation complete."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="snapshots"
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scheme_label = models.CharField(max_length=60)
    scheme_hash = models.CharField(max_length=64)
    inputs = models.JSONField(encoder=DjangoJSONEncoder)  # the input contract, as scored
    result = models.JSONField(encoder=DjangoJSONEncoder)  # Assessment.as_dict("zh-hans")
    result_en = models.JSONField(encoder=DjangoJSONEncoder)  # Assessment.as_dict("en")
    grade = models.CharField(max_length=10, blank=True)  # "" = not certified

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("result snapshot")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="snapshot_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} #{self.number}"


class ResultFigures(models.Model):
    """The figures of one frozen result that the body's statistics read (issue 18 §4).

    Written with the snapshot (``services.results.freeze``), so that pages across all
    clients read rows rather than score every project again; ``current`` marks the
    project's latest snapshot, and a decision (``services.decisions.decide``) records the
    grade granted and its year.  Sector and region are the organisation's when frozen.
    """

    snapshot = models.OneToOneField(
        ResultSnapshot, on_delete=models.PROTECT, related_name="figures"
    )
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "clients.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20)  # the project's kind: initial, surveillance …
    current = models.BooleanField(default=True)
    year = models.PositiveSmallIntegerField()  # frozen, then the decision's year
    sector = models.CharField(max_length=100, blank=True)
    region_code = models.CharField(max_length=6, blank=True)
    computed_grade = models.CharField(max_length=10, blank=True)
    granted_grade = models.CharField(max_length=10, blank=True)  # "" until granted
    service_score = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    evaluations = models.PositiveIntegerField(default=0)  # how many the score counts
    management_level = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["project", "-snapshot"]
        indexes = [
            models.Index(fields=["current", "year"], name="figures_current_year"),
            models.Index(fields=["organisation", "year"], name="figures_organisation_year"),
        ]


class ItemFigure(models.Model):
    """An item's mean α in one result."""

    figures = models.ForeignKey(ResultFigures, on_delete=models.CASCADE, related_name="items")
    item_id = models.CharField(max_length=8)
    mean_alpha = models.DecimalField(max_digits=6, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["figures", "item_id"], name="item_figure_unique")
        ]


class ClauseFigure(models.Model):
    """A management clause's maturity level in one result."""

    figures = models.ForeignKey(ResultFigures, on_delete=models.CASCADE, related_name="clauses")
    clause_id = models.CharField(max_length=8)
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["figures", "clause_id"], name="clause_figure_unique")
        ]


class RaterDeviation(models.Model):
    """A rater's score minus their co-raters' mean on one site of one result, in points."""

    figures = models.ForeignKey(ResultFigures, on_delete=models.CASCADE, related_name="deviations")
    site = models.CharField(max_length=200)
    rater = models.CharField(max_length=100)
    deviation = models.DecimalField(max_digits=8, decimal_places=4)
    co_raters = models.PositiveSmallIntegerField()
    # The source of the rater's sheet at the site (auditor, mystery_shopper): a typed name
    # tells no more, and the insights say which kind of rater a row is.
    source = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["rater"], name="rater_deviation_rater")]


class Review(Immutable):
    """Technical review (ISO/IEC 17065 §7.5) of one snapshot by someone not on the team."""

    class Outcome(models.TextChoices):
        RECOMMEND = "recommend", _("Recommend the decision")
        RETURN = "return", _("Return to the team")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="reviews"
    )
    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    comment = models.TextField(_("comment"))
    reviewed_at = models.DateTimeField(auto_now_add=True)
    appeal = models.ForeignKey(
        "Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        verbose_name = _("technical review")


class Decision(Immutable):
    """The certification decision (§7.6); a correction is a new revision."""

    class Outcome(models.TextChoices):
        GRANT = "grant", _("Grant certification")
        REFUSE = "refuse", _("Refuse certification")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="decisions"
    )
    revision = models.PositiveIntegerField()
    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.PROTECT, related_name="decisions")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decision date"))
    decided_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome.choices)
    computed_grade = models.CharField(max_length=10, blank=True)
    grade = models.CharField(_("grade granted"), max_length=10, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        ordering = ["project", "-revision"]
        verbose_name = _("certification decision")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "revision"], name="one_decision_per_revision"
            ),
            models.CheckConstraint(
                condition=(Q(outcome="grant") & ~Q(grade=""))
                | (Q(outcome="refuse") & Q(grade="") & ~Q(reason="")),
                name="grant_has_grade_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} r{self.revision}: {self.grade or self.get_outcome_display()}"


class Certificate(models.Model):
    """A certificate (§7.7).  The number stays; a reissue raises the revision."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")  # shown, never stored: follows from the date

    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    revision = models.PositiveIntegerField(default=0)
    organisation = models.ForeignKey(
        "clients.Organisation", on_delete=models.PROTECT, related_name="certificates"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="certificates"
    )
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="certificates")
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_address = models.CharField(_("address"), max_length=300)
    scope = models.TextField(_("scope"))
    sites = models.JSONField(_("sites"), default=list)  # [{"name": ..., "address": ...}]
    scheme_label = models.CharField(_("scheme"), max_length=60)
    grade = models.CharField(_("grade"), max_length=10)
    granted_on = models.DateField(_("grant date"))
    expires_on = models.DateField(_("expiry date"))
    issuer = models.CharField(_("issuing body"), max_length=200)
    signatory = models.CharField(_("authorised signatory"), max_length=100)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    status_reason = models.TextField(blank=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_on", "-id"]
        # The list's default order and its sort by expiry, read a page at a time.
        indexes = [
            models.Index(fields=["-granted_on", "-id"], name="certificate_newest_first"),
            models.Index(fields=["expires_on", "id"], name="certificate_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("granted_on")), name="certificate_expires_after_grant"
            ),
            models.CheckConstraint(
                condition=~Q(status="expired"), name="expired_is_derived_not_stored"
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[A-Z0-9-]+$"), name="certificate_number_format"
            ),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.number}-R{self.revision}" if self.revision else self.number

    def current_status(self, today) -> str:
        """Expired follows automatically from the date; suspension and withdrawal are stored."""
        if self.status == self.Status.VALID and today > self.expires_on:
            return self.Status.EXPIRED
        return self.status


class CertificateEvent(Immutable):
    """History of a certificate: issue, reissue, suspension, reinstatement, withdrawal."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REISSUED = "reissued", _("Reissued")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        # Recorded once by the daily expiry task (by no one); the status stays derived.
        EXPIRED = "expired", _("Expired")

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    revision = models.PositiveIntegerField()
    reason = models.TextField(_("reason"))
    content = models.JSONField(
        encoder=DjangoJSONEncoder
    )  # what the certificate stated at that point
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    # The events that tell a decision was issued on: whichever certificate later moved on.
    ISSUING = (Kind.ISSUED, Kind.REISSUED)

    class Meta:
        ordering = ["certificate", "at", "id"]
        verbose_name = _("certificate event")
        indexes = [
            # Whether a decision was issued (the worklist, the project page): found by the
            # decision kept in the content, not by reading every event ever written.
            models.Index(
                Cast(KT("content__decision"), models.IntegerField()),
                condition=Q(kind__in=["issued", "reissued"]),
                name="certificate_event_decision",
            )
        ]

    @classmethod
    def issuing(cls, decision) -> models.QuerySet:
        """The issue and reissue events made on *decision* (a Decision, or its key in a
        query: ``OuterRef("pk")``), by the index above."""
        return (
            cls.objects.filter(kind__in=cls.ISSUING)
            .annotate(decision_id=Cast(KT("content__decision"), models.IntegerField()))
            .filter(decision_id=decision)
        )


class AwaitingCertificate(models.Model):
    """A granting decision, not superseded, on which no certificate was issued yet.

    The managers' "certificates to issue", read by its key rather than by setting every
    decision ever taken against every certificate and issue event.  Decisions are never
    changed, so the state lives here: the decision service writes the row with a grant
    (and removes the one of the decision it supersedes), the certificate service removes
    it with the issue, each in the same transaction.
    """

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, primary_key=True, related_name="awaiting"
    )

    class Meta:
        verbose_name = _("certificate to issue")

    def __str__(self) -> str:
        return f"{self.decision_id}"


class ExpiryNotice(models.Model):
    """That a certificate's expiry was announced: *days_before* it, or (0) once it had passed.

    One row per certificate, expiry date and notice, so each is recorded and mailed once
    however often the daily task runs; a recertification's new expiry date starts afresh.
    """

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="expiry_notices"
    )
    expires_on = models.DateField(_("expiry date"))
    days_before = models.PositiveIntegerField()  # 0: the certificate has expired
    noted_on = models.DateField()
    mailed_on = models.DateField(null=True, blank=True)  # None: the mail is still to go

    class Meta:
        ordering = ["certificate", "-days_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "expires_on", "days_before"], name="expiry_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.expires_on} -{self.days_before}"


class SurveillanceVisit(models.Model):
    """A planned surveillance of a certificate (annual by default)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="surveillance"
    )
    sequence = models.PositiveIntegerField()
    due_on = models.DateField(_("due"))
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveillance_visit",
    )
    reminder_sent = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [
            # The managers' worklist: the visits not started of the few certificates in force,
            # read per certificate rather than among every visit ever planned.
            models.Index(
                fields=["certificate", "due_on"],
                condition=Q(project__isnull=True),
                name="surveillance_not_started",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "sequence"], name="surveillance_sequence_unique"
            )
        ]


class Complaint(models.Model):
    """A complaint or an appeal (§7.13) and how it was handled."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        APPEAL = "appeal", _("Appeal against a decision")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_HANDLING = "in_handling", _("Being handled")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    received_on = models.DateField(_("received on"))
    complainant = models.CharField(_("from"), max_length=200)
    subject = models.TextField(_("subject"))
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="appeals"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledge_by = models.DateField(_("acknowledge by"))
    resolve_by = models.DateField(_("resolve by"))
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    communicated_on = models.DateField(_("outcome communicated on"), null=True, blank=True)
    communicated_how = models.CharField(_("communicated how"), max_length=200, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            # The register's default order, read a page at a time.
            models.Index(fields=["-received_on", "-id"], name="complaint_newest_first"),
            # The worklists: the cases still open among all those ever closed.
            models.Index(
                fields=["resolve_by"], condition=~Q(status="closed"), name="complaint_open_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & Q(communicated_on__isnull=False)),
                name="closed_complaint_has_outcome_and_communication",
            ),
            models.CheckConstraint(
                condition=~Q(kind="appeal") | Q(decision__isnull=False),
                name="appeal_names_a_decision",
            ),
            models.CheckConstraint(
                condition=Q(resolve_by__gte=F("received_on")),
                name="complaint_deadline_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class RefusedAttempt(Immutable):
    """An attempt that an impartiality or integrity rule refused, logged for the record."""

    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=80)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("refused attempt")
