"""The audit checklists of a project as stored: pinned versions, rows, summary, plain values.

An official assessment pins the GB/T 19001 checklist (§4.2.1, §5.2.1) and
the §4.2.2 checklist of its scheme when it is created; its verdicts are
read here against those versions.  A checklist file changed since is
refused, as :func:`greencert.web.projects.scoring.scheme_of` refuses a
changed scheme.  :func:`audit_values` gives what the core's input takes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core.checklist import FINDINGS, Checklist, ChecklistChapter, ChecklistClause
from greencert.core.exceptions import SchemeError
from greencert.core.management_audit import LAPSED, NOT_VALID_AT_AUDIT, Exemption
from greencert.core.registry import get_checklist
from greencert.web.projects.models import (
    Assessment,
    ChecklistVerdict,
    ExemptionRecord,
    Project,
    Verdict,
)

KINDS = tuple(ChecklistVerdict.Kind.values)


def pinned_checklist(assessment: Assessment, kind: str) -> Checklist | None:
    """The *kind* checklist the assessment pinned (None for a self-assessment).

    Raises :class:`SchemeError` when the file has changed since it was pinned.
    """
    label, digest = (
        (assessment.qms_label, assessment.qms_hash)
        if kind == "qms"
        else (assessment.specific_label, assessment.specific_hash)
    )
    if not label:
        return None
    checklist = get_checklist(label)
    if checklist.hash != digest:
        raise SchemeError(
            _(
                "%(label)s: the checklist file has changed since this assessment was created "
                "(hash %(pinned)s, now %(now)s)"
            )
            % {"label": label, "pinned": digest[:12], "now": checklist.hash[:12]}
        )
    return checklist


def check_pinned_checklists(assessment: Assessment) -> None:
    """Refuse (SchemeError) an assessment whose pinned checklist files have changed."""
    for kind in KINDS:
        pinned_checklist(assessment, kind)


def reliance_date(project: Project) -> datetime.date:
    """The date the result is relied on: the certification decision's, today while undecided."""
    if project.state == Project.State.DECIDED:
        decided = (
            project.audit_entries.filter(
                action="greencert.project.state_changed", after__state=Project.State.DECIDED
            )
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        if decided is not None:
            return timezone.localdate(decided)
    return timezone.localdate()


def exemption_problem(record: ExemptionRecord, on: datetime.date) -> str:
    """Why the §5.2.2 exemption cannot be relied on at *on*, or "" when it can.

    The rule is the core's (:attr:`Exemption.refusal`); this only says it in words.
    """
    expires = record.certificate_expires
    refusal = Exemption(expires, record.audit_date, on, tuple(record.clauses)).refusal
    if refusal == NOT_VALID_AT_AUDIT:
        return _(
            "The GB/T 19001 certificate expired on %(expires)s, before the audit date "
            "%(audit)s: no exemption (§5.2.2)."
        ) % {"expires": expires.isoformat(), "audit": record.audit_date.isoformat()}
    if refusal == LAPSED:
        return _(
            "The GB/T 19001 certificate lapsed on %(expires)s, before %(on)s: the exemption is "
            "no longer valid and the exempted clauses must be audited (§5.2.2)."
        ) % {"expires": expires.isoformat(), "on": on.isoformat()}
    return ""


def exemption_of(assessment: Assessment) -> ExemptionRecord | None:
    # Read afresh: a cached one-to-one would hide a record revised since the assessment was read.
    return ExemptionRecord.objects.filter(assessment=assessment).first()


@dataclass
class ChecklistRow:
    clause: ChecklistClause
    verdict: ChecklistVerdict | None
    listed: bool  # the exemption lists this row (GB/T 19001 rows only)
    problem: str = ""  # why an "exempted" verdict does not count
    evidence: list = field(default_factory=list)

    @property
    def is_finding(self) -> bool:
        return self.verdict is not None and self.verdict.verdict in FINDINGS


@dataclass
class ChecklistView:
    """One pinned checklist with the project's verdicts, row by row, grouped by chapter."""

    kind: str
    checklist: Checklist
    chapters: list[tuple[ChecklistChapter, list[ChecklistRow]]]
    exemption: ExemptionRecord | None
    exemption_problem: str

    @property
    def rows(self) -> list[ChecklistRow]:
        return [row for _chapter, rows in self.chapters for row in rows]

    @property
    def judged(self) -> int:
        return sum(1 for row in self.rows if row.verdict is not None)

    @property
    def findings(self) -> int:
        return sum(1 for row in self.rows if row.is_finding)

    @property
    def exempted(self) -> int:
        return sum(1 for row in self.rows if row.verdict and row.verdict.verdict == "exempted")

    @property
    def exemption_blocked(self) -> int:
        return sum(1 for row in self.rows if row.problem)


def checklist_view(assessment: Assessment, kind: str, on: datetime.date) -> ChecklistView | None:
    """The *kind* checklist with its verdicts (None for a self-assessment)."""
    verdicts = list(_with_details(assessment.verdicts.filter(kind=kind)))
    record = exemption_of(assessment) if kind == "qms" else None
    return _view(assessment, kind, on, verdicts, record)


def checklist_views(assessment: Assessment, on: datetime.date) -> list[ChecklistView]:
    """Both checklists' views (none for a self-assessment), their verdicts and the exemption
    read once for both."""
    verdicts = list(_with_details(assessment.verdicts.all()))
    record = exemption_of(assessment)
    views = (
        _view(assessment, kind, on, [v for v in verdicts if v.kind == kind], record)
        for kind in KINDS
    )
    return [view for view in views if view is not None]


def _with_details(verdicts):
    return verdicts.select_related("auditor").prefetch_related("evidence")


def _view(assessment, kind, on, verdicts: list, record) -> ChecklistView | None:
    """The view of *kind* from verdicts and exemption record already read (the record is
    the GB/T 19001 checklist's only)."""
    checklist = pinned_checklist(assessment, kind)
    if checklist is None:
        return None
    by_clause = {v.clause_id: v for v in verdicts}
    record = record if kind == "qms" else None
    invalid = exemption_problem(record, on) if record else ""
    listed = set(record.clauses) if record else set()
    chapters = []
    for chapter in checklist.chapters:
        rows = []
        for clause in chapter.clauses:
            verdict = by_clause.get(clause.id)
            row = ChecklistRow(clause, verdict, clause.id in listed)
            if verdict is not None and verdict.verdict == Verdict.EXEMPTED:
                row.problem = _exempted_problem(record, row.listed, invalid)
            rows.append(row)
        chapters.append((chapter, rows))
    return ChecklistView(kind, checklist, chapters, record, invalid)


def _exempted_problem(record: ExemptionRecord | None, listed: bool, invalid: str) -> str:
    if record is None:
        return _("Judged exempted, but no §5.2.2 exemption is recorded.")
    if not listed:
        return _("Judged exempted, but the §5.2.2 exemption does not list this clause.")
    return invalid


def audit_values(assessment: Assessment) -> dict:
    """The checklist audit as the plain values the core's input takes.

    ``{"qms": {id: verdict}, "specific": {id: verdict}, "exemption":
    {"certificate_expires": date, "audit_date": date, "clauses": (id, …)} or None}``,
    rows in checklist order; ``qms``/``specific`` are None for an assessment
    that pins no checklist (a self-assessment).  Raises SchemeError when a
    pinned checklist file has changed.
    """
    values: dict = {"exemption": None}
    stored: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for kind, clause_id, verdict in assessment.verdicts.values_list("kind", "clause_id", "verdict"):
        stored[kind][clause_id] = verdict
    pinned = {kind: pinned_checklist(assessment, kind) for kind in KINDS}
    for kind, checklist in pinned.items():
        values[kind] = (
            None
            if checklist is None
            else {cid: stored[kind][cid] for cid in checklist.clauses if cid in stored[kind]}
        )
    record = exemption_of(assessment)
    if record is not None and pinned["qms"] is not None:
        order = list(pinned["qms"].clauses)
        values["exemption"] = {
            "certificate_expires": record.certificate_expires,
            "audit_date": record.audit_date,
            "clauses": tuple(sorted(record.clauses, key=order.index)),
        }
    return values
