"""The bridge from stored sheets to the core: the one place the web layer scores.

:func:`score` builds the core's typed input straight from the stored rows
(:func:`assessment_input`: values validated when they were saved are not
turned into text and parsed again) and passes it to
:func:`greencert.core.assessment.assess`, so the project page, the reports
and the command line show the same figures.  :func:`assessment_data` gives
the same assessment as the input contract of ``greencert score``, for
snapshots and exports.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from decimal import Decimal

from django.db import connection

from greencert.core.assessment import Assessment as Result
from greencert.core.assessment import assess
from greencert.core.assessment_input import AssessmentInput, Nonconformity, Reference
from greencert.core.assessment_input import Evaluation as CoreEvaluation
from greencert.core.exceptions import InputError, SchemeError
from greencert.core.management_audit import Exemption
from greencert.core.registry import get_scheme
from greencert.core.scheme import Scheme
from greencert.web.accounts.raters import rater_id
from greencert.web.projects.checklists import audit_values, pinned_checklist, reliance_date
from greencert.web.projects.models import Assessment, Evaluation, ItemRating


def scheme_of(assessment: Assessment) -> Scheme:
    """The scheme pinned when the assessment was created; it must not have changed since."""
    scheme = get_scheme(assessment.scheme_label)
    if scheme.hash != assessment.scheme_hash:
        raise SchemeError(
            f"{assessment.scheme_label}: the scheme file has changed since this assessment "
            f"was created (hash {assessment.scheme_hash[:12]}, now {scheme.hash[:12]})"
        )
    return scheme


def evaluation_data(evaluation: Evaluation, ratings=None) -> dict:
    """One stored evaluation as an entry of the input contract; ``rater`` the account that
    rated (:func:`~greencert.web.accounts.raters.rater_id`), when one is recorded.

    *ratings* are (item id, α, Likert level) rows when the caller read them
    already; otherwise they are read from the evaluation.
    """
    if ratings is None:
        ratings = [(r.item_id, r.alpha, r.likert) for r in evaluation.ratings.all()]
    alpha, likert = {}, {}
    for item_id, value, level in ratings:
        if level is not None:
            likert[item_id] = level
        else:
            alpha[item_id] = value
    data = {
        "id": evaluation.code,
        "evaluator": evaluation.evaluator,
        "date": evaluation.date.isoformat(),
        "site": evaluation.site.name if evaluation.site else "",
        "source": evaluation.source,
        "alpha": alpha,
        "likert": likert,
    }
    if evaluation.rater_id is not None:
        data["rater"] = rater_id(evaluation.rater_id)
    return data


def assessment_data(assessment: Assessment, evaluations=None, nonconformities=None) -> dict:
    """The stored assessment as the input contract (the same JSON `greencert score` reads).

    *evaluations* defaults to those that count; pass another list to score
    a subset (e.g. without customer responses).  *nonconformities* defaults
    to the project's (a self-assessment has none).
    """
    evaluations = _counting(assessment, evaluations)
    ratings = _ratings_of(assessment, evaluations)
    data: dict = {"scheme": assessment.scheme_label}
    entries = [evaluation_data(e, ratings[e.pk]) for e in evaluations]
    if entries:
        data["evaluations"] = entries
    levels = {r.clause_id: r.level for r in assessment.clause_ratings.all()}
    if levels:
        data["maturity"] = levels
    if nonconformities is None:
        nonconformities = (
            [nc.as_input() for nc in assessment.project.nonconformities.all()]
            if assessment.project_id
            else []
        )
    data["nonconformities"] = list(nonconformities)
    if assessment.project_id:
        data |= _audit_data(assessment)
    return data


def _audit_data(assessment: Assessment) -> dict:
    """The checklist audits and the §5.2.2 exemption as the contract's ``qms``, ``specific`` and
    ``exemption``, so that a frozen input scores as the project did."""
    values = audit_values(assessment)
    data = {"qms": values["qms"], "specific": values["specific"]}
    exemption = values["exemption"]
    if exemption is not None:
        data["exemption"] = {
            "certificate_expires": exemption["certificate_expires"].isoformat(),
            "audit_date": exemption["audit_date"].isoformat(),
            "on": reliance_date(assessment.project).isoformat(),
            "clauses": list(exemption["clauses"]),
        }
    return data


def _counting(assessment: Assessment, evaluations) -> list[Evaluation]:
    if evaluations is None:
        evaluations = assessment.evaluations.filter(counts=True).select_related("site")
    return list(evaluations)


def _ratings_of(assessment: Assessment, evaluations: list[Evaluation]) -> dict[int, list]:
    """(item id, α, Likert level) rows by evaluation, for the input contract."""
    wanted = {e.pk for e in evaluations}
    ratings: dict[int, list] = {pk: [] for pk in wanted}
    for evaluation_id, item_id, value, level in _rating_rows(assessment):
        if evaluation_id in wanted:
            ratings[evaluation_id].append((item_id, _decimal(value), level))
    return ratings


def _rating_rows(assessment: Assessment) -> list[tuple]:
    """Every rating of the assessment as (evaluation id, item id, α, Likert level).

    One query, compiled by Django and read straight from the cursor: a page of
    200 evaluations has 3,800 ratings, and a model object or a field converter
    per rating cost more than everything else the page does with them.
    """
    query = ItemRating.objects.filter(evaluation__assessment_id=assessment.pk).values_list(
        "evaluation_id", "item_id", "alpha", "likert"
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _decimal(value) -> Decimal | None:
    """α as stored: PostgreSQL gives a Decimal; SQLite a float whose shortest form is the
    value stored (two decimals at most), so it is read back through that text."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(repr(value))


