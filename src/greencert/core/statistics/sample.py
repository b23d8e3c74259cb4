"""A sample of scores: n, mean, standard deviation, and intervals for its mean.

The mean is exact (a fraction, as the scheme's mean is); the standard
deviation and the interval ends are floats, since a square root and a t
quantile are not fractions.  They advise; they decide nothing.

* Student's t interval: mean ± t(0.975, n − 1) · s / √n.
* Bootstrap percentile interval: the mean of *n* values drawn with
  replacement, :data:`RESAMPLES` times from a fixed seed (so the same
  sample always gives the same interval); the 2.5th and 97.5th percentiles.
* Welch's interval for the difference of two means (unequal spreads).

>>> from fractions import Fraction
>>> s = describe([Fraction(90), Fraction(92), Fraction(94)])   # mean 92, s = 2
>>> s.mean, s.sd, round(s.interval.low, 3), round(s.interval.high, 3)   # 92 ± 4.303·2/√3
(Fraction(92, 1), 2.0, 87.032, 96.968)
>>> describe([Fraction(91)]).interval is None                    # one value: no spread, no interval
True
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor, fsum, sqrt

from greencert.core.statistics.student_t import t_quantile

CONFIDENCE = 0.95
RESAMPLES = 2000
SEED = 20260108  # fixed, so that a bootstrap repeats (the scheme's effective date)
BOOTSTRAP_MAX_N = 5000  # beyond this the t interval alone (resampling would take seconds)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Sample:
    """n, exact mean, standard deviation (n − 1), standard error and the t interval (n ≥ 2)."""

    n: int
    mean: Fraction
    sd: float | None
    se: float | None
    interval: Interval | None


def describe(values: Sequence[Fraction], confidence: float = CONFIDENCE) -> Sample:
    """The sample's figures; no spread and no interval below two values.

    >>> s = describe([Fraction(80), Fraction(80)])   # all equal: an interval of no width
    >>> s.sd, s.interval
    (0.0, Interval(low=80.0, high=80.0))
    """
    n = len(values)
    mean = sum(values, Fraction(0)) / n
    if n < 2:
        return Sample(n, mean, None, None, None)
    variance = sum(((v - mean) ** 2 for v in values), Fraction(0)) / (n - 1)
    sd = sqrt(variance)
    se = sd / sqrt(n)
    return Sample(n, mean, sd, se, t_interval(float(mean), se, n - 1, confidence))


def describe_units(units: Sequence[int], scale: int, confidence: float = CONFIDENCE) -> Sample:
    """:func:`describe` of ``u / scale`` for each of *units*, in integers (fast for 100,000).

    >>> describe_units([9000, 9200, 9400], 100) == describe([Fraction(90), Fraction(92), Fraction(94)])
    True
    """
    return describe_sums(len(units), sum(units), sum(u * u for u in units), scale, confidence)


def describe_sums(
    n: int, total: int, squares: int, scale: int, confidence: float = CONFIDENCE
) -> Sample:
    """:func:`describe_units` from the count, sum and sum of squares of the units (say, as a
    database adds them up), n ≥ 1.

    >>> describe_sums(3, 27600, 9000**2 + 9200**2 + 9400**2, 100) == describe_units([9000, 9200, 9400], 100)
    True
    """
    mean = Fraction(total, scale * n)
    if n < 2:
        return Sample(n, mean, None, None, None)
    spread = n * squares - total * total  # n² · (n − 1) · variance · scale²
    sd = sqrt(Fraction(spread, n * (n - 1) * scale * scale))
    se = sd / sqrt(n)
    return Sample(n, mean, sd, se, t_interval(float(mean), se, n - 1, confidence))


def t_interval(mean: float, se: float, df: float, confidence: float = CONFIDENCE) -> Interval:
    """mean ± t · se."""
    half = t_quantile(0.5 + confidence / 2, df) * se
    return Interval(mean - half, mean + half)


def bootstrap_interval(
    values: Sequence[Fraction], confidence: float = CONFIDENCE, seed: int = SEED
) -> Interval | None:
    """Percentile interval of the mean from :data:`RESAMPLES` resamples; ``None`` below two
    values or above :data:`BOOTSTRAP_MAX_N`.

    >>> v = [Fraction(x) for x in (88, 90, 91, 93, 95)]
    >>> bootstrap_interval(v) == bootstrap_interval(v)   # the seed is fixed
    True
    """
    n = len(values)
    if not 2 <= n <= BOOTSTRAP_MAX_N:
        return None
    floats = [float(v) for v in values]
    rng = random.Random(seed)
    means = sorted(fsum(rng.choices(floats, k=n)) / n for _ in range(RESAMPLES))
    return percentile_interval(means, confidence)


def percentile_interval(ordered: Sequence[float], confidence: float = CONFIDENCE) -> Interval:
    """The (1 − c)/2 and (1 + c)/2 percentiles of sorted values (nearest rank inside them)."""
    tail = (1 - confidence) / 2
    last = len(ordered) - 1
    return Interval(ordered[floor(tail * last)], ordered[ceil((1 - tail) * last)])


@dataclass(frozen=True)
class Difference:
    """The difference of two means, its Welch interval and degrees of freedom."""

    estimate: float
    interval: Interval
    df: float | None  # None when both spreads are nil (the interval is then the difference)


def welch(first: Sample, second: Sample, confidence: float = CONFIDENCE) -> Difference | None:
    """Welch's interval for mean(first) − mean(second); ``None`` unless both have n ≥ 2.

    >>> a = describe([Fraction(x) for x in (90, 92, 94)])
    >>> b = describe([Fraction(x) for x in (84, 85, 86, 89)])
    >>> d = welch(a, b)
    >>> d.estimate, round(d.df, 3), round(d.interval.low, 3), round(d.interval.high, 3)
    (6.0, 4.655, 1.843, 10.157)
    """
    if first.sd is None or second.sd is None:
        return None
    estimate = float(first.mean - second.mean)
    va, vb = first.sd**2 / first.n, second.sd**2 / second.n
    if va + vb == 0:
        return Difference(estimate, Interval(estimate, estimate), None)
    df = (va + vb) ** 2 / (va**2 / (first.n - 1) + vb**2 / (second.n - 1))
    return Difference(estimate, t_interval(estimate, sqrt(va + vb), df, confidence), df)
