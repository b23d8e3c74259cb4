"""Assessment projects and the sheets auditors fill in.

An :class:`Assessment` is one set of sheets — the service evaluations and
the maturity ratings — that the core scores together.  A project has one
official assessment; a client's self-assessment is another kind of
assessment that belongs to the organisation and never mixes with the
certification body's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greencert.core.statistics.agreement import RATER_SOURCES


class AuditMode(models.TextChoices):
    """How an audit is carried out: the codes of the regulator's audit-plan table (2021)."""

    ON_SITE = "FS01", _("On-site audit")
    REMOTE = "FS02", _("Remote audit")
    COMBINED = "FS03", _("On-site combined with remote")


class Project(models.Model):
    """An assessment project (认证项目): initial, surveillance or recertification."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial certification")
        SURVEILLANCE = "surveillance", _("Surveillance")
        RECERTIFICATION = "recertification", _("Recertification")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("Assessment in progress")
        EVALUATION_COMPLETE = "evaluation_complete", _("Evaluation complete")
        # Entered when the technical review recommends the decision (reviewed, not being reviewed).
        UNDER_REVIEW = "under_review", _("Reviewed, awaiting decision")
        DECIDED = "decided", _("Decided")
        CANCELLED = "cancelled", _("Cancelled")

        @property
        def is_open(self) -> bool:
            """Planned or in progress: the plan and the official sheets may still change."""
            return self in (Project.State.PLANNED, Project.State.IN_PROGRESS)

        @classmethod
        def open_values(cls) -> list[str]:
            return [state.value for state in cls if state.is_open]

    code = models.CharField(_("project number"), max_length=20, unique=True)
    organisation = models.ForeignKey(
        "clients.Organisation", on_delete=models.PROTECT, related_name="projects"
    )
    application = models.ForeignKey(
        "clients.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_projects",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.INITIAL)
    scope = models.TextField(_("scope"))
    sites = models.ManyToManyField("clients.Site", verbose_name=_("sites"), blank=True)
    services = models.ManyToManyField("clients.Service", verbose_name=_("services"), blank=True)
    scheme_label = models.CharField(_("scheme"), max_length=60)  # pinned at creation
    scheme_hash = models.CharField(max_length=64)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.PLANNED
    )
    # How and when the audit actually took place (the regulator's audit-plan and result tables).
    audit_mode = models.CharField(
        _("audit mode"), max_length=4, choices=AuditMode.choices, blank=True
    )
    audit_started_on = models.DateField(_("audit started on"), null=True, blank=True)
    audit_ended_on = models.DateField(_("audit ended on"), null=True, blank=True)
    # Why the project was cancelled: asked for on the confirmation page, shown with the state.
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMember", related_name="projects"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        # The list pages read the newest first: walked in index order, a page stops at 50 rows.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="project_newest_first"),
            # The list sorted by its planned dates.
            models.Index(fields=["planned_start", "id"], name="project_planned_start"),
            # The worklists find the projects at one step of the path (to plan, to review …).
            models.Index(fields=["state"], name="project_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="project_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(audit_started_on__isnull=True)
                | Q(audit_ended_on__isnull=True)
                | Q(audit_ended_on__gte=F("audit_started_on")),
                name="audit_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.organisation}"

    @property
    def is_open(self) -> bool:
        return Project.State(self.state).is_open

    @property
    def audit_dates(self) -> tuple:
        """The audit's first and last day: the actual dates where recorded, else the planned."""
        return (
            self.audit_started_on or self.planned_start,
            self.audit_ended_on or self.audit_started_on or self.planned_end,
        )


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Team leader")
        EVALUATOR = "evaluator", pgettext_lazy("team role", "Evaluator")
        EXPERT = "expert", _("Technical expert")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("team role"), max_length=16, choices=Role.choices)
    person_days = models.DecimalField(
        _("person-days"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person_days__isnull=True) | Q(person_days__gt=0),
                name="person_days_positive",
            ),
            models.UniqueConstraint(fields=["project", "user"], name="one_team_place_per_person"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="leader"), name="one_leader_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Assessment(models.Model):
    """One set of sheets scored together: a project's, or a client's own self-assessment."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("Certification body's assessment")
        SELF = "self", _("Self-assessment (unofficial)")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="assessment"
    )
    organisation = models.ForeignKey(
        "clients.Organisation", on_delete=models.CASCADE, related_name="assessments"
    )
    scheme_label = models.CharField(max_length=60)
    scheme_hash = models.CharField(max_length=64)
    maturity_version = models.PositiveIntegerField(default=0)  # optimistic lock of the sheet
    # The audit checklists pinned at creation (§4.2.1, §4.2.2); a self-assessment has none.
    qms_label = models.CharField(max_length=60, blank=True)
    qms_hash = models.CharField(max_length=64, blank=True)
    specific_label = models.CharField(max_length=60, blank=True)
    specific_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="official") & Q(project__isnull=False))
                | (Q(kind="self") & Q(project__isnull=True)),
                name="official_assessments_belong_to_a_project",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind="self"),
                name="one_self_assessment_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return (
            str(self.project)
            if self.project
            else f"{self.organisation} ({self.get_kind_display()})"
        )

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL


class Evaluation(models.Model):
    """One evaluation (一次测评): one person's or one visit's sheet of the 19 items."""

    class Source(models.TextChoices):
        # The same four sources as the core's input contract (greencert.core.inputs.SOURCES).
        AUDITOR = "auditor", _("Auditor")
        MYSTERY_SHOPPER = "mystery_shopper", _("Mystery shopper")
        CUSTOMER = "customer", _("Customer")
        SELF = "self", _("Self-assessment")

    # No index of its own: evaluation_code_unique (assessment, code) serves lookups by assessment.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evaluations", db_index=False
    )
    code = models.CharField(_("evaluation id"), max_length=40)
    evaluator = models.CharField(_("evaluator"), max_length=100)
    date = models.DateField(_("date"))
    site = models.ForeignKey(
        "clients.Site", verbose_name=_("site"), on_delete=models.PROTECT, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # Who rated, as an account of the project's team (an auditor or mystery shopper only): the
    # stable identity agreement and calibration tell raters apart by (issue 18 §2, §4), where
    # the typed evaluator name may merge two people or split one.
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rater"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    counts = models.BooleanField(_("counts in the service score"), default=True)
    version = models.PositiveIntegerField(default=0)  # optimistic lock
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="evaluation_code_unique"),
            models.CheckConstraint(
                condition=Q(rater__isnull=True) | Q(source__in=RATER_SOURCES),
                name="only_auditors_and_mystery_shoppers_have_a_rater",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ItemRating(models.Model):
    """The α (or Likert level) of one item in one evaluation."""

    # No index of its own: one_rating_per_item (evaluation, item_id) serves lookups by evaluation.
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="ratings", db_index=False
    )
    item_id = models.CharField(max_length=8)
    alpha = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    likert = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item_id"], name="one_rating_per_item"),
            models.CheckConstraint(
                condition=(Q(alpha__isnull=False) & Q(likert__isnull=True))
                | (Q(alpha__isnull=True) & Q(likert__isnull=False)),
                name="rating_is_alpha_or_likert",
            ),
            models.CheckConstraint(
                condition=Q(alpha__isnull=True) | (Q(alpha__gte=0) & Q(alpha__lte=1)),
                name="alpha_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(likert__isnull=True) | (Q(likert__gte=1) & Q(likert__lte=5)),
                name="likert_between_1_and_5",
            ),
        ]


class ClauseRating(models.Model):
    """The maturity level of one management clause."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="clause_ratings"
    )
    clause_id = models.CharField(max_length=8)
    level = models.PositiveSmallIntegerField()
    note = models.TextField(_("evidence note"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "clause_id"], name="one_rating_per_clause"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5), name="level_between_1_and_5"
            ),
        ]


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.assessment_id}/{filename}"


