"""Agreement between raters who rated the same site (issue 18 §2).

When two or more auditors or mystery shoppers rate the same site, each of the
scheme's items is a unit rated by each of them.  Per site:

* Krippendorff's alpha, *interval* on α and *ordinal* on the Likert level
  (the band of the α, §5.1.1 2)); 1 is perfect agreement, 0 what chance
  gives.  Below :data:`LOW_ALPHA` (0.67, Krippendorff's lowest bound for
  tentative conclusions) the site is flagged for the technical reviewer.
* ICC(2,1) (Shrout & Fleiss): two-way random effects, absolute agreement,
  one rater, from the two-way ANOVA's mean squares.
* Each with a percentile interval from resampling the items (fixed seed).

A rater is named by the evaluation's ``rater`` (an id, optional in the
contract), else its ``evaluator``; evaluations naming neither are left out.
A rater's later evaluations of the same site are set aside (one rating per
rater and unit), and listed.

>>> alpha_interval([(1, 1), (2, 2), (3, 3)]), alpha_interval([(1, 2), (2, 1)])
(1.0, -0.5)
>>> round(icc_2_1([(9, 8), (7, 7), (5, 4), (3, 3)]), 4)
0.96
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from greencert.core.assessment_input import Evaluation
from greencert.core.scheme import Scheme
from greencert.core.statistics.sample import SEED, Interval, percentile_interval

LOW_ALPHA = 0.67
RATER_SOURCES = ("auditor", "mystery_shopper")
RESAMPLES = 1000

Rows = Sequence[Sequence[float]]  # one row per unit (item), one value per rater


def _pairs_sum(values: Sequence[float], delta: Callable[[float, float], float]) -> float:
    return sum(delta(a, b) for i, a in enumerate(values) for j, b in enumerate(values) if i != j)


def krippendorff_alpha(rows: Rows, delta: Callable[[float, float], float]) -> float | None:
    """1 − D_o / D_e for complete data (every rater rates every unit); ``None`` when no value
    differs from another (no disagreement is expected, so agreement is undefined)."""
    m = len(rows[0])
    every = [v for row in rows for v in row]
    n = len(every)
    observed = sum(_pairs_sum(row, delta) for row in rows) / (m - 1) / n
    counts = Counter(every)
    expected = sum(
        ca * cb * delta(a, b) for a, ca in counts.items() for b, cb in counts.items()
    ) / (n * (n - 1))
    return None if expected == 0 else 1 - observed / expected


def alpha_interval(rows: Rows) -> float | None:
    """Krippendorff's alpha with the interval metric, δ² = (a − b)²."""
    return krippendorff_alpha(rows, lambda a, b: (a - b) ** 2)


def alpha_ordinal(rows: Rows) -> float | None:
    """Krippendorff's alpha with the ordinal metric: δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²,
    n_g the number of values g among all values.

    >>> alpha_ordinal([(1, 1), (2, 2), (5, 5)])
    1.0
    """
    every = [v for row in rows for v in row]
    count = Counter(every)
    levels = sorted(count)
    below = dict(zip(levels, accumulate(count[g] for g in levels), strict=True))  # Σ n_g, g ≤ c

    def delta(a, b):
        low, high = min(a, b), max(a, b)
        between = below[high] - below[low] + count[low]  # Σ n_g for low ≤ g ≤ high
        return (between - (count[low] + count[high]) / 2) ** 2

    return krippendorff_alpha(rows, delta)


def icc_2_1(rows: Rows) -> float | None:
    """ICC(2,1) = (MSR − MSE) / (MSR + (k − 1)·MSE + k·(MSC − MSE)/n) for n units and k raters;
    ``None`` when the denominator is nil (every value equal)."""
    n, k = len(rows), len(rows[0])
    grand = sum(map(sum, rows)) / (n * k)
    row_means = [sum(row) / k for row in rows]
    col_means = [sum(row[j] for row in rows) / n for j in range(k)]
    ss_rows = k * sum((r - grand) ** 2 for r in row_means)
    ss_cols = n * sum((c - grand) ** 2 for c in col_means)
    ss_total = sum((v - grand) ** 2 for row in rows for v in row)
    msr, msc = ss_rows / (n - 1), ss_cols / (k - 1)
    mse = (ss_total - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    denominator = msr + (k - 1) * mse + k * (msc - mse) / n
    return None if denominator == 0 else (msr - mse) / denominator


@dataclass(frozen=True)
class Measure:
    """One agreement figure and its bootstrap interval (either may be missing)."""

    value: float | None
    interval: Interval | None


def measure(
    rows: Rows,
    statistic: Callable[[Rows], float | None],
    seed: int = SEED,
    resamples: int = RESAMPLES,
) -> Measure:
    """*statistic* of *rows* and its percentile interval over *resamples* resampled units; no
    interval when too few resamples give a value (under 90 %: say, all values equal), or when
    *resamples* is 0 (the value alone: what the low-agreement flag reads)."""
    value = statistic(rows)
    rng = random.Random(seed)
    found = []
    for _ in range(resamples):
        resample = rng.choices(rows, k=len(rows))
        figure = statistic(resample)
        if figure is not None:
            found.append(figure)
    enough = resamples and len(found) >= 0.9 * resamples
    return Measure(value, percentile_interval(sorted(found)) if enough else None)


@dataclass(frozen=True)
class SiteAgreement:
    site: str
    raters: tuple[str, ...]
    evaluations: tuple[str, ...]  # the evaluation used for each rater, in the same order
    set_aside: tuple[str, ...]  # a rater's later evaluations of the site
    alpha_interval: Measure  # on α
    alpha_ordinal: Measure  # on the Likert level (band of α)
    icc: Measure  # ICC(2,1) on α

    @property
    def low(self) -> bool:
        """Flagged when either alpha is below :data:`LOW_ALPHA`."""
        values = (self.alpha_interval.value, self.alpha_ordinal.value)
        return any(v is not None and v < LOW_ALPHA for v in values)


def rater_of(evaluation: Evaluation) -> str:
    return (evaluation.rater or evaluation.evaluator).strip()


def site_agreements(
    scheme: Scheme, evaluations: Sequence[Evaluation], resamples: int = RESAMPLES
) -> tuple[SiteAgreement, ...]:
    """Each site rated by two or more raters (auditors, mystery shoppers), in input order;
    each measure's interval over *resamples* resamples (0: the values alone)."""
    sites: dict[str, dict[str, Evaluation]] = {}
    set_aside: dict[str, list[str]] = {}
    for e in evaluations:
        rater = rater_of(e)
        if e.source not in RATER_SOURCES or not rater:
            continue
        chosen = sites.setdefault(e.site, {})
        if rater in chosen:
            set_aside.setdefault(e.site, []).append(e.id)
        else:
            chosen[rater] = e
    return tuple(
        _agreement(scheme, site, chosen, tuple(set_aside.get(site, ())), resamples)
        for site, chosen in sites.items()
        if len(chosen) >= 2
    )


def _agreement(scheme, site, chosen: dict[str, Evaluation], aside, resamples) -> SiteAgreement:
    sheets = list(chosen.values())
    alphas = [tuple(float(e.alphas[i]) for e in sheets) for i in scheme.items]
    levels = [tuple(scheme.band_of(e.alphas[i]).level for e in sheets) for i in scheme.items]
    return SiteAgreement(
        site,
        tuple(chosen),
        tuple(e.id for e in sheets),
        aside,
        measure(alphas, alpha_interval, resamples=resamples),
        measure(levels, alpha_ordinal, resamples=resamples),
        measure(alphas, icc_2_1, resamples=resamples),
    )
