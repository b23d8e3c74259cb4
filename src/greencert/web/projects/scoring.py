"""The bridge from stored sheets to the core: the one place the web layer scores.

The stored rows are turned into the very input contract of ``greencert
score`` and passed to :func:`greencert.core.assessment.assess_data`, so the
project page, the reports and the command line show the same figures.
"""

from __future__ import annotations

from greencert.core.assessment import Assessment as Result
from greencert.core.assessment import assess_data
from greencert.core.exceptions import SchemeError
from greencert.core.registry import get_scheme
from greencert.core.scheme import Scheme
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
    """One stored evaluation as an entry of the input contract.

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
    return {
        "id": evaluation.code,
        "evaluator": evaluation.evaluator,
        "date": evaluation.date.isoformat(),
        "site": evaluation.site.name if evaluation.site else "",
        "source": evaluation.source,
        "alpha": alpha,
        "likert": likert,
    }


def assessment_data(assessment: Assessment, evaluations=None, nonconformities=None) -> dict:
    """The stored assessment as the input contract (the same JSON `greencert score` reads).

    *evaluations* defaults to those that count; pass another list to score
    a subset (e.g. without customer responses).  *nonconformities* defaults
    to the project's (a self-assessment has none).
    """
    if evaluations is None:
        evaluations = assessment.evaluations.filter(counts=True).select_related("site")
    evaluations = list(evaluations)
    # One plain query for every rating of the assessment: no model object per rating.
    wanted = {e.pk for e in evaluations}
    ratings: dict[int, list] = {pk: [] for pk in wanted}
    rows = ItemRating.objects.filter(evaluation__assessment_id=assessment.pk).values_list(
        "evaluation_id", "item_id", "alpha", "likert"
    )
    for evaluation_id, item_id, value, level in rows:
        if evaluation_id in wanted:
            ratings[evaluation_id].append((item_id, value, level))
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
    return data


def score(assessment: Assessment, **kwargs) -> Result:
    """The core's live result for the stored assessment."""
    return assess_data(scheme_of(assessment), assessment_data(assessment, **kwargs))