class Evidence(models.Model):
    """A file supporting an item rating or a clause rating."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    item_id = models.CharField(max_length=8, blank=True)
    clause_id = models.CharField(max_length=8, blank=True)
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(~Q(item_id="") & Q(clause_id="") & Q(evaluation__isnull=False))
                | (Q(item_id="") & ~Q(clause_id="") & Q(evaluation__isnull=True)),
                name="evidence_supports_an_item_or_a_clause",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ServiceBlueprint(models.Model):
    """The service blueprint (服务蓝图, §4.2.2 2)①) of one service at one site of a project.

    ``data`` is the plain data of :class:`greencert.core.blueprint.Blueprint`,
    checked by the core before it is stored; ``version`` is the optimistic lock.
    """

    # No index of its own: one_blueprint_per_site_and_service (project, …) serves lookups by project.
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="blueprints", db_index=False
    )
    # PROTECT: a site or service with a blueprint is refused removal (clients.services).
    site = models.ForeignKey(
        "clients.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="blueprints"
    )
    service = models.ForeignKey(
        "clients.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="blueprints",
    )
    data = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["site__name", "service__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "site", "service"], name="one_blueprint_per_site_and_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.service}"


class Verdict(models.TextChoices):
    """The verdict on one checklist row (the core's ``checklist.VERDICTS``, in its order)."""

    CONFORMS = "conforms", _("Conforms")
    MINOR = "minor", _("Minor nonconformity")
    MAJOR = "major", _("Major nonconformity")
    EXEMPTED = "exempted", _("Exempted (§5.2.2)")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class ChecklistVerdict(models.Model):
    """The verdict on one row of a pinned audit checklist: GB/T 19001 or §4.2.2."""

    class Kind(models.TextChoices):
        QMS = "qms", _("GB/T 19001 checklist")
        SPECIFIC = "specific", _("§4.2.2 specific requirements")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="verdicts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    clause_id = models.CharField(max_length=12)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    reason = models.TextField(_("reason it is out of scope"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("audit date"))
    version = models.PositiveIntegerField(default=1)  # optimistic lock; no row = version 0
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind", "clause_id"], name="one_verdict_per_checklist_row"
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=[v.value for v in Verdict]), name="verdict_is_known"
            ),
            models.CheckConstraint(
                condition=~Q(verdict="exempted") | Q(kind="qms"),
                name="only_gbt19001_rows_are_exempted",
            ),
            models.CheckConstraint(
                condition=~Q(verdict="out_of_scope") | ~Q(reason=""),
                name="out_of_scope_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.clause_id}: {self.verdict}"


def verdict_evidence_path(instance: VerdictEvidence, filename: str) -> str:
    return f"evidence/{instance.verdict.assessment_id}/checklist/{filename}"


class VerdictEvidence(models.Model):
    """A file supporting a checklist verdict (downloaded through the checklist pages only)."""

    verdict = models.ForeignKey(ChecklistVerdict, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=verdict_evidence_path)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class ExemptionRecord(models.Model):
    """The §5.2.2 decision on a recorded risk assessment: which GB/T 19001 clauses are exempted.

    The organisation's certificate is copied here as it stood when the decision
    was made: the record must outlive later changes to the organisation's file.
    """

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="exemption"
    )
    certificate_number = models.CharField(_("certificate number"), max_length=80)
    issuer = models.CharField(_("issuing body"), max_length=200)
    accredited = models.BooleanField(_("accredited"))
    certificate_scope = models.TextField(_("certificate scope"))
    certificate_expires = models.DateField(_("certificate expiry date"))
    last_surveillance = models.DateField(_("last surveillance audit"), null=True, blank=True)
    audit_date = models.DateField(_("audit date judged against"))
    scope_covers_service = models.BooleanField(
        _("the certificate's scope covers the certified service")
    )
    scope_note = models.TextField(_("note on the scope"), blank=True)
    complaints_known = models.TextField(_("complaints and nonconformities known"), blank=True)
    surveillance_status = models.TextField(_("the certificate's surveillance status"))
    clauses = models.JSONField(_("exempted GB/T 19001 clauses"), default=list, blank=True)
    reason = models.TextField(_("reason for the decision"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))
    version = models.PositiveIntegerField(default=1)  # optimistic lock

    class Meta:
        constraints = [
            # §5.2.2: only a certificate valid on the audit date qualifies.
            models.CheckConstraint(
                condition=Q(certificate_expires__gte=F("audit_date")),
                name="exemption_certificate_valid_on_audit_date",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="exemption_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"§5.2.2 {self.certificate_number}"


def import_file_path(instance: ImportJob, filename: str) -> str:
    return f"imports/{instance.assessment_id}/{filename}"


class ImportJob(models.Model):
    """A confirmed workbook import too large for the request: applied by a task.

    The file is kept in the default storage (the data folder, or S3) with the digest of
    the stored state its preview was made against; the task applies it exactly as
    previewed, all or nothing, and keeps what it stored or why it stored nothing.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="import_jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("file"), max_length=200)
    file = models.FileField(upload_to=import_file_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    stored_digest = models.CharField(max_length=64)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    # Failed: "problems" (listed in ``problems``, each naming sheet, row and column),
    # "stale" (the project changed after the preview), "closed", or "error".
    reason = models.CharField(max_length=10, blank=True)
    problems = models.JSONField(default=list, blank=True)
    applied = models.JSONField(default=dict, blank=True)  # what was stored, when done
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"