def assessment_input(assessment: Assessment, scheme: Scheme, evaluations=None) -> AssessmentInput:
    """The stored assessment as the core's typed input, built from the rows without a detour
    through the JSON contract.  Raises :class:`InputError` listing what the core refuses,
    :class:`SchemeError` when a pinned checklist file has changed.

    A project's assessment carries its GB/T 19001 and §4.2.2 checklist audits, judged against
    the checklists it pinned; the gate requires them (§4.2.1, §4.2.2, §5.3).  A client's
    self-assessment has neither, and predicts a grade without them.
    """
    evaluations = _counting(assessment, evaluations)
    return _input_from(assessment, scheme, evaluations, _rest_of_input(assessment, scheme))


def _rest_of_input(assessment: Assessment, scheme: Scheme) -> dict:
    """Everything in the input but the evaluations, as keyword arguments of
    :meth:`AssessmentInput.of` (small: read before the ratings are)."""
    return {
        "maturity": {r.clause_id: r.level for r in assessment.clause_ratings.all()} or None,
        "nonconformities": _nonconformities(assessment, scheme),
        **_checklist_audits(assessment),
    }


def _input_from(assessment, scheme, evaluations: list[Evaluation], rest: dict) -> AssessmentInput:
    sheets = _stored_sheets(assessment, evaluations, scheme)
    built, problems = [], []
    for evaluation in evaluations:
        alphas, likert = sheets[evaluation.pk]
        try:
            built.append(
                CoreEvaluation.of_checked(
                    evaluation.code.strip(),
                    alphas,
                    likert,
                    scheme,
                    evaluator=evaluation.evaluator.strip(),
                    date=evaluation.date,
                    site=evaluation.site.name.strip() if evaluation.site else "",
                    source=evaluation.source,
                    rater=rater_id(evaluation.rater_id) if evaluation.rater_id else "",
                )
            )
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return AssessmentInput.of(scheme, evaluations=built or None, **rest)


# Results recently computed in this server process, by the digest of what they were computed
# from.  Per process on purpose: a new release restarts the processes and starts empty, so a
# result is never one that older rules computed.
_RESULTS: OrderedDict[str, Result] = OrderedDict()
RESULTS_KEPT = 32


def live_result(assessment: Assessment, scheme: Scheme, evaluations: list[Evaluation]) -> Result:
    """The core's result for the stored assessment whose counting *evaluations* the caller
    has read, scored again only when something it is computed from has changed.

    The key is a digest of every input except the ratings themselves: each evaluation by id,
    version and time of its last change, with its header (ratings are written only with a new evaluation or a new version of
    one: :func:`~greencert.web.projects.services.sheets.save_evaluation`, survey responses), the
    maturity levels, the nonconformities, the checklist verdicts and the §5.2.2 exemption with
    the date it is relied on, the pinned scheme and checklists.  A page read again unchanged
    skips reading thousands of ratings and scoring them.
    """
    return live_result_keyed(assessment, scheme, evaluations)[0]


