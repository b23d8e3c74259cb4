"""Service characteristics scoring (§5.1, Appendix 1; RULES.md §1). Figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import SCHEME, data, evaluation, evaluations, run, sheet

from greencert.core.inputs import Evaluation
from greencert.core.service import evaluation_score, item_points, score_service


def service_of(*sheets: dict) -> dict:
    """The service part of as_dict() for α sheets E1, E2, ..."""
    return run(data(evaluations=evaluations(*sheets))).as_dict()["service"]


# --- item points, percentage, evaluation score ----------------------------------------------


@pytest.mark.parametrize(
    "item_id, alpha, points",
    [
        ("1.2", "0.85", "5.95"),  # 7 × 0.85 = 5.95
        ("1.1", "0.85", "4.25"),  # 5 × 0.85 = 4.25
        ("7.1", "0.85", "6.8"),  # 8 × 0.85 = 6.80
        ("7.1", "1", "8"),  # 8 × 1 = 8
        ("2.1", "0", "0"),  # 5 × 0 = 0
        ("3.3", "0.01", "0.05"),  # 5 × 0.01 = 0.05
    ],
)
def test_item_points_are_weight_times_alpha(item_id, alpha, points):
    assert item_points(SCHEME.items[item_id], Decimal(alpha)) == Fraction(Decimal(points))


def test_evaluation_score_is_the_sum_of_item_points():
    # all 0.9 (= 90.00) but 1.2 at 0.85: 90 - 7 × 0.05 = 90 - 0.35 = 89.65
    assert evaluation_score(SCHEME, sheet("0.9", **{"1.2": "0.85"})) == Fraction("89.65")


def test_item_figure_for_one_evaluation():
    # item 1.2, α 0.85: points 7 × 0.85 = 5.95; percent 5.95 / 7 × 100 = 85.0; band 5 (0.8 < 0.85)
    service = service_of(sheet("0.9", **{"1.2": "0.85"}))
    assert service["items"]["1.2"] == {
        "weight": 7,
        "mean_alpha": "0.85",
        "points": "5.95",
        "percent": "85.0",
        "band": 5,
    }
    assert service["evaluations"][0]["score"] == "89.65"  # as above


def test_evaluation_score_shown_with_two_decimals():
    # all 0.92 = 92.00; 1.1 at 0.99 adds 5 × 0.07 = 0.35 → 92.35
    service = service_of(sheet("0.92", **{"1.1": "0.99"}))
    assert service["evaluations"][0]["score"] == "92.35"
    assert service["score"] == "92.4"  # one evaluation: mean 92.35 → half-up → 92.4


def test_zero_and_perfect_sheets():
    assert service_of(sheet("0"))["score"] == "0.0"  # Σ w × 0 = 0
    assert service_of(sheet("1"))["score"] == "100.0"  # Σ w × 1 = 100
    assert service_of(sheet("1"))["evaluations"][0]["score"] == "100.00"


# --- Likert ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "level, score",
    [
        (5, "100.00"),  # α 1.0 everywhere: Σ w × 1.0 = 100
        (4, "80.00"),  # α 0.8: 100 × 0.8
        (3, "60.00"),  # α 0.6
        (2, "40.00"),  # α 0.4
        (1, "20.00"),  # α 0.2
    ],
)
def test_all_likert_sheet(level, score):
    likert = dict.fromkeys(SCHEME.items, level)
    result = run(data(evaluations=[evaluation("E1", likert=likert)])).as_dict()["service"]
    assert result["evaluations"][0]["score"] == score


def test_perfect_likert_5_sheet_scores_100():
    likert = dict.fromkeys(SCHEME.items, 5)
    result = run(data(evaluations=[evaluation("E1", likert=likert)]))
    assert result.service.score == Decimal("100.0")
    assert result.service.mean == 100


def test_likert_mixed_with_alpha():
    # α 0.9 everywhere (90.00) except 1.2 given as Likert 2 → α 0.4:
    # 90 - 7 × 0.9 + 7 × 0.4 = 90 - 6.3 + 2.8 = 86.50
    alphas = sheet("0.9")
    del alphas["1.2"]
    raw = data(evaluations=[evaluation("E1", alphas, likert={"1.2": 2})])
    result = run(raw).as_dict()["service"]
    assert result["evaluations"][0]["score"] == "86.50"
    assert result["items"]["1.2"]["points"] == "2.80"  # 7 × 0.4
    assert result["items"]["1.2"]["band"] == 2  # 0.4 is the top of band 2


# --- bands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "alpha, band",
    [
        ("0", 1),
        ("0.2", 1),  # [0, 0.2]
        ("0.21", 2),  # (0.2, 0.4]
        ("0.4", 2),
        ("0.41", 3),
        ("0.6", 3),
        ("0.61", 4),
        ("0.8", 4),
        ("0.81", 5),
        ("1", 5),
    ],
)
def test_band_boundaries(alpha, band):
    assert SCHEME.band_of(Decimal(alpha)).level == band
    # the same band shows on the item figure of a sheet carrying that α
    assert service_of(sheet("0.5", **{"4.2": alpha}))["items"]["4.2"]["band"] == band


def test_only_the_first_band_is_closed_below():
    # §5.1.1 2): 0 ≤ α ≤ 0.2, then 0.2 < α ≤ 0.4, ...
    assert SCHEME.likert[0].contains(Decimal("0"))
    assert SCHEME.likert[0].contains(Decimal("0.2"))
    assert not SCHEME.likert[1].contains(Decimal("0.2"))
    assert SCHEME.likert[1].contains(Decimal("0.4"))
    assert not SCHEME.likert[4].contains(Decimal("0.8"))
    assert SCHEME.likert[4].contains(Decimal("1"))


@pytest.mark.parametrize("alpha", ["-0.01", "1.01"])
def test_band_of_an_alpha_outside_0_1(alpha):
    with pytest.raises(ValueError):
        SCHEME.band_of(Decimal(alpha))


# --- service score: mean of evaluations, rounded once half-up --------------------------------


@pytest.mark.parametrize(
    "sheets, shown",
    [
        # 95.00 (all 0.95) and 94.90 (1.1 at 0.93: 95 - 5 × 0.02); mean 189.90 / 2 = 94.95 → 95.0
        ([sheet("0.95"), sheet("0.95", **{"1.1": "0.93"})], "95.0"),
        # 80.00 and 79.90 (1.1 at 0.78: 80 - 0.10); mean 159.90 / 2 = 79.95 → 80.0
        ([sheet("0.80"), sheet("0.80", **{"1.1": "0.78"})], "80.0"),
        # 90.00 and 89.88 (1.1, 1.2 at 0.89: 90 - 0.05 - 0.07); mean 179.88 / 2 = 89.94 → 89.9
        ([sheet("0.90"), sheet("0.90", **{"1.1": "0.89", "1.2": "0.89"})], "89.9"),
        # 90.00 and 89.90 (1.1 at 0.88); mean 179.90 / 2 = 89.95 → 90.0
        ([sheet("0.90"), sheet("0.90", **{"1.1": "0.88"})], "90.0"),
    ],
)
def test_service_score_is_the_mean_rounded_half_up(sheets, shown):
    assert service_of(*sheets)["score"] == shown


def test_mean_of_three_is_rounded_once():
    # 95.00 (all 0.95) + 94.92 + 94.92 (7.1 at 0.94: 95 - 8 × 0.01) = 284.84;
    # 284.84 / 3 = 94.94666... → once, half-up, 1 decimal → 94.9.
    # (Rounding twice, 94.95 then 95.0, would be wrong.)
    sheets = [sheet("0.95"), sheet("0.95", **{"7.1": "0.94"}), sheet("0.95", **{"7.1": "0.94"})]
    result = run(data(evaluations=evaluations(*sheets)))
    assert result.service.mean == Fraction(28484, 300)
    assert result.as_dict()["service"]["score"] == "94.9"
    assert result.as_dict()["service"]["n"] == 3
    note = next(n for n in result.notes if n.code == "service.mean")
    assert note.rule == "§5.1.2"
    assert note.figures["sum"] == "284.84"
    assert note.figures["mean"] == "94.9466…"  # 94.946666... cut (never rounded) at 4 decimals
    assert note.figures["score"] == "94.9"


def test_mean_of_three_rounding_up():
    # 95.00 + 95.00 + 94.86 (1.2 at 0.93: 95 - 7 × 0.02) = 284.86; / 3 = 94.95333... → 95.0
    sheets = [sheet("0.95"), sheet("0.95"), sheet("0.95", **{"1.2": "0.93"})]
    assert service_of(*sheets)["score"] == "95.0"


def test_each_evaluation_weighs_the_same():
    # 100.00 and 50.00 → (100 + 50) / 2 = 75.0, whoever gave them
    raw = data(
        evaluations=[
            evaluation("E1", sheet("1"), source="auditor"),
            evaluation("E2", sheet("0.5"), source="customer"),
        ]
    )
    assert run(raw).as_dict()["service"]["score"] == "75.0"


def test_no_evaluations_no_service_score():
    assert score_service(SCHEME, ()) is None
    assert run(data(evaluations=[])).service is None


# --- per-item and per-characteristic figures -------------------------------------------------


@pytest.fixture
def two_sheets():
    e1 = sheet("0.9", **{"1.1": "0.8", "1.2": "0.85"})
    e2 = sheet("0.8", **{"1.1": "0.7", "1.2": "0.95", "1.3": "1.0"})
    return service_of(e1, e2)


def test_two_sheets_evaluation_scores(two_sheets):
    # E1: 90 - 5 × 0.1 - 7 × 0.05 = 90 - 0.5 - 0.35 = 89.15
    # E2: 80 - 5 × 0.1 + 7 × 0.15 + 5 × 0.2 = 80 - 0.5 + 1.05 + 1.0 = 81.55
    assert [e["score"] for e in two_sheets["evaluations"]] == ["89.15", "81.55"]
    # (89.15 + 81.55) / 2 = 85.35 → half-up → 85.4
    assert two_sheets["score"] == "85.4"
    assert two_sheets["n"] == 2


def test_two_sheets_item_figures(two_sheets):
    items = two_sheets["items"]
    # 1.1: (0.8 + 0.7) / 2 = 0.75; 5 × 0.75 = 3.75; 75.0 %; band 4 (0.6 < 0.75 ≤ 0.8)
    assert items["1.1"] == {
        "weight": 5,
        "mean_alpha": "0.75",
        "points": "3.75",
        "percent": "75.0",
        "band": 4,
    }
    # 1.2: (0.85 + 0.95) / 2 = 0.90; 7 × 0.9 = 6.30; 90.0 %; band 5
    assert items["1.2"] == {
        "weight": 7,
        "mean_alpha": "0.90",
        "points": "6.30",
        "percent": "90.0",
        "band": 5,
    }
    # 1.3: (0.9 + 1.0) / 2 = 0.95; 5 × 0.95 = 4.75; 95.0 %
    assert items["1.3"]["points"] == "4.75"
    assert items["1.3"]["percent"] == "95.0"
    # 2.1: (0.9 + 0.8) / 2 = 0.85; 5 × 0.85 = 4.25
    assert items["2.1"] == {
        "weight": 5,
        "mean_alpha": "0.85",
        "points": "4.25",
        "percent": "85.0",
        "band": 5,
    }
    assert list(items) == list(SCHEME.items)


def test_two_sheets_characteristic_figures(two_sheets):
    chars = two_sheets["characteristics"]
    # 功能性 weight 17: 3.75 + 6.30 + 4.75 = 14.80 points; 14.80 / 17 = 0.870588... → 0.87;
    # percent 87.0588... → 87.1; band 5 (0.87 > 0.8)
    assert chars["1"] == {
        "weight": 17,
        "mean_alpha": "0.87",
        "points": "14.80",
        "percent": "87.1",
        "band": 5,
    }
    # 安全性 weight 15: three items at mean 0.85: 3 × 4.25 = 12.75; 85.0 %
    assert chars["2"] == {
        "weight": 15,
        "mean_alpha": "0.85",
        "points": "12.75",
        "percent": "85.0",
        "band": 5,
    }
    # 服务规范 weight 8: 8 × 0.85 = 6.80
    assert chars["7"]["weight"] == 8
    assert chars["7"]["points"] == "6.80"
    # Σ characteristics = 14.80 + 5 × 12.75 + 6.80 = 85.35 = the exact service mean
    assert list(chars) == ["1", "2", "3", "4", "5", "6", "7"]


def test_characteristic_points_add_up_to_the_service_mean():
    e1 = sheet("0.9", **{"1.1": "0.8", "1.2": "0.85"})
    e2 = sheet("0.8", **{"1.1": "0.7", "1.2": "0.95", "1.3": "1.0"})
    result = score_service(
        SCHEME,
        (Evaluation("E1", e1), Evaluation("E2", e2)),
    )
    # 14.80 + 12.75 × 5 + 6.80 = 85.35 (see above)
    assert result.mean == Fraction("85.35")
    assert sum(f.points for f in result.characteristics.values()) == Fraction("85.35")


def test_characteristic_band_low():
    # 功能性 with 1.1 0.3, 1.2 0.5, 1.3 0.1: 1.5 + 3.5 + 0.5 = 5.5; 5.5 / 17 = 0.3235... → 0.32,
    # band 2 (0.2 < 0.32 ≤ 0.4); percent 32.35... → 32.4
    service = service_of(sheet("0.9", **{"1.1": "0.3", "1.2": "0.5", "1.3": "0.1"}))
    assert service["characteristics"]["1"] == {
        "weight": 17,
        "mean_alpha": "0.32",
        "points": "5.50",
        "percent": "32.4",
        "band": 2,
    }
    assert service["items"]["1.3"]["band"] == 1  # 0.1 ≤ 0.2
    assert service["items"]["1.2"]["band"] == 3  # 0.4 < 0.5 ≤ 0.6


def test_item_mean_of_three_is_exact():
    # 7.1 at 0.9, 0.9, 0.8 → mean 2.6 / 3 = 0.8666... → 0.87; points 8 × 0.8666... = 6.9333... → 6.93;
    # percent 86.666... → 86.7
    sheets = [sheet("0.9"), sheet("0.9"), sheet("0.9", **{"7.1": "0.8"})]
    item = service_of(*sheets)["items"]["7.1"]
    assert item == {
        "weight": 8,
        "mean_alpha": "0.87",
        "points": "6.93",
        "percent": "86.7",
        "band": 5,
    }
