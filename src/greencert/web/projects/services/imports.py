"""Importing a filled Excel template into an assessment, all or nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core.assessment_input import AssessmentInput
from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import parse_assessment
from greencert.core.ratings import Rating
from greencert.web.projects.checklists import KINDS, pinned_checklist
from greencert.web.projects.models import Assessment, ChecklistVerdict, Evaluation
from greencert.web.projects.scoring import scheme_of
from greencert.web.projects.services.checklists import record_verdict
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from greencert.web.projects.services.states import check_assessment_open
from greencert.web.upload_checks import check_workbook
from greencert.workbook.reader import Reading, read_book


@dataclass(frozen=True)
class Imported:
    """What an import stored: the evaluations created, the checklist verdicts recorded, and
    whether the workbook's §5.2.2 block was left aside (the exemption has its own page)."""

    evaluations: list[Evaluation]
    verdicts: int = 0
    exemption_ignored: bool = False


def import_workbook(*, actor, assessment: Assessment, stream) -> Imported:
    """Add the evaluations, maturity levels and checklist verdicts of a filled template, all or
    nothing.

    The file is an edge like the command line: its cells are read into the
    input contract (naming sheet and row for each problem), which the core
    reads once into typed evaluations; those are stored as they are.
    The file is read before the transaction: on SQLite a transaction holds
    the whole database's write lock from its start, and reading is the slow part.
    """
    check_workbook(stream)
    scheme = scheme_of(assessment)
    checklists = {kind: pinned_checklist(assessment, kind) for kind in KINDS}
    reading = read_book(scheme, stream, checklists=checklists)
    parsed = parse_assessment(
        reading.data,
        scheme,
        qms_checklist=checklists["qms"],
        specific_checklist=checklists["specific"],
    )
    return _store(actor, assessment, parsed, reading)


@transaction.atomic
def _store(actor, assessment: Assessment, parsed: AssessmentInput, reading: Reading) -> Imported:
    check_assessment_open(assessment)
    sites = {site.name: site for site in assessment.organisation.sites.all()}
    unknown = [
        Problem(
            evaluation=e.id,
            message=_("site “%(site)s” is not one of the organisation's sites") % {"site": e.site},
        )
        for e in parsed.evaluations or ()
        if e.site and e.site not in sites
    ]
    if unknown:
        raise InputError(unknown)
    created = [
        save_evaluation(
            actor=actor,
            assessment=assessment,
            header={
                "code": e.id,
                "evaluator": e.evaluator,
                "date": datetime.date.fromisoformat(e.date) if e.date else datetime.date.today(),
                "site": sites.get(e.site),
                "source": e.source,
            },
            ratings={i: Rating(alpha, e.likert.get(i)) for i, alpha in e.alphas.items()},
        )
        for e in parsed.evaluations or ()
    ]
    if parsed.maturity:
        current = {
            r.clause_id: {"level": r.level, "note": r.note} for r in assessment.clause_ratings.all()
        }
        current |= {cid: {"level": level} for cid, level in parsed.maturity.items()}
        save_maturity(
            actor=actor,
            assessment=assessment,
            levels=current,
            expected_version=assessment.maturity_version,
        )
    verdicts = _store_verdicts(actor, assessment, reading)
    return Imported(created, verdicts, "exemption" in reading.data)


def _store_verdicts(actor, assessment: Assessment, reading: Reading) -> int:
    """Record each verdict the checklist sheets give through the verdict service (a row whose
    verdict and reason are already stored is left as it is); returns how many were recorded."""
    stored = {
        (v.kind, v.clause_id): v for v in ChecklistVerdict.objects.filter(assessment=assessment)
    }
    count = 0
    for kind in KINDS:
        reasons = reading.reasons.get(kind, {})
        for clause_id, verdict in reading.data.get(kind, {}).items():
            row, reason = stored.get((kind, clause_id)), reasons.get(clause_id, "")
            if row and (row.verdict, row.reason) == (verdict, reason.strip()):
                continue
            record_verdict(
                actor=actor,
                assessment=assessment,
                kind=kind,
                clause_id=clause_id,
                verdict=verdict,
                date=timezone.localdate(),  # the day the verdicts reach the project
                expected_version=row.version if row else 0,
                reason=reason,
            )
            count += 1
    return count
