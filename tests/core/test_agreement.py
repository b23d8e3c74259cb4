"""Agreement between raters (issue 18 §2): checked against the krippendorff package,
pingouin's ICC, and small cases by hand."""

from __future__ import annotations

import random
from decimal import Decimal

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pytest

from greencert.core import default_scheme
from greencert.core.assessment_input import Evaluation
from greencert.core.statistics.agreement import (
    LOW_ALPHA,
    alpha_interval,
    alpha_ordinal,
    icc_2_1,
    measure,
    site_agreements,
)

SCHEME = default_scheme()
rng = random.Random(5)
# 19 units (items) × 3 raters, α values: two raters close, one looser.
ALPHAS = [
    (a, min(1.0, round(a + rng.choice((-0.05, 0, 0.05)), 2)), round(rng.uniform(0.5, 1.0), 2))
    for a in (round(rng.uniform(0.55, 1.0), 2) for _ in range(19))
]
LEVELS = [tuple(SCHEME.band_of(Decimal(str(v))).level for v in row) for row in ALPHAS]


def by_coder(rows):
    return np.array(rows, dtype=float).T  # krippendorff wants coders × units


@pytest.mark.parametrize("rows", [ALPHAS, [r[:2] for r in ALPHAS]])
def test_interval_alpha_agrees_with_the_krippendorff_package(rows):
    expected = krippendorff.alpha(by_coder(rows), level_of_measurement="interval")
    assert alpha_interval(rows) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("rows", [LEVELS, [r[1:] for r in LEVELS]])
def test_ordinal_alpha_agrees_with_the_krippendorff_package(rows):
    expected = krippendorff.alpha(by_coder(rows), level_of_measurement="ordinal")
    assert alpha_ordinal(rows) == pytest.approx(expected, abs=1e-12)


def pingouin_icc2(rows) -> float:
    """ICC(2,1) as pingouin computes it (its "ICC(A,1)": two-way random effects, absolute
    agreement, one rater), from the long table of units, raters and ratings."""
    long = pd.DataFrame(
        [(unit, rater, value) for unit, row in enumerate(rows) for rater, value in enumerate(row)],
        columns=["unit", "rater", "rating"],
    )
    table = pingouin.intraclass_corr(long, targets="unit", raters="rater", ratings="rating")
    return float(table.set_index("Type").loc["ICC(A,1)", "ICC"])


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # pingouin's own use of pandas
@pytest.mark.parametrize("rows", [ALPHAS, [r[:2] for r in ALPHAS], LEVELS])
def test_icc_agrees_with_pingouin(rows):
    assert icc_2_1(rows) == pytest.approx(pingouin_icc2(rows), abs=1e-12)


def test_small_cases_by_hand():
    # Perfect agreement; and two raters who swap 1 and 2: D_o = 1, D_e = 8/12 → 1 − 1.5 = −0.5.
    assert alpha_interval([(1, 1), (2, 2), (3, 3)]) == 1.0
    assert alpha_interval([(1, 2), (2, 1)]) == pytest.approx(-0.5)
    # ICC: rows (9,8),(7,7),(5,4),(3,3): MSR = 36.5/3, MSC = 0.5, MSE = 0.5/3 → 12 / 12.5.
    assert icc_2_1([(9, 8), (7, 7), (5, 4), (3, 3)]) == pytest.approx(0.96)
    # All equal: nothing expected to differ, so no figure at all.
    assert alpha_interval([(4, 4), (4, 4)]) is None and icc_2_1([(4, 4), (4, 4)]) is None


def test_the_bootstrap_interval_repeats_and_brackets_the_estimate():
    first = measure(ALPHAS, alpha_interval)
    assert first == measure(ALPHAS, alpha_interval)
    assert first.interval.low <= first.value <= first.interval.high
    assert measure([(4, 4)] * 5, alpha_interval) == measure([(4, 4)] * 5, alpha_interval)
    assert measure([(4, 4)] * 5, alpha_interval).interval is None


def sheet(eid, alpha, source="auditor", rater="", evaluator="", site="S1", shift=None):
    alphas = dict.fromkeys(SCHEME.items, Decimal(alpha))
    for item, value in (shift or {}).items():
        alphas[item] = Decimal(value)
    return Evaluation(eid, alphas, source=source, rater=rater, evaluator=evaluator, site=site)


def test_sites_raters_and_what_is_set_aside():
    varied = {i: f"0.{50 + 2 * n}" for n, i in enumerate(SCHEME.items)}
    close = {i: f"0.{51 + 2 * n}" for n, i in enumerate(SCHEME.items)}
    evaluations = [
        sheet("E1", "0.9", rater="A-01", evaluator="李", shift=varied),
        sheet("E2", "0.9", source="mystery_shopper", evaluator="神秘顾客 3", shift=close),
        sheet("E3", "0.5", rater="A-01"),  # the same rater again: set aside
        sheet("E4", "0.7", source="customer", evaluator="顾客"),  # customers are not raters here
        sheet("E5", "0.7"),  # no rater, no evaluator: cannot be told apart
        sheet("E6", "0.8", rater="A-02", site="S2"),  # alone at its site
    ]
    (found,) = site_agreements(SCHEME, evaluations)
    assert (found.site, found.raters, found.evaluations) == (
        "S1",
        ("A-01", "神秘顾客 3"),
        ("E1", "E2"),
    )
    assert found.set_aside == ("E3",)
    assert found.alpha_interval.value > 0.95 and not found.low


def test_low_agreement_is_flagged():
    up = {i: f"0.{50 + 2 * n}" for n, i in enumerate(SCHEME.items)}
    down = {i: f"0.{86 - 2 * n}" for n, i in enumerate(SCHEME.items)}
    (found,) = site_agreements(
        SCHEME, [sheet("E1", "0", rater="A", shift=up), sheet("E2", "0", rater="B", shift=down)]
    )
    assert found.alpha_interval.value < LOW_ALPHA and found.low
