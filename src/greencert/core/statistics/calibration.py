"""Auditor calibration: how far each rater's scores sit from their co-raters' (issue 18 §4).

ISO/IEC 17065 §6.1.2 asks a certification body to monitor the performance of
its personnel.  Where two or more auditors or mystery shoppers rate the same
site (the raters of :func:`.agreement.site_agreements`), each rater's
*deviation* there is the score of their sheet (Appendix 1 总计) minus the mean
of the other raters' scores on that site.  Across the sites a rater shared,
the deviations are a sample: their mean and 95 % t interval say whether the
rater scores higher (lenient) or lower (harsh) than their colleagues.  A rater
is flagged only when the interval leaves out 0.  Statistics advise; the scheme
decides: none of this changes a grade.

Auditor A scores 90, B 86 and C 85 on one site: co-raters' means are 85.5,
87.5 and 88, so the deviations are +4.5, −1.5 and −3 (they add up to 0 only
for two raters, or when each is weighed equally as here: 4.5 − 1.5 − 3 = 0).

>>> from fractions import Fraction as F
>>> deviations({"A": F(90), "B": F(86), "C": F(85)})
{'A': Fraction(9, 2), 'B': Fraction(-3, 2), 'C': Fraction(-3, 1)}
>>> c = calibrate([F(4), F(6)])          # mean 5, s = √2, t(0.975, 1) = 12.706
>>> round(c.sample.interval.low, 2), round(c.sample.interval.high, 2), c.leaning
(-7.71, 17.71, '')
>>> calibrate([F(4), F(5), F(6)]).leaning   # 5 ± 4.303 · 1/√3 = 2.52 … 7.48: above 0
'lenient'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from greencert.core.assessment_input import Evaluation
from greencert.core.scheme import Scheme
from greencert.core.service import evaluation_score
from greencert.core.statistics.agreement import RATER_SOURCES, rater_of
from greencert.core.statistics.sample import Sample, describe

LENIENT = "lenient"
HARSH = "harsh"


@dataclass(frozen=True)
class SiteDeviation:
    """One rater's deviation from their co-raters on one site, in score points."""

    site: str
    rater: str
    deviation: Fraction
    co_raters: int


def deviations(scores: dict[str, Fraction]) -> dict[str, Fraction]:
    """Each rater's score minus the mean of the other raters' scores (two raters or more)."""
    total, others = sum(scores.values(), Fraction(0)), len(scores) - 1
    return {rater: score - (total - score) / others for rater, score in scores.items()}


def site_deviations(scheme: Scheme, evaluations: Sequence[Evaluation]) -> tuple[SiteDeviation, ...]:
    """Every rater's deviation on each site two or more raters rated, in input order.

    As for agreement, a rater is the evaluation's ``rater`` or else its ``evaluator``;
    only auditors and mystery shoppers count; a rater's later sheets of a site are set aside.
    """
    sites: dict[str, dict[str, Fraction]] = {}
    for e in evaluations:
        rater = rater_of(e)
        if e.source not in RATER_SOURCES or not rater:
            continue
        sites.setdefault(e.site, {}).setdefault(rater, evaluation_score(scheme, e.alphas))
    return tuple(
        SiteDeviation(site, rater, deviation, len(scores) - 1)
        for site, scores in sites.items()
        if len(scores) >= 2
        for rater, deviation in deviations(scores).items()
    )


@dataclass(frozen=True)
class Calibration:
    """A rater's deviations over the sites they shared: n, mean, t interval (n ≥ 2), leaning."""

    sample: Sample

    @property
    def leaning(self) -> str:
        """``"lenient"`` when the interval lies above 0, ``"harsh"`` below, else ``""``."""
        interval = self.sample.interval
        if interval is None:
            return ""
        if interval.low > 0:
            return LENIENT
        if interval.high < 0:
            return HARSH
        return ""


def calibrate(site_deviations: Sequence[Fraction]) -> Calibration:
    """The calibration of one rater from their deviations (one per shared site)."""
    return Calibration(describe(list(site_deviations)))
