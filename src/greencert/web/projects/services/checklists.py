"""Checklist verdicts (§4.2.1, §4.2.2, §5.2.1) and the §5.2.2 exemption record.

Keyword-only, one transaction, refused once the project is no longer open,
guarded by optimistic locking (a stale copy raises :class:`EditConflict` and
nothing is written), the audit entry written with the change.  Evidence files
are removed again if the transaction fails.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core import validity
from greencert.core.checklist import verdicts_for
from greencert.core.exceptions import InputError, Problem
from greencert.web.audit.services import record
from greencert.web.date_limits import (
    PLAN_AHEAD_DAYS,
    Event,
    days_from_today,
    record_floor,
    today,
    window_problems,
)
from greencert.web.projects.checklists import exemption_of, pinned_checklist
from greencert.web.projects.errors import EditConflict
from greencert.web.projects.models import (
    Assessment,
    ChecklistVerdict,
    ExemptionRecord,
    Verdict,
    VerdictEvidence,
)
from greencert.web.projects.services.evidence import files_removed_on_failure
from greencert.web.projects.services.states import check_assessment_open
from greencert.web.projects.work_dates import work_day_problems
from greencert.web.text_limits import length_problems
from greencert.web.upload_checks import upload_problem

VERDICT_FIELDS = ("verdict", "reason", "notes", "date")


def record_verdict(
    *,
    actor,
    assessment: Assessment,
    kind: str,
    clause_id: str,
    verdict: str,
    date: datetime.date,
    expected_version: int,
    reason: str = "",
    notes: str = "",
    files=(),
) -> ChecklistVerdict:
    """Judge one checklist row; *expected_version* is the row's version as read (0: none yet)."""
    with files_removed_on_failure() as stored:
        check_assessment_open(assessment)
        _check_verdict(assessment, kind, clause_id, verdict, reason.strip())
        values = {"verdict": verdict, "reason": reason.strip(), "notes": notes, "date": date}
        _check_verdict_input(assessment, clause_id, values)
        row, before = _locked_row(assessment, kind, clause_id, expected_version, actor, values)
        for file in files:
            _add_file(actor, row, file, stored)
        record(
            actor=actor,
            action="greencert.checklist.judged",
            target=row,
            project=assessment.project,
            organisation=assessment.organisation,
            before=before,
            after=_verdict_snapshot(row, [f.name for f in files]),
        )
    return row


def record_finding(
    *, actor, assessment: Assessment, kind: str, clause_id: str, severity: str, nonconformity: str
) -> ChecklistVerdict | None:
    """A nonconformity of *severity* raised against a checklist row makes the row's verdict
    that finding (§5.2.1, §5.3), so that the verdict never contradicts the record: a row not
    yet judged minor or major becomes *severity*, a minor one becomes major with a major
    nonconformity.  None when the verdict already says as much.  Called inside the
    nonconformity's transaction; the row's notes are kept, a reason for "out of scope" is not.
    """
    check_assessment_open(assessment)
    _check_verdict(assessment, kind, clause_id, severity, "")
    with transaction.atomic():
        rows = ChecklistVerdict.objects.filter(
            assessment=assessment, kind=kind, clause_id=clause_id
        )
        row = rows.select_for_update().first()
        current = row.verdict if row else None
        if current == Verdict.MAJOR or current == severity:
            return None
        values = {"verdict": severity, "reason": "", "date": timezone.localdate()}
        row, before = _locked_row(
            assessment, kind, clause_id, row.version if row else 0, actor, values
        )
        record(
            actor=actor,
            action="greencert.checklist.judged",
            target=row,
            project=assessment.project,
            organisation=assessment.organisation,
            before=before,
            after=_verdict_snapshot(row) | {"nonconformity": nonconformity},
        )
    return row


def _check_verdict_input(assessment: Assessment, clause_id: str, values: dict) -> None:
    """The audit date within the project's work (up to today) and each text within its limit."""
    problems = work_day_problems(
        assessment, values["date"], field="date", label=_("The audit date")
    ) + length_problems(ChecklistVerdict, {"reason": values["reason"], "notes": values["notes"]})
    if problems:
        raise InputError([p.at(clause=clause_id) for p in problems])


