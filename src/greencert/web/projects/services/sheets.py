"""Evaluation sheets (测评) and the maturity sheet: stored whole, validated by the core.

Each write is keyword-only and atomic, refuses a project that is no longer
open, checks the sheet with the core before anything is stored, guards
against a stale copy (optimistic locking) and writes its audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from greencert.core.assessment_input import Evaluation as CoreEvaluation
from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import parse_maturity_levels
from greencert.core.ratings import Rating
from greencert.core.statistics.agreement import RATER_SOURCES
from greencert.web.accounts.raters import account_pk
from greencert.web.audit.services import record
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.models import Assessment, ClauseRating, Evaluation, ItemRating
from greencert.web.projects.scoring import evaluation_data, scheme_of
from greencert.web.projects.services.states import check_assessment_open
from greencert.web.projects.work_dates import work_day_problems
from greencert.web.text_limits import length_problems
from greencert.web.uploads import delete_after_commit


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
    """The evaluation as its audit entry keeps it: the rater by username, as the team's
    entries name people (the trail is read by people; the core's id is for the core)."""
    data = evaluation_data(evaluation)
    if evaluation.rater_id is not None:
        data["rater"] = evaluation.rater.get_username()
    data["note"] = evaluation.note
    data["counts"] = evaluation.counts
    return data


@transaction.atomic
def save_evaluation(
    *,
    actor,
    assessment: Assessment,
    header: dict,
    ratings: Mapping[str, Rating],
    notes: Mapping[str, str] | None = None,
    evaluation: Evaluation | None = None,
    expected_version: int | None = None,
) -> Evaluation:
    """Create or replace one complete evaluation sheet.

    *header*: code (optional), evaluator, rater (an account of the project's team, or
    None), date (a date), site (a Site or None), source, note.  *ratings*: item id → the core's
    :class:`~greencert.core.ratings.Rating` (an α, or a Likert level with its
    α), already read; *notes*: item id → the auditor's note.  The core checks
    the sheet as a whole (every item rated, none other); a stale
    *expected_version* raises :class:`EditConflict` and nothing is written.
    """
    check_assessment_open(assessment)
    if evaluation is not None:
        _check_not_survey(evaluation)
    code = (header.get("code") or "").strip() or (
        evaluation.code if evaluation else next_evaluation_code(assessment)
    )
    _check_sheet(assessment, code, header, ratings, evaluation, notes)
    fields = {
        "code": code,
        "evaluator": header.get("evaluator", ""),
        "rater": header.get("rater"),
        "date": header["date"],
        "site": header.get("site"),
        "source": header.get("source", "auditor"),
        "note": header.get("note", ""),
    }
    before = None if evaluation is None else _evaluation_snapshot(evaluation)
    if evaluation is None:
        evaluation = Evaluation.objects.create(assessment=assessment, created_by=actor, **fields)
    else:
        _update_versioned(evaluation, expected_version, fields)
        evaluation.ratings.all().delete()
    _store_ratings(evaluation, ratings, notes or {})
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


def _check_sheet(
    assessment: Assessment, code: str, header: dict, ratings, evaluation, notes=None
) -> None:
    problems = sheet_problems(assessment, code, header, ratings, evaluation, notes)
    if problems:
        raise InputError(problems)


def sheet_problems(
    assessment: Assessment, code: str, header: dict, ratings, evaluation, notes=None
) -> list[Problem]:
    """What is wrong with a sheet before it is stored (reads only): the whole sheet by the
    core's rule, its source in this kind of assessment, its date and texts, a free id."""
    problems: list[Problem] = []
    source = header.get("source", "auditor")
    try:
        CoreEvaluation.of(code, ratings, scheme_of(assessment), source=source)
    except InputError as exc:
        problems += exc.problems
    # Self-assessment sheets never mix with the certification body's (and vice versa).
    if (source == Evaluation.Source.SELF) == assessment.is_official:
        problems.append(
            Problem(
                evaluation=code,
                message=_("source “%(source)s” is not allowed in this assessment")
                % {"source": source},
            )
        )
    problems += [
        p.at(evaluation=code)
        for p in work_day_problems(
            assessment, header.get("date"), field="date", label=_("The evaluation date")
        )
    ]
    problems += [p.at(evaluation=code) for p in rater_problems(assessment, header, evaluation)]
    evaluator = (header.get("evaluator") or "").strip()
    if account_pk(evaluator) is not None:
        # The core tells raters apart by an account's id, else by the typed name: a name
        # written as an id would count as that account's ratings.
        message = _("“%(name)s” is written as an account's id: type the evaluator's name")
        problems.append(
            Problem(evaluation=code, field="evaluator", message=message % {"name": evaluator})
        )
    values = {name: header.get(name) for name in ("evaluator", "note")} | {"code": code}
    problems += [p.at(evaluation=code) for p in length_problems(Evaluation, values)]
    problems += [
        p.at(evaluation=code, item=item_id, field="note")
        for item_id, note in (notes or {}).items()
        for p in length_problems(ItemRating, {"note": note})
    ]
    clash = assessment.evaluations.filter(code=code)
    if evaluation is not None:
        clash = clash.exclude(pk=evaluation.pk)
    if clash.exists():
        problems.append(
            Problem(evaluation=code, message=_("this evaluation id is already used in the project"))
        )
    return problems


def rater_problems(assessment: Assessment, header: dict, evaluation=None) -> list[Problem]:
    """The rater of an auditor's or mystery shopper's sheet is an account of the project's
    team (one who rated it before and has left the team since stays, as recorded); other
    sources have none (reads only)."""
    rater = header.get("rater")
    if rater is None:
        return []
    where = {"field": "rater", "value": rater.get_username()}
    source = header.get("source", "auditor")
    if source not in RATER_SOURCES:
        return [
            Problem(code="evaluation.rater_not_rating_source", params={"source": source}, **where)
        ]
    kept = evaluation is not None and evaluation.rater_id == rater.pk
    on_team = assessment.project_id and assessment.project.team.filter(user=rater).exists()
    if not (kept or on_team):
        # Named by the username given, never the display name: what was typed, nothing more.
        named = {"name": rater.get_username()}
        return [Problem(code="evaluation.rater_not_on_team", params=named, **where)]
    return []


def _store_ratings(evaluation: Evaluation, ratings: Mapping[str, Rating], notes) -> None:
    """One row per item: its α, or its Likert level (whose α the scheme gives when scored)."""
    ItemRating.objects.bulk_create(
        ItemRating(
            evaluation=evaluation,
            item_id=item_id,
            alpha=None if rating.likert is not None else rating.alpha,
            likert=rating.likert,
            note=notes.get(item_id, ""),
        )
        for item_id, rating in ratings.items()
    )


def _update_versioned(evaluation: Evaluation, expected_version: int | None, fields: dict) -> None:
    """Optimistic lock: only the holder of the current version may write."""
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


@transaction.atomic
def delete_evaluation(*, actor, evaluation: Evaluation, expected_version: int) -> None:
    assessment = evaluation.assessment
    check_assessment_open(assessment)
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
    # Its evidence rows go with it (cascade); their files only once that is committed.
    delete_after_commit(e.file for e in evaluation.evidence.all())
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
    check_assessment_open(assessment)
    scheme = scheme_of(assessment)
    problems: list[Problem] = []
    parse_maturity_levels({c: v.get("level") for c, v in levels.items()}, scheme, problems)
    problems += [
        p.at(clause=clause_id)
        for clause_id, value in levels.items()
        for p in length_problems(ClauseRating, {"note": value.get("note", "")})
    ]
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
