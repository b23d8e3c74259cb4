"""The ``"statistics"`` of ``greencert score --json`` (additive to contract 2): figures as
strings, as the rest of the contract, so that a page or a PDF draws them as they are.

Score-scale figures (mean, interval ends, thresholds) are given to two decimals and the
sentences round them as the score is; ``scale`` is the score's range for drawing.

Which interval is which: ``interval`` is Student's t interval as computed (mean ± t·s/√n),
which may run past 0 or 100, for machine readers; ``interval_shown`` is the same interval cut
at the scale's ends, as the sentence, the notes, the chart, the page and the PDF show it and as
``thresholds[].side`` places it; ``cut`` names the ends cut ("low", "high") as the sentence
says them, the t interval's ends rounded as the score is.  The same pair is given for each source in ``by_source``.
"""

from __future__ import annotations

from greencert.core.statistics.placement import cut_ends, within_scale
from greencert.core.statistics.sample import RESAMPLES, SEED, Interval, Sample
from greencert.core.statistics.score_statistics import ScoreStatistics
from greencert.core.statistics.wording import figure, headline, measure_figures


def _interval(interval: Interval | None) -> dict | None:
    if interval is None:
        return None
    return {"low": figure(interval.low), "high": figure(interval.high)}


def _sample(sample: Sample, places: int) -> dict:
    return {
        "n": sample.n,
        "mean": figure(sample.mean),
        "sd": None if sample.sd is None else figure(sample.sd),
        "se": None if sample.se is None else figure(sample.se),
        "interval": _interval(sample.interval),  # t, as computed: may pass 0 or 100
        "interval_shown": None
        if sample.interval is None
        else _interval(within_scale(sample.interval)),
        # The ends cut as the sentence says (rounded as the score is): the chart draws these.
        "cut": [] if sample.interval is None else list(cut_ends(sample.interval, places)),
    }


def statistics_dict(s: ScoreStatistics, lang: str = "zh-hans") -> dict:
    """The statistics as plain data, with the explanation in *lang*."""
    bootstrap = _interval(s.bootstrap)
    if bootstrap is not None:
        bootstrap |= {"resamples": RESAMPLES, "seed": SEED}
    return {
        "advisory": True,  # statistics advise; the scheme decides (never a grade)
        "confidence": "0.95",
        "scale": {"low": "0", "high": "100"},
        **_sample(s.sample, s.places),
        "score": str(s.score),
        "bootstrap": bootstrap,
        "thresholds": [
            {"grade": t.grade, "score": str(t.score), "side": t.side} for t in s.thresholds
        ],
        "margin": None
        if s.nearest is None
        else {
            "grade": s.nearest.grade,
            "threshold": str(s.nearest.score),
            "points": str(s.margin_points),
            "standard_errors": None if s.margin_se is None else figure(s.margin_se),
        },
        "more_needed": s.more_needed,
        "leave_one_out": None if s.leave_one_out is None else list(s.leave_one_out),
        "by_source": {source: _sample(sample, s.places) for source, sample in s.by_source.items()},
        "auditor_minus_customer": None
        if s.auditor_minus_customer is None
        else {
            "estimate": figure(s.auditor_minus_customer.estimate),
            "df": None
            if s.auditor_minus_customer.df is None
            else figure(s.auditor_minus_customer.df),
            "interval": _interval(s.auditor_minus_customer.interval),
        },
        "disagreement": [
            {
                "item": d.item,
                "spread": figure(d.spread),
                "means": {k: figure(v) for k, v in d.means.items()},
            }
            for d in s.disagreement
        ],
        "agreement": [
            {
                "site": a.site,
                "raters": list(a.raters),
                "evaluations": list(a.evaluations),
                "set_aside": list(a.set_aside),
                "alpha_interval": measure_figures(a.alpha_interval),
                "alpha_ordinal": measure_figures(a.alpha_ordinal),
                "icc": measure_figures(a.icc),
                "low": a.low,
            }
            for a in s.agreement
        ],
        # The one sentence a page or a report shows beside the interval drawn (issue 18 §3).
        "sentence": headline(s).text(lang),
        "explanation": [note.as_dict(lang) for note in s.notes],
    }
