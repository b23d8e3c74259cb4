"""Auditor calibration and the peer benchmark (issue 18 §4): the t interval checked against
SciPy on fixed data and by hand for n = 2 and n = 3; deviations and percentile ranks by hand,
and the percentile rank against ``scipy.stats.percentileofscore(kind="mean")``."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction as F

import pytest
from scipy import stats

from greencert.core import default_scheme
from greencert.core.assessment_input import Evaluation
from greencert.core.statistics.calibration import (
    HARSH,
    LENIENT,
    SiteDeviation,
    calibrate,
    deviations,
    site_deviations,
)
from greencert.core.statistics.percentile import MIN_PEERS, benchmark, percentile_rank

SCHEME = default_scheme()  # the weights add up to 100: an evaluation all at α scores 100·α
rng = random.Random(17)
FIXED = [F(rng.randint(-800, 800), 100) for _ in range(23)]  # deviations in points


def test_the_interval_agrees_with_scipy_on_fixed_data():
    c = calibrate(FIXED)
    values = [float(v) for v in FIXED]
    low, high = stats.t.interval(
        0.95, len(values) - 1, loc=stats.tmean(values), scale=stats.sem(values)
    )
    assert c.sample.n == 23
    assert c.sample.interval.low == pytest.approx(low, abs=1e-9)
    assert c.sample.interval.high == pytest.approx(high, abs=1e-9)


def test_two_sites_by_hand():
    # 4 and 6: mean 5, s = √2, se = √2/√2 = 1, t(0.975, 1) = 12.7062 → 5 ± 12.7062.
    c = calibrate([F(4), F(6)])
    assert c.sample.mean == 5
    assert (c.sample.interval.low, c.sample.interval.high) == pytest.approx(
        (-7.7062, 17.7062), abs=1e-4
    )
    assert c.leaning == ""  # the interval holds 0


@pytest.mark.parametrize(
    ("values", "low", "high", "leaning"),
    [
        # 4, 5, 6: mean 5, s = 1, se = 1/√3 = 0.57735, t(0.975, 2) = 4.30265 → ± 2.48414.
        ([4, 5, 6], 2.51586, 7.48414, LENIENT),
        ([-4, -5, -6], -7.48414, -2.51586, HARSH),
        # -1, 0, 1: mean 0, same spread → −2.48414 … 2.48414: no flag.
        ([-1, 0, 1], -2.48414, 2.48414, ""),
    ],
)
def test_three_sites_by_hand(values, low, high, leaning):
    c = calibrate([F(v) for v in values])
    assert (c.sample.interval.low, c.sample.interval.high) == pytest.approx((low, high), abs=1e-5)
    assert c.leaning == leaning


def test_one_site_has_no_interval_and_no_flag():
    c = calibrate([F(9)])
    assert c.sample.interval is None and c.leaning == ""


def test_all_equal_deviations_are_an_interval_of_no_width_and_flagged():
    c = calibrate([F(2)] * 4)
    assert (c.sample.interval.low, c.sample.interval.high) == (2.0, 2.0)
    assert c.leaning == LENIENT


def test_deviations_by_hand():
    # Two raters: ±half the difference twice over: 92 − 88 = 4, 88 − 92 = −4.
    assert deviations({"A": F(92), "B": F(88)}) == {"A": F(4), "B": F(-4)}
    # Three: A 90 − (86 + 85)/2 = 4.5; B 86 − 87.5 = −1.5; C 85 − 88 = −3.
    assert deviations({"A": F(90), "B": F(86), "C": F(85)}) == {
        "A": F(9, 2),
        "B": F(-3, 2),
        "C": F(-3),
    }


def sheet(eid, alpha, *, source="auditor", rater="", evaluator="", site="S1"):
    alphas = dict.fromkeys(SCHEME.items, Decimal(alpha))
    return Evaluation(eid, alphas, source=source, rater=rater, evaluator=evaluator, site=site)


def test_site_deviations_of_sheets():
    evaluations = [
        sheet("E1", "0.92", evaluator="李明", site="S1"),  # 92 points
        sheet("E2", "0.88", evaluator="王芳", site="S1"),  # 88
        sheet("E3", "0.50", evaluator="李明", site="S1"),  # 李明's later sheet: set aside
        sheet("E4", "0.70", source="customer", evaluator="顾客", site="S1"),  # not a rater
        sheet("E5", "0.80", source="mystery_shopper", rater="MS-1", evaluator="x", site="S2"),
        sheet("E6", "0.90", evaluator="李明", site="S2"),
        sheet("E7", "0.95", evaluator="李明", site="S3"),  # rated alone: no co-rater
    ]
    assert site_deviations(SCHEME, evaluations) == (
        SiteDeviation("S1", "李明", F(4), 1),
        SiteDeviation("S1", "王芳", F(-4), 1),
        SiteDeviation("S2", "MS-1", F(-10), 1),
        SiteDeviation("S2", "李明", F(10), 1),
    )


def test_percentile_rank_by_hand():
    peers = [F(7, 10), F(8, 10), F(8, 10), F(9, 10), F(95, 100)]
    # 0.8: 1 below, 2 equal, of 5 → (1 + 1) / 5 = 40 %.
    assert percentile_rank(F(8, 10), peers) == 40
    # 0.85: 3 below, none equal → 60 %; 0.95: 4 below, 1 equal → 90 %.
    assert percentile_rank(F(85, 100), peers) == 60
    assert percentile_rank(F(95, 100), peers) == 90
    assert percentile_rank(F(1), peers) == 100 and percentile_rank(F(0), peers) == 0


def test_percentile_rank_agrees_with_scipy_mean_kind():
    peers = [Decimal(rng.randint(50, 100)) / 100 for _ in range(40)]
    for value in (Decimal("0.5"), Decimal("0.73"), Decimal("0.9"), peers[3], Decimal("1.00")):
        expected = stats.percentileofscore([float(p) for p in peers], float(value), kind="mean")
        assert float(percentile_rank(value, peers)) == pytest.approx(expected, abs=1e-9)


def test_no_benchmark_below_five_peers():
    assert MIN_PEERS == 5
    assert benchmark(F(1), [F(1)] * 4) is None
    assert benchmark(F(1), [F(1)] * 5) == 50
