"""Statistics of the service score (issue 18 §1): checked against SciPy and by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import sqrt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from greencert.core.statistics.placement import more_needed, side
from greencert.core.statistics.sample import (
    Interval,
    bootstrap_interval,
    describe,
    describe_units,
    t_interval,
    welch,
)
from greencert.core.statistics.student_t import t_quantile

FIXED = {
    "twelve": [91.2, 92.45, 90.1, 93.0, 92.0, 91.85, 89.9, 92.7, 93.35, 91.0, 92.15, 90.8],
    "spread": [62.5, 88.0, 95.15, 71.3, 99.0, 80.45, 84.0],
    "two": [88.0, 90.5],
}


def fractions(values):
    return [Fraction(str(v)) for v in values]


@pytest.mark.parametrize("df", [1, 1.5, 2, 3, 4.7, 11, 29, 100, 999.5, 10_000])
@pytest.mark.parametrize("p", [0.9, 0.975, 0.995])
def test_the_t_quantile_agrees_with_scipy(p, df):
    assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9)


@pytest.mark.parametrize("name", FIXED)
def test_the_t_interval_agrees_with_scipy(name):
    values = FIXED[name]
    sample = describe(fractions(values))
    low, high = stats.t.interval(
        0.95, len(values) - 1, loc=stats.tmean(values), scale=stats.sem(values)
    )
    assert sample.interval.low == pytest.approx(low, abs=1e-9)
    assert sample.interval.high == pytest.approx(high, abs=1e-9)
    assert sample.sd == pytest.approx(stats.tstd(values), rel=1e-12)
    assert describe_units([round(v * 100) for v in values], 100) == sample


def test_worked_by_hand_n_2_n_3_all_equal_one_outlier():
    # n = 2: 90 and 94 → mean 92, s = 2√2, se = 2, t(0.975, 1) = 12.7062 → 92 ± 25.4124
    two = describe(fractions([90, 94]))
    assert (two.mean, two.se) == (92, pytest.approx(2.0))
    assert (two.interval.low, two.interval.high) == (
        pytest.approx(66.5876, abs=1e-4),
        pytest.approx(117.4124, abs=1e-4),
    )
    # n = 3: 90, 92, 94 → s = 2, se = 2/√3, t(0.975, 2) = 4.3027 → 92 ± 4.9683
    three = describe(fractions([90, 92, 94]))
    assert three.sd == 2.0
    assert three.interval.high - 92 == pytest.approx(4.9683, abs=1e-4)
    # all equal: no spread, an interval of no width on the mean
    same = describe(fractions([85.5] * 4))
    assert (same.sd, same.interval) == (0.0, Interval(85.5, 85.5))
    # one outlier: 90 ×4 and 60 → mean 84, s = √180 = 13.416, se = 6, t(0.975, 4) = 2.7764
    outlier = describe(fractions([90, 90, 90, 90, 60]))
    assert outlier.mean == 84 and outlier.se == pytest.approx(6.0)
    assert outlier.interval.low == pytest.approx(84 - 16.6587, abs=1e-4)
    # n = 1: no spread, no interval
    one = describe(fractions([91]))
    assert (one.sd, one.se, one.interval) == (None, None, None)


def test_welch_agrees_with_scipy():
    auditors, customers = FIXED["twelve"][:5], FIXED["spread"]
    d = welch(describe(fractions(auditors)), describe(fractions(customers)))
    result = stats.ttest_ind(auditors, customers, equal_var=False)
    ci = result.confidence_interval(0.95)
    assert d.df == pytest.approx(result.df, rel=1e-9)
    assert (d.interval.low, d.interval.high) == (
        pytest.approx(ci.low, abs=1e-9),
        pytest.approx(ci.high, abs=1e-9),
    )
    assert welch(describe(fractions([90])), describe(fractions(customers))) is None


def test_the_bootstrap_repeats_holds_the_mean_and_needs_two():
    values = fractions(FIXED["twelve"])
    first, again = bootstrap_interval(values), bootstrap_interval(values)
    assert first == again
    assert first.low < float(describe(values).mean) < first.high
    # A percentile interval of resampled means lies within the values themselves.
    assert min(FIXED["twelve"]) <= first.low and first.high <= max(FIXED["twelve"])
    assert bootstrap_interval(values, seed=7) != first
    assert bootstrap_interval(fractions([90])) is None


def test_sides_are_read_as_the_score_is_rounded():
    t = Decimal("90.0")
    assert side(Interval(89.95, 91), t, 1) == "above"  # 89.95 rounds to 90.0, which reaches it
    assert side(Interval(89.94, 91), t, 1) == "straddles"
    assert side(Interval(88, 89.9499), t, 1) == "below"


def test_more_needed_worked_by_hand():
    # mean 92, s 4, n 5 against 90.0: N = 18 is the first with 92 − t(N−1)·4/√N ≥ 89.95
    assert more_needed(92.0, 4.0, 5, Decimal("90.0"), 1) == 13
    n = 18
    assert 92 - stats.t.ppf(0.975, n - 1) * 4 / sqrt(n) >= 89.95
    assert 92 - stats.t.ppf(0.975, n - 2) * 4 / sqrt(n - 1) < 89.95
    assert more_needed(92.0, 0.5, 30, Decimal("90.0"), 1) == 0
    assert more_needed(89.95, 3.0, 4, Decimal("90.0"), 1) is None  # on the rounding edge


scores = st.lists(st.integers(min_value=6000, max_value=10000), min_size=2, max_size=40)


@settings(max_examples=150, deadline=None)
@given(scores)
def test_the_interval_contains_the_mean(units):
    sample = describe_units(units, 100)
    assert sample.interval.contains(float(sample.mean))


@settings(max_examples=150, deadline=None)
@given(st.floats(min_value=0.1, max_value=20), st.integers(min_value=2, max_value=500))
def test_the_interval_narrows_as_n_grows_at_a_fixed_spread(sd, n):
    def width(count):
        i = t_interval(90.0, sd / sqrt(count), count - 1)
        return i.high - i.low

    assert width(n + 1) < width(n)


def at(mean: float, sd: float, n: int) -> list[Fraction]:
    """n values with exactly this mean and (to float precision) this sample spread."""
    half = n // 2
    d = sd * sqrt((n - 1) / (2 * half))  # ± d on 2·half values, the mean itself on the rest
    values = [mean - d] * half + [mean + d] * half + [mean] * (n - 2 * half)
    return [Fraction(v) for v in values]


@settings(max_examples=150, deadline=None)
@given(scores, st.sampled_from(["80.0", "90.0", "95.0"]))
def test_following_the_advice_places_the_interval(units, threshold):
    sample = describe_units(units, 100)
    threshold = Decimal(threshold)
    more = more_needed(float(sample.mean), sample.sd, sample.n, threshold, 1)
    if more is None or sample.sd == 0:
        return
    grown = describe(at(float(sample.mean), sample.sd, sample.n + more))
    assert grown.sd == pytest.approx(sample.sd, rel=1e-9)
    assert side(grown.interval, threshold, 1) != "straddles"
    if more > 0:  # and one fewer would not have done
        fewer = describe(at(float(sample.mean), sample.sd, sample.n + more - 1))
        assert side(fewer.interval, threshold, 1) == "straddles"
