"""Importing a filled Excel template into an assessment: previewed first, applied all or nothing.

:func:`read_upload` reads the workbook (every problem named by sheet and
row) and :func:`preview_import` compares it with what is stored, through the
one comparison :func:`greencert.workbook.changes.changes`; nothing is written.
:func:`apply_import` stores exactly what was previewed: it is given the
digest of the stored state the preview was computed against and refuses
(:class:`StalePreview`) when anything stored has changed since.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core.assessment_input import AssessmentInput
from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import parse_assessment
from greencert.core.ratings import Rating
from greencert.core.statistics.agreement import RATER_SOURCES
from greencert.web.audit.services import record
from greencert.web.projects.checklists import KINDS, pinned_checklist
from greencert.web.projects.errors import EditConflict
from greencert.web.projects.models import Assessment, ChecklistVerdict, Evaluation
from greencert.web.projects.scoring import evaluation_data, scheme_of
from greencert.web.projects.services.checklists import record_verdict, verdict_problems
from greencert.web.projects.services.sheets import save_evaluation, save_maturity, sheet_problems
from greencert.web.projects.services.states import check_assessment_open
from greencert.web.upload_checks import check_workbook
from greencert.workbook.changes import Changes, changes
from greencert.workbook.reader import Reading, read_book


class StalePreview(EditConflict):
    """What is stored changed after the preview: the preview no longer says what would happen."""

    @classmethod
    def default(cls) -> StalePreview:
        return cls(
            _(
                "The project's sheets changed after the preview was made: nothing was imported. "
                "Check what the workbook would change now and confirm again."
            )
        )


@dataclass(frozen=True)
class Upload:
    """A workbook read against the assessment's scheme and pinned checklists."""

    name: str
    sha256: str
    reading: Reading
    parsed: AssessmentInput


@dataclass(frozen=True)
class Stored:
    """The assessment as stored, in the contract's terms, with the rows and versions."""

    reading: Reading
    evaluations: dict[str, Evaluation]
    verdicts: dict[tuple[str, str], ChecklistVerdict]
    maturity_version: int

    @property
    def digest(self) -> str:
        """SHA-256 of everything an import compares or overwrites, versions included (so a
        note changed on screen meanwhile is noticed too)."""
        state = {
            "data": self.reading.data,
            "reasons": self.reading.reasons,
            "versions": {code: e.version for code, e in self.evaluations.items()},
            "verdicts": {f"{k} {c}": v.version for (k, c), v in self.verdicts.items()},
            "maturity": self.maturity_version,
        }
        text = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Preview:
    upload: Upload
    changes: Changes
    stored_digest: str


def read_upload(*, assessment: Assessment, name: str, content: bytes) -> Upload:
    """The workbook *content* read and parsed; raises :class:`InputError` naming every cell."""
    stream = io.BytesIO(content)
    stream.name = name
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
    return Upload(name, hashlib.sha256(content).hexdigest(), reading, parsed)


def stored_state(assessment: Assessment) -> Stored:
    """Every evaluation (counting or not), maturity level and checklist verdict, as stored."""
    stored = assessment.evaluations.select_related("site", "rater").prefetch_related("ratings")
    evaluations = {e.code: e for e in stored}
    verdicts = {(v.kind, v.clause_id): v for v in assessment.verdicts.all()}
    data: dict = {"evaluations": [_as_in_workbook(e) for e in evaluations.values()]}
    data["maturity"] = {r.clause_id: r.level for r in assessment.clause_ratings.all()}
    reasons: dict[str, dict[str, str]] = {}
    for (kind, clause_id), row in verdicts.items():
        data.setdefault(kind, {})[clause_id] = row.verdict
        if row.reason:
            reasons.setdefault(kind, {})[clause_id] = row.reason
    maturity_version = Assessment.objects.values_list("maturity_version", flat=True).get(
        pk=assessment.pk
    )
    return Stored(Reading(data, reasons), evaluations, verdicts, maturity_version)


def _as_in_workbook(evaluation: Evaluation) -> dict:
    """A stored evaluation in the workbook's terms: its rater account by username."""
    data = evaluation_data(evaluation)
    if evaluation.rater_id is not None:
        data["rater"] = evaluation.rater.get_username()
    return data


def preview_import(*, assessment: Assessment, upload: Upload) -> Preview:
    """What *upload* would change; raises :class:`InputError` for a workbook that gives nothing
    to import, or evaluations the project would refuse (reads only)."""
    stored = stored_state(assessment)
    found = changes(stored.reading, upload.reading)
    if found.blank:
        raise InputError(
            Problem(
                source=upload.name,
                message=_(
                    "the workbook gives nothing to import: no evaluation, maturity level or "
                    "checklist verdict is filled in."
                ),
            )
        )
    problems = []
    sites = {site.name: site for site in assessment.organisation.sites.all()}
    for evaluation in _evaluations_written(found, upload):
        problems += _evaluation_problems(assessment, stored, evaluation, sites)
    for kind, clause_id in _verdicts_changed(found):
        verdict = upload.reading.data[kind][clause_id]
        reason = upload.reading.reasons.get(kind, {}).get(clause_id, "")
        problems += verdict_problems(assessment, kind, clause_id, verdict, reason)
    if problems:
        raise InputError(problems)
    return Preview(upload, found, stored.digest)


def _verdicts_changed(found: Changes) -> list[tuple[str, str]]:
    """The checklist rows whose verdict or reason the import changes, each once, in order."""
    return list(dict.fromkeys((c.part, c.key) for c in found.changed if c.part in KINDS))


