"""The service score with and without customers, and per source of evaluation.

Each figure is the core's, computed on a subset of the assessment's
evaluations that count; customer responses held back (survey not accepted,
or flagged) are in none of them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from greencert.core.assessment import Assessment as Result
from greencert.core.exceptions import GreenCertError
from greencert.core.service import ServiceResult, ServiceScore
from greencert.core.statistics.score_statistics import SOURCES
from greencert.web.form_errors import problem_lines
from greencert.web.projects.models import Evaluation
from greencert.web.projects.scoring import score


def service_by_source(service: ServiceResult | None) -> dict[str, ServiceScore | None]:
    """The service score of each subset of the scored evaluations, by the core's rule.

    Keys: ``all``, ``without_customers``, and one per source in
    :data:`SOURCES`; a value is ``None`` when its subset is empty (no mean
    exists).  Only the service score is given for a subset: never a grade.
    """
    if service is None:
        return dict.fromkeys(("all", "without_customers", *SOURCES))
    results = {
        "all": service.subset(lambda e: True),
        "without_customers": service.subset(lambda e: e.source != Evaluation.Source.CUSTOMER),
    }
    results |= {s: service.subset(lambda e, wanted=s: e.source == wanted) for s in SOURCES}
    return results


def service_by_source_rows(assessment, result: Result | None = None, *, held: bool = True) -> dict:
    """:func:`service_by_source` laid out for ``projects/_service_by_source.html``.

    *result* is the core's result for the assessment when the caller has it
    already (the project page does), so the sheets are read and scored once.
    Without *held*, the count of held responses is left to the caller (the
    project page counts it on each read: it keeps the rest).
    """
    labels = {
        "all": _("All evaluations that count"),
        "without_customers": _("Without customer responses"),
        "auditor": Evaluation.Source.AUDITOR.label,
        "mystery_shopper": Evaluation.Source.MYSTERY_SHOPPER.label,
        "customer": Evaluation.Source.CUSTOMER.label,
    }
    try:
        if result is None:
            result = score(assessment)
        results = service_by_source(result.service)
    except GreenCertError as exc:
        return {"rows": [], "problems": problem_lines(exc.problems), "held": 0}
    rows = []
    for key, service in results.items():
        rows.append(
            {
                "key": key,
                "label": labels[key],
                "n": service.n if service else 0,
                "score": service.score if service else None,
            }
        )
    return {"rows": rows, "problems": [], "held": held_responses(assessment) if held else None}


def held_responses(assessment) -> int:
    """Customer responses stored but not counted (survey not accepted, or flagged)."""
    return assessment.evaluations.filter(
        source=Evaluation.Source.CUSTOMER, counts=False, survey_response__isnull=False
    ).count()
