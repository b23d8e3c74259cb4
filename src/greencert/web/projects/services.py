"""Writes: every change to projects and sheets goes through these functions.

Each is keyword-only, runs in one transaction, validates with the core
before anything is stored, and writes its audit entry in the same place
(HackSoft style services; pretix's log_action idea).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import parse_evaluation, parse_maturity_levels
from greencert.core.registry import get_scheme
from greencert.web.audit.services import record
from greencert.web.projects.models import (
    Assessment,
    ClauseRating,
    Evaluation,
    ItemRating,
    Project,
    TeamMember,
)
from greencert.web.projects.scoring import evaluation_data, scheme_of


class EditConflict(Exception):
    """Someone else saved the same sheet after this person opened it."""


class NotEditable(Exception):
    """The project's state no longer allows its sheets to change."""


# Project states in which the official sheets may still change.
OPEN_STATES = {Project.State.PLANNED, Project.State.IN_PROGRESS}

# Allowed state changes (issue 4 continues the path to review and decision).
TRANSITIONS: dict[str, set[str]] = {
    Project.State.PLANNED: {Project.State.IN_PROGRESS, Project.State.CANCELLED},
    Project.State.IN_PROGRESS: {Project.State.EVALUATION_COMPLETE, Project.State.CANCELLED},
    Project.State.EVALUATION_COMPLETE: {Project.State.IN_PROGRESS, Project.State.UNDER_REVIEW},
    Project.State.UNDER_REVIEW: {Project.State.DECIDED, Project.State.IN_PROGRESS},
    Project.State.DECIDED: set(),
    Project.State.CANCELLED: set(),
}