def verdict_problems(assessment, kind: str, clause_id: str, verdict: str, reason: str) -> list:
    """What would refuse this verdict on this row (reads only; for a preview)."""
    try:
        _check_verdict(assessment, kind, clause_id, verdict, reason.strip())
    except InputError as refused:
        return list(refused.problems)
    return []


def _check_verdict(assessment, kind: str, clause_id: str, verdict: str, reason: str) -> None:
    checklist = pinned_checklist(assessment, kind)
    if checklist is None or clause_id not in checklist.clauses:
        raise InputError(
            Problem(
                clause=clause_id, message=_("This checklist has no row %(id)s.") % {"id": clause_id}
            )
        )
    if verdict not in verdicts_for(kind):
        raise InputError(
            Problem(
                clause=clause_id,
                field="verdict",
                message=_("“%(verdict)s” is not a verdict this row may take.")
                % {"verdict": verdict},
            )
        )
    if verdict == Verdict.OUT_OF_SCOPE and not reason:
        raise InputError(
            Problem(
                clause=clause_id,
                field="reason",
                message=_("A row out of scope needs the reason why."),
            )
        )
    if verdict == Verdict.EXEMPTED:
        exemption = exemption_of(assessment)
        if exemption is None or clause_id not in exemption.clauses:
            raise InputError(
                Problem(
                    clause=clause_id,
                    field="verdict",
                    message=_(
                        "Clause %(id)s may be judged exempted only when the §5.2.2 exemption "
                        "record lists it."
                    )
                    % {"id": clause_id},
                )
            )


def _locked_row(assessment, kind, clause_id, expected_version, actor, values):
    """The row written under the lock; its snapshot before (None when it is new)."""
    rows = ChecklistVerdict.objects.filter(assessment=assessment, kind=kind, clause_id=clause_id)
    row = rows.select_for_update().first()
    if (row.version if row else 0) != expected_version:
        raise _conflict(clause_id)
    if row is None:
        try:
            with transaction.atomic():  # a savepoint: someone may have created it meanwhile
                row = ChecklistVerdict.objects.create(
                    assessment=assessment, kind=kind, clause_id=clause_id, auditor=actor, **values
                )
        except IntegrityError:
            raise _conflict(clause_id) from None
        return row, None
    before = _verdict_snapshot(row)
    rows.update(version=F("version") + 1, auditor=actor, **values)
    row.refresh_from_db()
    return row, before


def _conflict(clause_id: str) -> EditConflict:
    return EditConflict(
        _(
            "Row %(id)s was judged by someone else after you opened it. Your verdict was not "
            "saved: reload the page to see theirs, then judge again."
        )
        % {"id": clause_id}
    )


def _verdict_snapshot(row: ChecklistVerdict, files=()) -> dict:
    data = {"clause": f"{row.kind} {row.clause_id}", "auditor": str(row.auditor)}
    data |= {name: getattr(row, name) for name in VERDICT_FIELDS}
    if files:
        data["files"] = list(files)
    return data


def _add_file(actor, row: ChecklistVerdict, file, stored) -> VerdictEvidence:
    problem = upload_problem(file)
    if problem:
        raise InputError(Problem(clause=row.clause_id, field="evidence", message=problem))
    evidence = VerdictEvidence(verdict=row, original_name=file.name[:200], uploaded_by=actor)
    stored.save(evidence.file, file)
    evidence.save()
    return evidence


EXEMPTION_FIELDS = (
    "certificate_number",
    "issuer",
    "accredited",
    "certificate_scope",
    "certificate_expires",
    "last_surveillance",
    "audit_date",
    "scope_covers_service",
    "scope_note",
    "complaints_known",
    "surveillance_status",
    "clauses",
    "reason",
)


