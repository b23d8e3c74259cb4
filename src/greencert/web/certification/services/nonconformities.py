"""Nonconformities (不符合项) and corrective actions.

raise (auditor on the team) → answer (client: correction, root cause, plan,
due date) → accept the plan or return it with a comment (auditor) → close
with verification evidence (auditor).  The conformity gate reads the
states through :meth:`Nonconformity.as_input`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core.assessment_input import Reference
from greencert.core.exceptions import InputError, Problem
from greencert.web.audit.services import record
from greencert.web.certification import references
from greencert.web.certification.models import Nonconformity, NonconformityFile
from greencert.web.certification.services import Refused
from greencert.web.date_limits import days_from_today, window_problems
from greencert.web.projects.models import Project
from greencert.web.projects.services.checklists import record_finding
from greencert.web.text_limits import check_lengths, length_problems
from greencert.web.upload_checks import upload_problem
from greencert.web.uploads import files_removed_on_failure

S = Nonconformity.Status
MAX_ANSWER_FILES = 10  # one answer's evidence: photos and documents, not an archive


def _snapshot(nc: Nonconformity) -> dict:
    return {
        "status": nc.status,
        "severity": nc.severity,
        "reference": f"{nc.ref_kind} {nc.ref_id}",
        "description": nc.description,
        "correction": nc.correction,
        "root_cause": nc.root_cause,
        "action_plan": nc.action_plan,
        "due_date": nc.due_date,
        "review_comment": nc.review_comment,
        "verification": nc.verification,
    }


def _move(
    nc: Nonconformity,
    *,
    actor,
    allowed: set[str],
    to: str,
    action: str,
    noted: dict | None = None,
    **fields,
) -> Nonconformity:
    """Change state under a row lock; refuse moves that the state does not allow.
    *noted*: more for the audit entry's "after" (the files an answer brought)."""
    with transaction.atomic():
        locked = Nonconformity.objects.select_for_update().get(pk=nc.pk)
        if locked.status not in allowed:
            raise Refused(
                _("Nonconformity %(code)s is “%(status)s”: this step is not possible now.")
                % {"code": locked.code, "status": locked.get_status_display()}
            )
        before = _snapshot(locked)
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.status = to
        locked.version += 1
        locked.save()
        record(
            actor=actor,
            action=action,
            target=locked,
            project=locked.project,
            before=before,
            after=_snapshot(locked) | (noted or {}),
        )
        return locked


def next_code(project: Project) -> str:
    return f"NC{project.nonconformities.count() + 1}"


def raise_nonconformity(
    *,
    actor,
    project: Project,
    ref: Reference,
    severity: str,
    description: str,
    evidence: str,
) -> Nonconformity:
    """Raise a nonconformity against *ref*.  Against a GB/T 19001 or §4.2.2 row, the row's
    verdict becomes the finding in the same transaction (see ``record_finding``), so the
    record and the verdict never contradict each other at the gate."""
    checklists = references.checklists_of(project.assessment)
    problems = []
    if ref.id not in references.citable(project.assessment, checklists).get(ref.kind, ()):
        problems.append(Problem(field="reference", message=unknown_reference(ref)))
    if severity not in Nonconformity.Severity.values:
        problems.append(Problem(field="severity", message=_("must be major or minor")))
    if not description.strip():
        problems.append(Problem(field="description", message=_("describe the nonconformity")))
    if not evidence.strip():
        problems.append(Problem(field="evidence", message=_("give the objective evidence")))
    problems += length_problems(
        Nonconformity, {"description": description.strip(), "evidence": evidence.strip()}
    )
    if problems:
        raise InputError(problems)
    if not project.is_open:
        raise Refused(_("Nonconformities are raised while the assessment is in progress."))
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)  # serialise numbering
        nc = Nonconformity.objects.create(
            project=project,
            code=next_code(project),
            ref_kind=ref.kind,
            ref_id=ref.id,
            severity=severity,
            description=description.strip(),
            evidence=evidence.strip(),
            raised_by=actor,
        )
        record(
            actor=actor,
            action="greencert.nonconformity.raised",
            target=nc,
            project=project,
            after=_snapshot(nc),
        )
        if ref.kind in ("qms", "specific"):
            record_finding(
                actor=actor,
                assessment=project.assessment,
                kind=ref.kind,
                clause_id=ref.id,
                severity=severity,
                nonconformity=nc.code,
            )
    return nc


