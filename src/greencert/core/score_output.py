"""What ``greencert score --json`` prints and ``POST /api/v1/score`` returns: one function, so
that the two cannot drift apart.

Statistics advise; the scheme decides: they sit beside the result under their own key and
change nothing in it.
"""

from __future__ import annotations

from greencert.core.assessment import Assessment
from greencert.core.statistics.output import statistics_dict
from greencert.core.statistics.score_statistics import score_statistics


def score_output(assessment: Assessment, lang: str = "zh-hans") -> dict:
    """The result as JSON-ready values, with ``"statistics"`` (``None`` without a service score)."""
    out = assessment.as_dict(lang)
    statistics = score_statistics(assessment)
    out["statistics"] = None if statistics is None else statistics_dict(statistics, lang)
    return out


def score_outputs(
    assessment: Assessment, langs=("zh-hans", "en"), **statistics_options
) -> dict[str, dict]:
    """:func:`score_output` in each of *langs*, the statistics worked out once (a snapshot keeps
    the result in both languages); *statistics_options* go to :func:`score_statistics`."""
    statistics = score_statistics(assessment, **statistics_options)
    return {
        lang: assessment.as_dict(lang)
        | {"statistics": None if statistics is None else statistics_dict(statistics, lang)}
        for lang in langs
    }
