"""The GB/T 19001 and §4.2.2 checklist audits of a test project, recorded as all conforming.

Since issue 11 a project gets no grade until both checklist audits are judged (§4.2.1, §4.2.2,
§5.3). A test about something else that expects a grade records them here — straight into the
table, because the verdict service and its pages have their own tests.
"""

from __future__ import annotations

from django.utils import timezone

from greencert.web.projects.checklists import KINDS, pinned_checklist
from greencert.web.projects.models import ChecklistVerdict


def judge_all_conforming(assessment, auditor) -> None:
    """Every row of both pinned checklists not judged yet: "conforms", by *auditor*, on the
    project's planned start (a decision comes after the audit: a later day would hold it up)."""
    judged = set(assessment.verdicts.values_list("kind", "clause_id"))
    day = assessment.project.planned_start if assessment.project else timezone.localdate()
    ChecklistVerdict.objects.bulk_create(
        ChecklistVerdict(
            assessment=assessment,
            kind=kind,
            clause_id=clause_id,
            verdict="conforms",
            auditor=auditor,
            date=day,
        )
        for kind in KINDS
        for clause_id in pinned_checklist(assessment, kind).clauses
        if (kind, clause_id) not in judged
    )
