"""Where an interval lies against the scheme's grade thresholds, and how many evaluations more
would place it on one side (issue 18 §1).

A score lies within 0–100 (§5.1.2: the service score is a percentage), but Student's t
interval, mean ± t·s/√n, may run past either end with few evaluations or a wide spread.  An
interval is shown to people within the scale (:func:`within_scale`, said so when cut), and
placed against the thresholds by those same ends.

An interval's ends are compared as the service score is (RULES.md §1): rounded
once, half-up, to the scheme's places.  So an interval lies *above* a
threshold when its lower end, so rounded, reaches it, and *below* when its
upper end, so rounded, stays under it; otherwise it *straddles* it.

>>> from decimal import Decimal
>>> from greencert.core.statistics.sample import Interval
>>> side(Interval(89.96, 90.4), Decimal("90.0"), 1), side(Interval(89.2, 89.94), Decimal("90.0"), 1)
('above', 'below')
>>> side(Interval(89.9, 90.4), Decimal("90.0"), 1)
'straddles'
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import sqrt

from greencert.core.rounding import round_half_up
from greencert.core.statistics.sample import CONFIDENCE, Interval
from greencert.core.statistics.student_t import t_quantile

SCALE = (0, 100)  # the service score's range (§5.1.2)
MOST_ADVISED = 10**7  # beyond this, advice says that no practical number of evaluations can
# Advice is worked out with the half-width this much wider, so that evaluations added at the
# observed mean and spread (whose spread is only known to float precision) surely place it.
GUARD = 1 + 1e-9


def within_scale(interval: Interval) -> Interval:
    """*interval* cut at the ends of the score's scale, as it is shown.

    >>> within_scale(Interval(81.62, 101.08)), within_scale(Interval(88.5, 93.5))
    (Interval(low=81.62, high=100), Interval(low=88.5, high=93.5))
    """
    low, high = SCALE
    return Interval(min(max(interval.low, low), high), min(max(interval.high, low), high))


def cut_ends(interval: Interval, places: int) -> tuple[str, ...]:
    """Which ends of *interval* ("low", "high") run past the scale as shown (rounded to
    *places*, as the score is): those that :func:`within_scale` cuts visibly.

    >>> cut_ends(Interval(81.62, 101.08), 1), cut_ends(Interval(-3.2, 104.0), 1)
    (('high',), ('low', 'high'))
    >>> cut_ends(Interval(90.0, 100.04), 1)     # shown 100.0 either way: nothing to say
    ()
    """
    low, high = SCALE
    ends = []
    if round_half_up(Fraction(interval.low), places) < low:
        ends.append("low")
    if round_half_up(Fraction(interval.high), places) > high:
        ends.append("high")
    return tuple(ends)


def side(interval: Interval, threshold: Decimal, places: int) -> str:
    """'above', 'below' or 'straddles' (see the module's note on rounding), for the interval
    as shown (within the scale).

    >>> side(Interval(95.52, 100.48), Decimal("95.0"), 1), side(Interval(-4.1, 3.0), Decimal("0.0"), 1)
    ('above', 'above')
    """
    interval = within_scale(interval)
    if round_half_up(Fraction(interval.low), places) >= threshold:
        return "above"
    if round_half_up(Fraction(interval.high), places) < threshold:
        return "below"
    return "straddles"


def more_needed(
    mean: float, sd: float, n: int, threshold: Decimal, places: int, confidence=CONFIDENCE
) -> int | None:
    """How many evaluations beyond *n*, at the observed *mean* and *sd*, make the t interval
    lie on one side of *threshold* (0: it already does); ``None`` when none can (the mean sits
    on the threshold's rounding edge) or more than :data:`MOST_ADVISED` would be needed.

    >>> from decimal import Decimal
    >>> more_needed(92.0, 4.0, 5, Decimal("90.0"), 1)   # 92 ± 2.776·4/√5 straddles 90
    13

    (92 − t·4/√N must reach 89.95, which rounds to 90.0: N = 18 gives 2.110·0.943 = 1.99,
    N = 17 gives 2.120·0.970 = 2.06; 18 − 5 = 13.)
    >>> more_needed(89.95, 4.0, 5, Decimal("90.0"), 1) is None   # rounds to 90.0: on the edge
    True
    """

    def placed(extra: int) -> bool:
        total = n + extra
        half = t_quantile(0.5 + confidence / 2, total - 1) * sd / sqrt(total) * GUARD
        return side(Interval(mean - half, mean + half), threshold, places) != "straddles"

    if placed(0):
        return 0
    low, high = 0, 1
    while not placed(high):
        if high > MOST_ADVISED:
            return None
        low, high = high, high * 2
    while high - low > 1:  # placed(high), not placed(low): the half-width shrinks with n
        middle = (low + high) // 2
        low, high = (low, middle) if placed(middle) else (middle, high)
    return high
