"""Student's t distribution: the two-sided tail and the quantile a 95 % interval needs.

Written here rather than taken from SciPy: the core needs one quantile per
interval, and SciPy (with NumPy) would be a large runtime dependency for it,
loaded by every ``greencert score``.  The tail is the regularized incomplete
beta function, ``P(|T| > t) = I_x(ν/2, 1/2)`` with ``x = ν / (ν + t²)``,
evaluated by its continued fraction (modified Lentz method); the quantile is
found by bisection on it.  Degrees of freedom may be fractional (Welch).
The test suite checks it against ``scipy.stats.t`` to 1e-9 for ν from 1 to
10,000; figures are shown to 1 or 2 decimals, so this is exact enough.

>>> round(t_quantile(0.975, 11), 4), round(t_quantile(0.975, 1), 4)
(2.201, 12.7062)
>>> round(t_quantile(0.975, 4.5), 4), round(t_quantile(0.975, 10**6), 4)
(2.6589, 1.96)
"""

from __future__ import annotations

from functools import lru_cache
from math import exp, lgamma, log, log1p

TINY = 1e-300
EPSILON = 1e-15


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (converges for x < (a+1)/(a+b+2))."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > TINY else TINY)
    result = d
    for m in range(1, 1000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > TINY else TINY)
            c = 1 + numerator / c
            c = c if abs(c) > TINY else TINY
            step = c * d
            result *= step
        if abs(step - 1) < EPSILON:
            break
    return result


def incomplete_beta(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b).

    >>> incomplete_beta(0.5, 2, 2), incomplete_beta(0.0, 3, 1), incomplete_beta(1.0, 3, 1)
    (0.5, 0.0, 1.0)
    """
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = exp(a * log(x) + b * log1p(-x) + lgamma(a + b) - lgamma(a) - lgamma(b))
    if x < (a + 1) / (a + b + 2):
        return front * _continued_fraction(a, b, x) / a
    return 1 - front * _continued_fraction(b, a, 1 - x) / b


def two_sided_tail(t: float, df: float) -> float:
    """P(|T| > t) for Student's t with *df* degrees of freedom.

    >>> round(two_sided_tail(2.2010, 11), 4)
    0.05
    """
    return incomplete_beta(df / (df + t * t), df / 2, 0.5)


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The t with P(T ≤ t) = *p* (0.5 < p < 1), *df* > 0 degrees of freedom."""
    if not 0.5 < p < 1 or not df > 0:
        raise ValueError(f"needs 0.5 < p < 1 and df > 0, not p={p}, df={df}")
    tail = 2 * (1 - p)
    low, high = 0.0, 1.0
    while two_sided_tail(high, df) > tail:
        low, high = high, high * 2
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if two_sided_tail(middle, df) > tail:
            low = middle
        else:
            high = middle
    return (low + high) / 2