def _evaluations_written(found: Changes, upload: Upload) -> list:
    """The workbook's evaluations the import adds or changes (an unchanged one is left as is)."""
    written = {a.id for a in found.added} | {c.key for c in found.changed if c.part == "evaluation"}
    return [e for e in upload.parsed.evaluations or () if e.id in written]


def _evaluation_problems(assessment: Assessment, stored: Stored, e, sites: dict) -> list[Problem]:
    if e.site and e.site not in sites:
        message = _("site “%(site)s” is not one of the organisation's sites") % {"site": e.site}
        return [Problem(evaluation=e.id, message=message)]
    existing = stored.evaluations.get(e.id)
    if existing is not None and hasattr(existing, "survey_response"):
        message = _("a customer's survey response has this id: it cannot be replaced")
        return [Problem(evaluation=e.id, message=message)]
    header = _header(e, sites, existing)
    if e.rater and header["rater"] is None:  # no such account: refused as not on the team
        params = {"name": e.rater}
        problem = Problem(code="evaluation.rater_not_on_team", params=params, value=e.rater)
        return [problem.at(evaluation=e.id, field="rater")]
    return sheet_problems(assessment, e.id, header, _ratings(e), existing)


def _header(e, sites: dict, existing: Evaluation | None) -> dict:
    if e.date:
        date = datetime.date.fromisoformat(e.date)
    else:  # a blank date keeps the stored one; a new evaluation is dated today
        date = existing.date if existing else timezone.localdate()
    header = {"code": e.id, "evaluator": e.evaluator, "date": date, "site": sites.get(e.site)}
    header |= {"source": e.source, "note": existing.note if existing else ""}
    return header | {"rater": _rater(e, existing)}


def _rater(e, existing: Evaluation | None):
    """The account the workbook names by username; a blank cell keeps the stored rater (of
    an auditor's or mystery shopper's sheet: other sources have none)."""
    if e.rater:
        return get_user_model().objects.filter(username=e.rater).first()
    if existing is not None and e.source in RATER_SOURCES:
        return existing.rater
    return None


def _ratings(e) -> dict[str, Rating]:
    return {i: Rating(alpha, e.likert.get(i)) for i, alpha in e.alphas.items()}


@dataclass(frozen=True)
class Applied:
    added: int
    changed_evaluations: int
    levels: int
    verdicts: int


def apply_import(*, actor, assessment: Assessment, upload: Upload, stored_digest: str) -> Applied:
    """Store what :func:`preview_import` showed for *upload* against the state *stored_digest*
    names; refused with :class:`StalePreview`, nothing written, when that state has changed
    (found on reading it, or by the database when a concurrent import added the same id)."""
    try:
        return _apply(actor, assessment, upload, stored_digest)
    except IntegrityError:
        raise StalePreview.default() from None


@transaction.atomic
def _apply(actor, assessment: Assessment, upload: Upload, stored_digest: str) -> Applied:
    check_assessment_open(assessment)
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()  # one at a time
    stored = stored_state(assessment)
    if stored.digest != stored_digest:
        raise StalePreview.default()
    found = preview_import(assessment=assessment, upload=upload).changes
    sites = {site.name: site for site in assessment.organisation.sites.all()}
    written = _evaluations_written(found, upload)
    for e in written:
        _save(actor, assessment, stored.evaluations.get(e.id), e, sites)
    added = len(found.added)
    levels = {c.key: c.after for c in found.changed if c.part == "maturity"}
    if levels:
        _save_levels(actor, assessment, levels, stored.maturity_version)
    verdicts = _verdicts_changed(found)
    for kind, clause_id in verdicts:
        _save_verdict(
            actor, assessment, stored.verdicts.get((kind, clause_id)), kind, clause_id, upload
        )
    applied = Applied(added, len(written) - added, len(levels), len(verdicts))
    record(
        actor=actor,
        action="greencert.workbook.imported",
        target=assessment,
        project=assessment.project,
        organisation=assessment.organisation,
        after={"file": upload.name, "sha256": upload.sha256, **asdict(applied)},
    )
    return applied


def _save(actor, assessment, existing: Evaluation | None, e, sites: dict) -> None:
    """Add evaluation *e*, or replace the stored one's header and ratings, keeping the notes
    written on screen (the workbook has no column for them)."""
    notes = {r.item_id: r.note for r in existing.ratings.all()} if existing else {}
    save_evaluation(
        actor=actor,
        assessment=assessment,
        header=_header(e, sites, existing),
        ratings=_ratings(e),
        notes={i: n for i, n in notes.items() if i in e.alphas},
        evaluation=existing,
        expected_version=existing.version if existing else None,
    )


def _save_levels(actor, assessment: Assessment, levels: dict, version: int) -> None:
    """The workbook's levels over the stored sheet; the notes of each clause kept."""
    current = {
        r.clause_id: {"level": r.level, "note": r.note} for r in assessment.clause_ratings.all()
    }
    for clause_id, level in levels.items():
        current[clause_id] = {"level": level, "note": current.get(clause_id, {}).get("note", "")}
    save_maturity(actor=actor, assessment=assessment, levels=current, expected_version=version)


def _save_verdict(actor, assessment, row: ChecklistVerdict | None, kind, clause_id, upload) -> None:
    """Record the workbook's verdict for one row, keeping the row's notes written on screen."""
    record_verdict(
        actor=actor,
        assessment=assessment,
        kind=kind,
        clause_id=clause_id,
        verdict=upload.reading.data[kind][clause_id],
        date=timezone.localdate(),  # the day the verdicts reach the project
        expected_version=row.version if row else 0,
        reason=upload.reading.reasons.get(kind, {}).get(clause_id, ""),
        notes=row.notes if row else "",
    )