def live_result_keyed(
    assessment: Assessment, scheme: Scheme, evaluations: list[Evaluation]
) -> tuple[Result, str]:
    """:func:`live_result` with the digest it is remembered by, for what is derived from
    the result alone (the project page's figures laid out)."""
    rest = _rest_of_input(assessment, scheme)
    key = _digest(assessment, scheme, evaluations, rest)
    result = _RESULTS.get(key)
    if result is None:
        result = assess_for(assessment, scheme, _input_from(assessment, scheme, evaluations, rest))
        _RESULTS[key] = result
        while len(_RESULTS) > RESULTS_KEPT:
            _RESULTS.popitem(last=False)
    else:
        _RESULTS.move_to_end(key)
    return result, key


def _digest(assessment: Assessment, scheme: Scheme, evaluations, rest: dict) -> str:
    """SHA-256 of the inputs named in :func:`live_result` (checklists by their content hash)."""
    headers = [
        (
            e.pk,
            e.version,
            e.updated_at,
            e.code,
            e.evaluator,
            e.date,
            e.site_id and e.site.name,
            e.source,
            e.rater_id,
        )
        for e in evaluations
    ]
    others = {
        name: (value.hash if name.endswith("_checklist") and value is not None else value)
        for name, value in rest.items()
    }
    parts = (scheme.hash, assessment.pk, assessment.is_official, headers, sorted(others.items()))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _checklist_audits(assessment: Assessment) -> dict:
    """The checklist verdicts, the §5.2.2 exemption and the pinned checklists, as the keyword
    arguments of :meth:`AssessmentInput.of`."""
    if not assessment.project_id:
        return {"management_audit_required": False}
    values = audit_values(assessment)
    exemption = values["exemption"]
    if exemption is not None:
        exemption = Exemption(**exemption, on=reliance_date(assessment.project))
    return {
        "qms": values["qms"],
        "specific": values["specific"],
        "exemption": exemption,
        "qms_checklist": pinned_checklist(assessment, "qms"),
        "specific_checklist": pinned_checklist(assessment, "specific"),
    }


def _stored_sheets(assessment: Assessment, evaluations, scheme: Scheme) -> dict[int, tuple]:
    """(α by item, Likert level by item) of each evaluation, from the stored ratings.

    The values were checked when they were saved, and the database holds their
    ranges (``alpha_between_0_and_1``, ``likert_between_1_and_5``): they are
    taken as they are, a Likert level with the α the scheme maps it to.
    """
    sheets = {e.pk: ({}, {}) for e in evaluations}
    alphas: dict = {}  # α has two decimals at most: a few distinct values for 3,800 ratings
    for evaluation_id, item_id, value, level in _rating_rows(assessment):
        sheet = sheets.get(evaluation_id)
        if sheet is None:
            continue
        if level is None:
            alpha = alphas.get(value)
            if alpha is None:
                alpha = alphas[value] = _decimal(value)
            sheet[0][item_id] = alpha
        else:
            sheet[0][item_id] = scheme.likert_band(level).alpha
            sheet[1][item_id] = level
    return sheets


def _nonconformities(assessment: Assessment, scheme: Scheme) -> list[Nonconformity]:
    """Each stored nonconformity citing its reference, read against the checklists the
    assessment pinned (an id the pinned version lacks is refused, named)."""
    if not assessment.project_id:
        return []  # a self-assessment has none
    stored = list(assessment.project.nonconformities.all())
    if not stored:
        return []
    pinned = {kind: pinned_checklist(assessment, kind) for kind in ("qms", "specific")}
    built, problems = [], []
    for nc in stored:
        try:
            built.append(
                Nonconformity.citing(
                    nc.code,
                    Reference(nc.ref_kind, nc.ref_id),
                    nc.severity,
                    nc.gate_status,
                    scheme,
                    qms_checklist=pinned["qms"],
                    specific_checklist=pinned["specific"],
                )
            )
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return built


def score(assessment: Assessment, evaluations=None) -> Result:
    """The core's live result for the stored assessment (*evaluations*: those that count)."""
    scheme = scheme_of(assessment)
    return assess_for(assessment, scheme, assessment_input(assessment, scheme, evaluations))


def assess_for(assessment: Assessment, scheme: Scheme, data: AssessmentInput) -> Result:
    """The core's result for *data* read from *assessment* (perhaps with a sheet being edited).

    A self-assessment is the organisation's own prediction: the core scores its sheets as if
    they were official and says so; an official assessment never counts "self" (§5.1.2).
    """
    return assess(scheme, data, predict_from_self=not assessment.is_official)
