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
from greencert.web.projects.models import Assessment, Evaluation


def scheme_of(assessment: Assessment) -> Scheme:
    """The scheme pinned when the assessment was created; it must not have changed since."""
    scheme = get_scheme(assessment.scheme_label)
    if scheme.hash != assessment.scheme_hash:
        raise SchemeError(
            f"{assessment.scheme_label}: the scheme file has changed since this assessment "
            f"was created (hash {assessment.scheme_hash[:12]}, now {scheme.hash[:12]})"
        )
    return scheme


def evaluation_data(evaluation: Evaluation) -> dict:
    """One stored evaluation as an entry of the input contract."""
    alpha, likert = {}, {}
    for rating in evaluation.ratings.all():
        if rating.likert is not None:
            likert[rating.item_id] = rating.likert
        else:
            alpha[rating.item_id] = rating.alpha
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
        evaluations = (
            assessment.evaluations.filter(counts=True)
            .select_related("site")
            .prefetch_related("ratings")
        )
    data: dict = {"scheme": assessment.scheme_label}
    entries = [evaluation_data(e) for e in evaluations]
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