@transaction.atomic
def record_exemption(
    *, actor, assessment: Assessment, values: dict, expected_version: int
) -> ExemptionRecord:
    """Record (or revise) the §5.2.2 decision; *expected_version*: as read (0: none yet).

    Refused when the certificate is not valid on the audit date, when a
    clause is not a row of the pinned GB/T 19001 checklist, or without a reason.
    """
    check_assessment_open(assessment)
    values = {name: values[name] for name in EXEMPTION_FIELDS}
    values["clauses"] = _checked_exemption(assessment, values)
    stored = ExemptionRecord.objects.select_for_update().filter(assessment=assessment).first()
    if (stored.version if stored else 0) != expected_version:
        raise EditConflict(
            _(
                "The exemption record was changed by someone else after you opened it. Your "
                "changes were not saved: reload the page to see theirs."
            )
        )
    before = _exemption_snapshot(stored) if stored else None
    decided = {"decided_by": actor, "decided_at": timezone.now()}
    if stored is None:
        try:
            with transaction.atomic():
                stored = ExemptionRecord.objects.create(assessment=assessment, **values, **decided)
        except IntegrityError:
            raise EditConflict(
                _("Someone else recorded the exemption meanwhile: reload the page.")
            ) from None
    else:
        ExemptionRecord.objects.filter(pk=stored.pk).update(
            version=F("version") + 1, **values, **decided
        )
        stored.refresh_from_db()
    record(
        actor=actor,
        action="greencert.exemption.recorded" if before is None else "greencert.exemption.changed",
        target=stored,
        project=assessment.project,
        organisation=assessment.organisation,
        before=before,
        after=_exemption_snapshot(stored),
    )
    return stored


def _checked_exemption(assessment: Assessment, values: dict) -> list[str]:
    """The exempted clauses in checklist order, after the §5.2.2 checks."""
    problems = []
    expires, audit_date = values["certificate_expires"], values["audit_date"]
    if expires < audit_date:
        message = _(
            "The certificate expires on %(expires)s, before the audit date %(audit)s: only an "
            "organisation holding a GB/T 19001 certificate valid on the audit date may be "
            "exempted (§5.2.2)."
        ) % {"expires": expires.isoformat(), "audit": audit_date.isoformat()}
        problems.append(Problem(field="certificate_expires", message=message))
    problems += _exemption_date_problems(values)
    problems += length_problems(
        ExemptionRecord, {k: v for k, v in values.items() if isinstance(v, str)}
    )
    if not values["reason"].strip():
        problems.append(Problem(field="reason", message=_("The decision needs its reason.")))
    checklist = pinned_checklist(assessment, "qms")
    order = list(checklist.clauses) if checklist else []
    unknown = [c for c in values["clauses"] if c not in order]
    if unknown:
        message = _("Not rows of the GB/T 19001 checklist: %(ids)s") % {"ids": ", ".join(unknown)}
        problems.append(Problem(field="clauses", message=message))
    if problems:
        raise InputError(problems)
    return sorted(set(values["clauses"]), key=order.index)


def _exemption_date_problems(values: dict) -> list[Problem]:
    """The certificate runs one three-year cycle at most (ISO/IEC 17021-1 §9.1.3.2), so it
    cannot expire more than a cycle after the audit, nor have been surveilled before its cycle
    began or after today."""
    expires, audit_date = values["certificate_expires"], values["audit_date"]
    years = validity.QMS_CERTIFICATION_CYCLE_YEARS
    problems = window_problems(
        expires,
        field="certificate_expires",
        label=_("The certificate's expiry"),
        before=[
            Event(
                validity.add_months(audit_date, 12 * years),
                _("%(years)s years after the audit date") % {"years": years},
            )
        ],
    )
    problems += window_problems(
        audit_date,
        field="audit_date",
        label=_("The audit date judged against"),
        after=[record_floor()],
        before=[days_from_today(PLAN_AHEAD_DAYS, _("a year from today"))],
    )
    problems += window_problems(
        values["last_surveillance"],
        field="last_surveillance",
        label=_("The last surveillance audit"),
        after=[
            Event(
                validity.add_months(expires, -12 * years),
                _("the start of the certificate's %(years)s-year cycle") % {"years": years},
            )
        ],
        before=[today()],
    )
    return problems


def _exemption_snapshot(stored: ExemptionRecord) -> dict:
    return {name: getattr(stored, name) for name in EXEMPTION_FIELDS}
