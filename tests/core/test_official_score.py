"""The official score (issue 11 part 5): self-evaluations apart (§5.1.2), bands from the exact
mean α (§5.1.1 2)), figures rounded on their own (RULES.md §1). Figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from conftest import SCHEME, data, evaluation, levels, run, sheet

from greencert.core.assessment import assess
from greencert.core.inputs import parse_assessment

# An auditor's sheet of α 0.8 everywhere: Σ weight × 0.8 = 100 × 0.8 = 80.00.
# A self-assessment sheet of α 1 everywhere: Σ weight × 1 = 100.00.
# Maturity all 三级 (3): 21 clauses, 13 worth 5 → 3 points, 8 worth 10 → 6 points:
# 39 + 48 = 87 → 三级 [70, 95). No nonconformity: conformity passed.
AUDITOR_80 = evaluation("A1", sheet("0.8"), source="auditor")
SELF_100 = evaluation("S1", sheet("1"), source="self")


def test_a_self_evaluation_never_counts_in_the_official_score():
    # Official: A1 alone, 80.00 / 1 = 80.0 → AAA (80.0 ≥ 80.0, 三级 ≥ 二级), AAAA blocked
    # (80.0 < 90.0). Counting S1 would give (80 + 100) / 2 = 90.0 → AAAA with 三级: wrong.
    result = run(data(evaluations=[SELF_100, AUDITOR_80], maturity=levels(3)))
    out = result.as_dict()
    assert out["service"]["score"] == "80.0"
    assert out["service"]["n"] == 1
    assert [e["id"] for e in out["service"]["evaluations"]] == ["A1"]
    assert out["grade"] == "AAA"
    assert out["self_assessment"] == {
        "score": "100.0",  # 100.00 / 1
        "n": 1,
        "evaluations": [{"id": "S1", "source": "self", "site": "", "score": "100.00"}],
    }
    apart = next(n for n in result.notes if n.code == "service.self_apart")
    assert apart.rule == "§5.1.2"
    assert (
        apart.text("zh-hans")
        == "1 次自我评价不计入服务特性测评得分，另行计算：均值 100.0，仅供参考"
    )
    assert apart.text("en").startswith("1 self-evaluation(s) do not count in the service score")
    # The gap to AAAA is measured from the official 80.0: the mean must reach 89.95.
    assert out["next_grade"]["service"]["score"] == "80.0"


def test_only_self_evaluations_give_no_official_score_and_no_grade():
    result = run(data(evaluations=[SELF_100], maturity=levels(4)))
    out = result.as_dict("en")
    assert result.service is None
    assert out["service"] is None
    assert out["grade"] is None
    assert out["next_grade"] is None
    assert out["self_assessment"]["score"] == "100.0"
    assert out["self_assessment"]["n"] == 1
    codes = [n.code for n in result.notes]
    assert "service.self_only" in codes and "service.absent" not in codes
    assert "grade.incomplete" in codes and "grade.awarded" not in codes
    note = next(n for n in result.notes if n.code == "service.self_only")
    assert "no service score and no grade" in note.text("en")
    assert "没有服务特性测评得分，也不给出认证等级" in note.text("zh-hans")


def test_several_self_evaluations_are_scored_apart_by_the_same_rule():
    # 100.00 and 50.00 (α 0.5 everywhere): (100 + 50) / 2 = 75.0, apart; official 80.0 alone.
    own = [SELF_100, evaluation("S2", sheet("0.5"), source="self")]
    out = run(data(evaluations=[*own, AUDITOR_80])).as_dict()
    assert (out["self_assessment"]["score"], out["self_assessment"]["n"]) == ("75.0", 2)
    assert (out["service"]["score"], out["service"]["n"]) == ("80.0", 1)


def test_a_self_prediction_is_asked_for_by_name_and_says_what_it_is():
    # The organisation's own prediction scores its sheets as if they were official:
    # 100.00 / 1 = 100.0 with 四级 (all 4: 13 × 4 + 8 × 8 = 116 → 五级) → AAAAA, marked as such.
    typed = parse_assessment(data(evaluations=[SELF_100], maturity=levels(4)), SCHEME)
    predicted = assess(SCHEME, typed, predict_from_self=True)
    assert predicted.service.score == Decimal("100.0")
    assert predicted.grade == "AAAAA"
    assert predicted.self_assessment is None
    assert "service.self_predicted" in [n.code for n in predicted.notes]
    assert assess(SCHEME, typed).grade is None  # the same input, officially: no grade


# --- bands from the exact mean α -----------------------------------------------------------

# Item 1.1 (weight 5) over three evaluations at 0.80, 0.80, 0.81: mean α 2.41 / 3 = 0.80333…,
# above 0.8, so band 5 (§5.1.1 2) ⑤: 0.8 < α ≤ 1). Rounded to 2 decimals it reads 0.80, the top
# of band 4, so it is shown cut at 4 decimals: 0.8033…. Points 5 × 2.41 / 3 = 4.01666… → 4.02;
# percent 80.333… → 80.3.
EDGE = [sheet("0.9", **{"1.1": a}) for a in ("0.80", "0.80", "0.81")]


def edge_service(sheets=EDGE):
    runs = [evaluation(f"E{i}", s) for i, s in enumerate(sheets, 1)]
    return run(data(evaluations=runs))


def test_the_band_of_an_item_follows_its_exact_mean_alpha():
    result = edge_service()
    assert result.service.items["1.1"].mean_alpha == Fraction(241, 300)
    assert result.as_dict()["service"]["items"]["1.1"] == {
        "weight": 5,
        "mean_alpha": "0.8033…",
        "points": "4.02",
        "percent": "80.3",
        "band": 5,
    }
    note = next(n for n in result.notes if n.code == "service.band_exact")
    assert note.rule == "§5.1.1 2)"
    assert note.figures["figures"] == "1.1: 0.8033… > 0.8 → 5"


def test_the_band_of_a_characteristic_follows_its_exact_mean_alpha():
    # Characteristic 2 (2.1, 2.2, 2.3, weight 5 each): 2.1 at 0.80, 0.80, 0.81, the others 0.80.
    # Points 5 × (2.41 + 2.40 + 2.40) / 3 = 36.05 / 3 = 12.01666…; α = 12.01666… / 15 = 0.80111…
    # → band 5, shown 0.8011…; items 2.2 and 2.3 at exactly 0.80 stay band 4, shown 0.80.
    sheets = [
        sheet("0.9", **{"2.1": a, "2.2": "0.80", "2.3": "0.80"}) for a in ("0.80", "0.80", "0.81")
    ]
    service = edge_service(sheets).as_dict()["service"]
    assert service["characteristics"]["2"]["band"] == 5
    assert service["characteristics"]["2"]["mean_alpha"] == "0.8011…"
    assert service["characteristics"]["2"]["points"] == "12.02"
    assert (service["items"]["2.2"]["band"], service["items"]["2.2"]["mean_alpha"]) == (4, "0.80")


def test_a_mean_that_rounds_up_into_its_band_keeps_two_decimals():
    # 1.1 at 0.80 and 0.81: 1.61 / 2 = 0.805 → 0.81 (half-up), band 5 either way: no edge.
    # 4.2 at 0.60, 0.60, 0.61: 1.81 / 3 = 0.60333… → band 4 (0.6 < α ≤ 0.8), shown 0.6033….
    two = [sheet("0.9", **{"1.1": "0.80"}), sheet("0.9", **{"1.1": "0.81"})]
    item = edge_service(two).as_dict()["service"]["items"]["1.1"]
    assert (item["mean_alpha"], item["band"]) == ("0.81", 5)
    three = [sheet("0.9", **{"4.2": a}) for a in ("0.60", "0.60", "0.61")]
    item = edge_service(three).as_dict()["service"]["items"]["4.2"]
    assert (item["mean_alpha"], item["band"]) == ("0.6033…", 4)


def test_no_edge_no_note():
    result = edge_service([sheet("0.8"), sheet("0.8")])  # every mean exactly 0.8: band 4, 0.80
    assert all(f.band.level == 4 for f in result.service.items.values())
    assert "service.band_exact" not in [n.code for n in result.notes]


# --- rounded parts and wholes --------------------------------------------------------------

# Characteristic 1 (1.1 weight 5, 1.2 weight 7, 1.3 weight 5) over three evaluations:
# 1.1 at 0.94 ×3: 5 × 2.82 / 3 = 4.70; 1.2 at 0.84, 0.84, 0.85: 7 × 2.53 / 3 = 5.90333… → 5.90;
# 1.3 at 0.97, 0.97, 0.96: 5 × 2.90 / 3 = 4.8333… → 4.83. Shown parts: 4.70 + 5.90 + 4.83 = 15.43.
# The characteristic: (14.10 + 17.71 + 14.50) / 3 = 46.31 / 3 = 15.43666… → 15.44.
APART = [
    sheet("0.9", **{"1.1": "0.94", "1.2": a, "1.3": b})
    for a, b in (("0.84", "0.97"), ("0.84", "0.97"), ("0.85", "0.96"))
]


def test_parts_rounded_on_their_own_are_flagged_where_they_do_not_add_up():
    result = edge_service(APART)
    service = result.as_dict()["service"]
    assert [service["items"][i]["points"] for i in ("1.1", "1.2", "1.3")] == [
        "4.70",
        "5.90",
        "4.83",
    ]
    assert service["characteristics"]["1"]["points"] == "15.44"
    # Every other characteristic is 0.9 throughout: e.g. 2: 4.50 × 3 = 13.50 = 13.50.
    assert service["rounded_apart"] == ["1"]
    note = next(n for n in result.notes if n.code == "service.rounded_apart")
    assert note.figures["figures"] == "1: 4.70 + 5.90 + 4.83 = 15.43 ≠ 15.44"
    assert note.text("en").startswith("Each figure is rounded on its own")
    assert note.text("zh-hans").startswith("每个数值都由精确值分别四舍五入")


def test_halves_rounded_up_part_by_part_are_flagged_and_exact_figures_are_not():
    result = edge_service([sheet("0.9"), sheet("0.85")])
    # 1: items 5 × 0.875 = 4.375 → 4.38, 7 × 0.875 = 6.125 → 6.13, 4.38: 14.89; whole
    # 17 × 0.875 = 14.875 → 14.88: apart. Characteristic 2: 3 × 4.375 → 4.38 each = 13.14,
    # whole 15 × 0.875 = 13.125 → 13.13: apart. 7 (one item): never apart.
    assert result.as_dict()["service"]["rounded_apart"] == ["1", "2", "3", "4", "5", "6"]
    assert edge_service([sheet("0.9")]).as_dict()["service"]["rounded_apart"] == []
