"""Evidence files, and the sheet pages' writes: a sheet and its files, all or nothing.

The sheet itself is stored by :mod:`.sheets`
(validation by the core, optimistic locking, audit); this module adds the
evidence files in the same transaction, so a rejected sheet leaves neither
rows nor files behind — nor does a process that dies while saving it
(:mod:`greencert.web.uploads`).
"""

from __future__ import annotations

from collections.abc import Mapping

from greencert.core.exceptions import InputError, Problem
from greencert.core.ratings import Rating
from greencert.web.audit.services import record
from greencert.web.projects.models import Assessment, Evaluation, Evidence
from greencert.web.projects.services import sheets
from greencert.web.upload_checks import upload_problem
from greencert.web.uploads import PendingUploads, files_removed_on_failure


def save_evaluation_sheet(
    *,
    actor,
    assessment: Assessment,
    header: dict,
    ratings: Mapping[str, Rating],
    notes: Mapping[str, str],
    evidence: dict,
    evaluation: Evaluation | None = None,
    expected_version: int | None = None,
) -> Evaluation:
    """Store an evaluation sheet and its evidence files (item id → uploaded file)."""
    with files_removed_on_failure() as stored:
        evaluation = sheets.save_evaluation(
            actor=actor,
            assessment=assessment,
            header=header,
            ratings=ratings,
            notes=notes,
            evaluation=evaluation,
            expected_version=expected_version,
        )
        for item_id, file in evidence.items():
            _add_evidence(actor, assessment, file, stored, evaluation=evaluation, item_id=item_id)
    return evaluation


def save_maturity_sheet(
    *,
    actor,
    assessment: Assessment,
    levels: dict[str, dict],
    evidence: dict,
    expected_version: int,
) -> Assessment:
    """Store the maturity sheet and its evidence files (clause id → uploaded file)."""
    with files_removed_on_failure() as stored:
        assessment = sheets.save_maturity(
            actor=actor, assessment=assessment, levels=levels, expected_version=expected_version
        )
        for clause_id, file in evidence.items():
            _add_evidence(actor, assessment, file, stored, clause_id=clause_id)
    return assessment


def _add_evidence(actor, assessment, file, stored: PendingUploads, **target) -> Evidence:
    where = target.get("item_id") or target.get("clause_id")
    problem = upload_problem(file)
    if problem:
        raise InputError(
            Problem(item=target.get("item_id"), clause=target.get("clause_id"), message=problem)
        )
    evidence = Evidence(
        assessment=assessment,
        original_name=file.name[:200],
        uploaded_by=actor,
        **target,
    )
    stored.save(evidence.file, file)
    evidence.save()
    record(
        actor=actor,
        action="greencert.evidence.added",
        target=evidence,
        project=assessment.project,
        organisation=assessment.organisation,
        after={"file": evidence.original_name, "for": where},
    )
    return evidence
