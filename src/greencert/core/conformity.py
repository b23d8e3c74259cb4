"""The management conformity gate (必须通过管理要求符合性审查, §5.3; RULES.md §3).

Passed when every maturity clause is rated, every row of the GB/T 19001
checklist (§4.2.1, §5.2.1) and of the §4.2.2 checklist is judged — a row
"exempted" only under a valid §5.2.2 exemption that lists it —, no major
nonconformity is still open (a major one must be closed; an accepted plan
is not enough), every open minor nonconformity has an accepted
corrective-action plan, and every row judged minor or major is recorded as
a nonconformity (a finding without a record counts as open).

>>> from greencert.core.registry import default_scheme
>>> check_conformity(default_scheme(), None, (), audits={"qms": None}).absent
('qms',)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from greencert.core.assessment_input import Checklists
from greencert.core.checklist import VERDICTS
from greencert.core.explanation import Note
from greencert.core.inputs import AssessmentInput, Nonconformity
from greencert.core.management_audit import (
    LAPSED,
    NO_EXEMPTION,
    NOT_LISTED,
    NOT_VALID_AT_AUDIT,
    ChecklistAudit,
    Exemption,
    audit_checklist,
)
from greencert.core.maturity import ManagementResult
from greencert.core.scheme import Scheme


@dataclass(frozen=True)
class ConformityResult:
    unrated: tuple[str, ...]  # clauses not yet rated
    open_major: tuple[str, ...]  # major nonconformities not closed
    minor_without_plan: tuple[str, ...]  # open minor ones with no accepted plan
    absent: tuple[str, ...] = ()  # checklist audits ("qms", "specific") not recorded at all
    audits: dict[str, ChecklistAudit] = field(default_factory=dict)  # those recorded, by kind
    uncited: tuple[tuple[str, str], ...] = ()  # (kind, row) judged minor/major, no record

    @property
    def passed(self) -> bool:
        return not (
            self.unrated
            or self.open_major
            or self.minor_without_plan
            or self.absent
            or self.uncited
            or not all(a.complete for a in self.audits.values())
        )


def check_conformity(
    scheme: Scheme,
    management: ManagementResult | None,
    nonconformities: tuple[Nonconformity, ...],
    *,
    audits: Mapping[str, ChecklistAudit | None] | None = None,
) -> ConformityResult:
    """The gate.  *audits* maps each checklist kind the gate requires to its audit, ``None``
    when that audit is not recorded; a kind left out is not required."""
    audits = dict(audits or {})
    unrated = tuple(management.missing) if management else tuple(scheme.clauses)
    open_major = tuple(
        nc.id for nc in nonconformities if nc.severity == "major" and nc.status != "closed"
    )
    minor = tuple(nc.id for nc in nonconformities if nc.severity == "minor" and nc.status == "open")
    cited = {(nc.ref.kind, nc.ref.id) for nc in nonconformities}
    recorded = {kind: audit for kind, audit in audits.items() if audit is not None}
    uncited = tuple(
        (kind, row)
        for kind, audit in recorded.items()
        for row in audit.findings
        if (kind, row) not in cited
    )
    absent = tuple(kind for kind, audit in audits.items() if audit is None)
    return ConformityResult(unrated, open_major, minor, absent, recorded, uncited)


def checklist_audits(data: AssessmentInput, scheme: Scheme) -> dict[str, ChecklistAudit | None]:
    """The checklist audits of *data* as the gate takes them: both kinds required (``None``
    when not recorded), unless the input says they are not yet required."""
    checklists = Checklists(scheme, data.qms_checklist, data.specific_checklist)
    given = {"qms": data.qms, "specific": data.specific}
    return {
        kind: None
        if verdicts is None
        else audit_checklist(checklists[kind], verdicts, data.exemption)
        for kind, verdicts in given.items()
        if verdicts is not None or data.management_audit_required
    }


RULE = {"qms": "§4.2.1 / §5.2.1", "specific": "§4.2.2 / §5.2.4"}
# How a finding is named in a Chinese note: the audit and the verdict (English keeps the codes).
AUDIT_NAME = {"qms": "GB/T 19001", "specific": "§4.2.2"}
FINDING_ZH = {"minor": "一般不符合", "major": "严重不符合"}


def audit_notes(conformity: ConformityResult, exemption: Exemption | None) -> list[Note]:
    """What the checklist audits found and, where they block the gate, why (§4.2, §5.2, §5.3)."""
    notes = [Note(RULE[kind], f"conformity.{kind}_absent") for kind in conformity.absent]
    for kind, audit in conformity.audits.items():
        notes.append(_summary(audit))
        if audit.exempted:
            notes.append(
                Note("§5.2.2", "audit.exempted", _exemption_figures(audit.exempted, exemption))
            )
        if audit.unjudged:
            figures = {"count": str(len(audit.unjudged)), "clauses": ", ".join(audit.unjudged)}
            notes.append(Note(RULE[kind], f"conformity.{kind}_unjudged", figures))
        for why in (NO_EXEMPTION, NOT_LISTED, NOT_VALID_AT_AUDIT, LAPSED):
            rows = tuple(row for row, reason in audit.refused.items() if reason == why)
            if rows:
                figures = _exemption_figures(rows, exemption)
                notes.append(Note("§5.2.2", f"conformity.exemption_{why}", figures))
    if conformity.uncited:
        found = [
            (kind, row, conformity.audits[kind].findings[row]) for kind, row in conformity.uncited
        ]
        figures = {
            "rows": "、".join(f"{AUDIT_NAME[k]} {r}（{FINDING_ZH[f]}）" for k, r, f in found),
            "rows_en": ", ".join(f"{k} {r} ({f})" for k, r, f in found),  # as scripts read it
        }
        notes.append(Note("§5.2.3 / §5.3", "conformity.finding_uncited", figures))
    return notes


def _summary(audit: ChecklistAudit) -> Note:
    counts = Counter(audit.verdicts.values())
    figures = {
        "label": audit.checklist.label,
        "judged": str(len(audit.verdicts)),
        "total": str(len(audit.checklist.clauses)),
    } | {verdict: str(counts[verdict]) for verdict in VERDICTS}
    return Note(RULE[audit.kind], "audit.summary", figures)


def _exemption_figures(rows: tuple[str, ...], exemption: Exemption | None) -> dict[str, str]:
    figures = {"clauses": ", ".join(rows)}
    if exemption is not None:
        figures |= {
            "expires": exemption.certificate_expires.isoformat(),
            "audit_date": exemption.audit_date.isoformat(),
            "on": exemption.on.isoformat(),
        }
    return figures