def unknown_reference(ref: Reference) -> str:
    """The refusal of a reference the project may not cite, naming it."""
    kinds = dict(Nonconformity.RefKind.choices)
    if ref.kind not in kinds:
        return _("“%(value)s” is not a kind of reference (%(kinds)s).") % {
            "value": ref.kind,
            "kinds": ", ".join(kinds),
        }
    return _("There is no %(kind)s %(id)s in this project to cite.") % {
        "kind": kinds[ref.kind],
        "id": ref.id,
    }


def answer(
    *,
    actor,
    nc: Nonconformity,
    correction: str,
    root_cause: str,
    action_plan: str,
    due_date: datetime.date,
    files=(),
) -> Nonconformity:
    """The client's answer: correction, root cause, corrective-action plan and due date, with
    *files* (uploaded files) as its evidence — stored with the answer or not at all."""
    problems = [
        Problem(field=field, message=_("this field is required"))
        for field, value in (
            ("correction", correction),
            ("root_cause", root_cause),
            ("action_plan", action_plan),
        )
        if not value.strip()
    ]
    if due_date is None:
        problems.append(
            Problem(field="due_date", message=_("give the date the corrective action will be done"))
        )
    elif due_date < timezone.localdate():
        problems.append(Problem(field="due_date", message=_("the due date is in the past")))
    else:
        limit = settings.CORRECTIVE_ACTION_MAX_DAYS
        problems += window_problems(
            due_date,
            field="due_date",
            label=_("The due date"),
            before=[days_from_today(limit, _("%(days)s days from today") % {"days": limit})],
        )
    problems += length_problems(
        Nonconformity,
        {"correction": correction, "root_cause": root_cause, "action_plan": action_plan},
    )
    problems += _file_problems(files)
    if problems:
        raise InputError(problems)
    with files_removed_on_failure() as stored:
        names = [_store_file(actor, nc, file, stored).original_name for file in files]
        return _answered(actor, nc, correction, root_cause, action_plan, due_date, names)


def _file_problems(files) -> list[Problem]:
    problems = [
        Problem(field="files", message=problem)
        for file in files
        if (problem := upload_problem(file))
    ]
    if len(files) > MAX_ANSWER_FILES:
        problems.append(
            Problem(
                field="files",
                message=_("at most %(limit)s files go with one answer (%(count)s were sent)")
                % {"limit": MAX_ANSWER_FILES, "count": len(files)},
            )
        )
    return problems


def _store_file(actor, nc: Nonconformity, file, stored) -> NonconformityFile:
    row = NonconformityFile(nonconformity=nc, original_name=file.name[:200], uploaded_by=actor)
    stored.save(row.file, file)
    row.save()
    return row


def _answered(actor, nc, correction, root_cause, action_plan, due_date, names) -> Nonconformity:
    return _move(
        nc,
        actor=actor,
        allowed={S.OPEN, S.RETURNED},
        to=S.ANSWERED,
        action="greencert.nonconformity.answered",
        correction=correction.strip(),
        root_cause=root_cause.strip(),
        action_plan=action_plan.strip(),
        due_date=due_date,
        answered_by=actor,
        answered_at=timezone.now(),
        due_reminder_sent=None,
        noted={"files": names} if names else None,
    )


def _check_comment(comment: str) -> None:
    if problems := length_problems(Nonconformity, {"review_comment": comment.strip()}):
        raise InputError([p.at(field="comment") for p in problems])


def accept_plan(*, actor, nc: Nonconformity, comment: str = "") -> Nonconformity:
    _check_comment(comment)
    return _move(
        nc,
        actor=actor,
        allowed={S.ANSWERED},
        to=S.PLAN_ACCEPTED,
        action="greencert.nonconformity.plan_accepted",
        review_comment=comment.strip(),
    )


def return_answer(*, actor, nc: Nonconformity, comment: str) -> Nonconformity:
    if not comment.strip():
        raise InputError(Problem(field="comment", message=_("say why the answer is returned")))
    _check_comment(comment)
    return _move(
        nc,
        actor=actor,
        allowed={S.ANSWERED},
        to=S.RETURNED,
        action="greencert.nonconformity.returned",
        review_comment=comment.strip(),
    )


def close(*, actor, nc: Nonconformity, verification: str) -> Nonconformity:
    """Closing needs verification evidence that the corrective action worked."""
    if not verification.strip():
        raise InputError(
            Problem(
                field="verification",
                message=_("closing a nonconformity needs verification evidence"),
            )
        )
    check_lengths(Nonconformity, verification=verification.strip())
    return _move(
        nc,
        actor=actor,
        allowed={S.ANSWERED, S.PLAN_ACCEPTED},
        to=S.CLOSED,
        action="greencert.nonconformity.closed",
        verification=verification.strip(),
        closed_by=actor,
        closed_at=timezone.now(),
    )
