"""The service score with and without customers, and per source of evaluation.

Each figure is the core's, computed on a subset of the assessment's
evaluations that count; customer responses held back (survey not accepted,
or flagged) are in none of them.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

from greencert.core.assessment import assess
from greencert.core.exceptions import GreenCertError
from greencert.core.inputs import parse_assessment
from greencert.web.projects.models import Evaluation
from greencert.web.projects.scoring import assessment_data, scheme_of

SOURCES = ("auditor", "mystery_shopper", "customer")


def service_by_source(assessment, data: dict | None = None) -> dict:
    """The service score with and without customers, and per source, each computed by the core.

    Keys: ``all`` (every evaluation that counts), ``without_customers``, and
    one per source in :data:`SOURCES`; each value is the core's
    :class:`~greencert.core.assessment.Assessment` for that subset (its
    ``service`` is None when the subset is empty).  Held customer
    responses (``counts=False``) are in none of them.  *data* is the
    assessment's input contract when the caller already loaded it (the
    project page does), so the sheets are read once.
    """
    if data is None:
        data = assessment_data(assessment)
    scheme = scheme_of(assessment)
    parsed = parse_assessment(data, scheme)  # validated once; the subsets reuse it
    everything = parsed.evaluations or ()

    def subset(keep):
        chosen = tuple(e for e in everything if keep(e.source))
        return assess(scheme, replace(parsed, evaluations=chosen or None))

    results = {
        "all": subset(lambda source: True),
        "without_customers": subset(lambda source: source != Evaluation.Source.CUSTOMER),
    }
    results |= {source: subset(lambda s, wanted=source: s == wanted) for source in SOURCES}
    return results


def service_by_source_rows(assessment, data: dict | None = None) -> dict:
    """:func:`service_by_source` laid out for ``surveys/_service_by_source.html``."""
    labels = {
        "all": _("All evaluations that count"),
        "without_customers": _("Without customer responses"),
        "auditor": Evaluation.Source.AUDITOR.label,
        "mystery_shopper": Evaluation.Source.MYSTERY_SHOPPER.label,
        "customer": Evaluation.Source.CUSTOMER.label,
    }
    try:
        results = service_by_source(assessment, data)
    except GreenCertError as exc:
        return {"rows": [], "problems": [str(p) for p in exc.problems], "held": 0}
    rows = []
    for key, result in results.items():
        service = result.service
        rows.append(
            {
                "key": key,
                "label": labels[key],
                "n": service.n if service else 0,
                "score": service.score if service else None,
            }
        )
    held = assessment.evaluations.filter(
        source=Evaluation.Source.CUSTOMER, counts=False, survey_response__isnull=False
    ).count()
    return {"rows": rows, "problems": [], "held": held}