def next_project_code(year: int) -> str:
    prefix = f"GC-{year}-"
    last = (
        Project.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def create_project(
    *,
    actor,
    organisation,
    kind: str,
    scope: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    sites=(),
    services=(),
    application=None,
    previous=None,
    scheme_label: str | None = None,
) -> Project:
    """Create a project with its official assessment; the scheme version is pinned now."""
    scheme = get_scheme(scheme_label)
    project = Project.objects.create(
        code=next_project_code(planned_start.year),
        organisation=organisation,
        application=application,
        previous=previous,
        kind=kind,
        scope=scope,
        planned_start=planned_start,
        planned_end=planned_end,
        scheme_label=scheme.label,
        scheme_hash=scheme.hash,
    )
    project.sites.set(sites)
    project.services.set(services)
    Assessment.objects.create(
        kind=Assessment.Kind.OFFICIAL,
        project=project,
        organisation=organisation,
        scheme_label=scheme.label,
        scheme_hash=scheme.hash,
    )
    record(
        actor=actor,
        action="greencert.project.created",
        target=project,
        project=project,
        after=project_snapshot(project),
    )
    return project


def project_snapshot(project: Project) -> dict:
    return {
        "kind": project.kind,
        "scope": project.scope,
        "state": project.state,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "scheme": project.scheme_label,
        "sites": sorted(s.name for s in project.sites.all()),
        "services": sorted(s.name for s in project.services.all()),
    }


@transaction.atomic
def change_state(*, actor, project: Project, to: str) -> Project:
    """Move a project along its path.

    Marking the evaluation complete freezes the core's result into a new
    snapshot (certification.services.results); review and decision have
    their own services, which check impartiality, so they cannot be reached
    from here.
    """
    if to in (Project.State.UNDER_REVIEW, Project.State.DECIDED):
        raise NotEditable(_("Review and decision are recorded on their own pages."))
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to not in TRANSITIONS[project.state]:
        raise NotEditable(
            _("A project cannot go from “%(from)s” to “%(to)s”.")
            % {"from": project.get_state_display(), "to": Project.State(to).label}
        )
    before = project.state
    project.state = to
    project.save(update_fields=["state"])
    record(
        actor=actor,
        action="greencert.project.state_changed",
        target=project,
        project=project,
        before={"state": before},
        after={"state": to},
    )
    if to == Project.State.EVALUATION_COMPLETE:
        from greencert.web.certification.services.results import freeze

        freeze(actor=actor, project=project)
    return project


@transaction.atomic
def add_team_member(*, actor, project: Project, user, role: str) -> TeamMember:
    if user.is_client:
        raise InputError(
            Problem(field="user", message=_("A client user cannot be on an assessment team."))
        )
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(project=project, user=user, role=role)
    except IntegrityError:
        raise InputError(
            Problem(
                field="user",
                message=_("%(user)s is already on the team, or the team already has a leader.")
                % {"user": user},
            )
        ) from None
    record(
        actor=actor,
        action="greencert.team.added",
        target=member,
        project=project,
        after={"user": user.username, "role": role},
    )
    return member


@transaction.atomic
def remove_team_member(*, actor, member: TeamMember) -> None:
    record(
        actor=actor,
        action="greencert.team.removed",
        target=member,
        project=member.project,
        before={"user": member.user.username, "role": member.role},
    )
    member.delete()


def check_project_open(project_id: int) -> None:
    """Refuse unless the project is still open; called inside the writing transaction.

    The project row is locked and read afresh, so nothing slips in while the
    team leader marks the evaluation complete (which takes the same lock).
    """
    project = Project.objects.select_for_update().get(pk=project_id)
    if project.state not in OPEN_STATES:
        raise NotEditable(
            _("The project is “%(state)s”: its sheets can no longer change.")
            % {"state": project.get_state_display()}
        )


def _check_open(assessment: Assessment) -> None:
    if assessment.project_id:  # a self-assessment is always open
        check_project_open(assessment.project_id)


def _check_not_survey(evaluation: Evaluation) -> None:
    """A customer's survey response is their own: staff include or exclude it, never rewrite it."""
    if evaluation.pk and hasattr(evaluation, "survey_response"):
        raise NotEditable(
            _(
                "Evaluation %(code)s is a customer's survey response: it cannot be changed or deleted."
            )
            % {"code": evaluation.code}
        )


def next_evaluation_code(assessment: Assessment) -> str:
    codes = set(assessment.evaluations.values_list("code", flat=True))
    n = len(codes) + 1
    while f"E{n}" in codes:
        n += 1
    return f"E{n}"


def _evaluation_snapshot(evaluation: Evaluation) -> dict:
    data = evaluation_data(evaluation)
    data["note"] = evaluation.note
    data["counts"] = evaluation.counts
    return data


@transaction.atomic
def save_evaluation(
    *,
    actor,
    assessment: Assessment,
    header: dict,
    ratings: dict[str, dict],
    evaluation: Evaluation | None = None,
    expected_version: int | None = None,
) -> Evaluation:
    """Create or replace one complete evaluation sheet.

    *header*: code (optional), evaluator, date (a date), site (a Site or
    None), source, note.  *ratings*: item id → {"alpha": Decimal|None,
    "likert": int|None, "note": str}.  The sheet is validated by the core
    (every item rated, α or Likert, never both); a stale *expected_version*
    raises :class:`EditConflict` and nothing is written.
    """
    _check_open(assessment)
    if evaluation is not None:
        _check_not_survey(evaluation)
    scheme = scheme_of(assessment)
    code = (header.get("code") or "").strip() or (
        evaluation.code if evaluation else next_evaluation_code(assessment)
    )
    entry = {
        "id": code,
        "evaluator": header.get("evaluator", ""),
        "date": header["date"].isoformat() if header.get("date") else "",
        "site": header["site"].name if header.get("site") else "",
        "source": header.get("source", "auditor"),
        "alpha": {i: r["alpha"] for i, r in ratings.items() if r.get("alpha") is not None},
        "likert": {i: r["likert"] for i, r in ratings.items() if r.get("likert") is not None},
    }
    problems: list[Problem] = []
    parse_evaluation(entry, scheme, problems)
    # Self-assessment sheets never mix with the certification body's (and vice versa).
    if (entry["source"] == Evaluation.Source.SELF) == assessment.is_official:
        problems.append(
            Problem(
                evaluation=code,
                message=_("source “%(source)s” is not allowed in this assessment")
                % {"source": entry["source"]},
            )
        )
    clash = assessment.evaluations.filter(code=code)
    if evaluation is not None:
        clash = clash.exclude(pk=evaluation.pk)
    if clash.exists():
        problems.append(
            Problem(evaluation=code, message=_("this evaluation id is already used in the project"))
        )
    if problems:
        raise InputError(problems)

    fields = {
        "code": code,
        "evaluator": header.get("evaluator", ""),
        "date": header["date"],
        "site": header.get("site"),
        "source": header.get("source", "auditor"),
        "note": header.get("note", ""),
    }
    if evaluation is None:
        evaluation = Evaluation.objects.create(assessment=assessment, created_by=actor, **fields)
        before = None
    else:
        before = _evaluation_snapshot(evaluation)
        # Optimistic lock: only the holder of the current version may write.
        updated = Evaluation.objects.filter(pk=evaluation.pk, version=expected_version).update(
            version=F("version") + 1, **fields
        )
        if not updated:
            raise EditConflict(
                _(
                    "Evaluation %(code)s was changed by someone else after you opened it. "
                    "Your changes were not saved: reload the sheet to see theirs."
                )
                % {"code": evaluation.code}
            )
        evaluation.refresh_from_db()
        evaluation.ratings.all().delete()
    ItemRating.objects.bulk_create(
        ItemRating(
            evaluation=evaluation,
            item_id=item_id,
            alpha=Decimal(r["alpha"]) if r.get("alpha") is not None else None,
            likert=r.get("likert"),
            note=r.get("note", ""),
        )
        for item_id, r in ratings.items()
    )
    record(
        actor=actor,
        action="greencert.evaluation.changed" if before else "greencert.evaluation.created",
        target=evaluation,
        project=assessment.project,
        organisation=assessment.organisation,
        before=before,
        after=_evaluation_snapshot(evaluation),
    )
    return evaluation


@transaction.atomic
def delete_evaluation(*, actor, evaluation: Evaluation, expected_version: int) -> None:
    assessment = evaluation.assessment
    _check_open(assessment)
    _check_not_survey(evaluation)
    if not Evaluation.objects.filter(pk=evaluation.pk, version=expected_version).exists():
        raise EditConflict(
            _("Evaluation %(code)s was changed by someone else; reload it first.")
            % {"code": evaluation.code}
        )
    record(
        actor=actor,
        action="greencert.evaluation.deleted",
        target=evaluation,
        project=assessment.project,
        organisation=assessment.organisation,
        before=_evaluation_snapshot(evaluation),
    )
    evaluation.delete()


@transaction.atomic
def save_maturity(
    *,
    actor,
    assessment: Assessment,
    levels: dict[str, dict],
    expected_version: int,
) -> Assessment:
    """Store the maturity sheet: clause id → {"level": int|None, "note": str}.

    Clauses may be rated step by step (a level is only given once all are);
    a stale *expected_version* raises :class:`EditConflict`.
    """
    _check_open(assessment)
    scheme = scheme_of(assessment)
    problems: list[Problem] = []
    parse_maturity_levels({c: v.get("level") for c, v in levels.items()}, scheme, problems)
    if problems:
        raise InputError(problems)
    updated = Assessment.objects.filter(pk=assessment.pk, maturity_version=expected_version).update(
        maturity_version=F("maturity_version") + 1
    )
    if not updated:
        raise EditConflict(
            _(
                "The maturity sheet was changed by someone else after you opened it. "
                "Your changes were not saved: reload the sheet to see theirs."
            )
        )
    before = {r.clause_id: r.level for r in assessment.clause_ratings.all()}
    assessment.clause_ratings.all().delete()
    ClauseRating.objects.bulk_create(
        ClauseRating(assessment=assessment, clause_id=cid, level=v["level"], note=v.get("note", ""))
        for cid, v in levels.items()
        if v.get("level") is not None
    )
    after = {cid: v["level"] for cid, v in levels.items() if v.get("level") is not None}
    if before != after:
        record(
            actor=actor,
            action="greencert.maturity.changed",
            target=assessment,
            project=assessment.project,
            organisation=assessment.organisation,
            before=before,
            after=after,
        )
    assessment.refresh_from_db()
    return assessment


@transaction.atomic
def import_workbook(*, actor, assessment: Assessment, stream) -> list[Evaluation]:
    """Add the evaluations (and maturity levels) of a filled template, all or nothing."""
    from greencert.workbook import read_workbook

    _check_open(assessment)
    scheme = scheme_of(assessment)
    data = read_workbook(scheme, stream)  # raises InputError naming sheet and row
    sites = {site.name: site for site in assessment.organisation.sites.all()}
    unknown = [
        Problem(
            evaluation=entry["id"],
            message=_("site “%(site)s” is not one of the organisation's sites")
            % {"site": entry["site"]},
        )
        for entry in data.get("evaluations", [])
        if entry.get("site") and entry["site"] not in sites
    ]
    if unknown:
        raise InputError(unknown)
    created = []
    for entry in data.get("evaluations", []):
        site = sites.get(entry.get("site", ""))
        date = entry.get("date") or ""
        ratings = {i: {"alpha": a} for i, a in (entry.get("alpha") or {}).items()}
        ratings |= {i: {"likert": lv} for i, lv in (entry.get("likert") or {}).items()}
        created.append(
            save_evaluation(
                actor=actor,
                assessment=assessment,
                header={
                    "code": entry["id"],
                    "evaluator": entry.get("evaluator", ""),
                    "date": datetime.date.fromisoformat(date) if date else datetime.date.today(),
                    "site": site,
                    "source": entry.get("source", "auditor"),
                },
                ratings=ratings,
            )
        )
    if data.get("maturity"):
        current = {
            r.clause_id: {"level": r.level, "note": r.note} for r in assessment.clause_ratings.all()
        }
        current |= {cid: {"level": level} for cid, level in data["maturity"].items()}
        save_maturity(
            actor=actor,
            assessment=assessment,
            levels=current,
            expected_version=assessment.maturity_version,
        )
    return created


def ensure_self_assessment(*, organisation) -> Assessment:
    scheme = get_scheme(None)
    assessment, _created = Assessment.objects.get_or_create(
        kind=Assessment.Kind.SELF,
        organisation=organisation,
        defaults={"scheme_label": scheme.label, "scheme_hash": scheme.hash},
    )
    return assessment
