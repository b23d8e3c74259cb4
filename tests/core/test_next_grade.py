"""The gap to the next grade, worked out by hand."""

from __future__ import annotations

from conftest import SCHEME, WORTH_10, data, evaluations, levels, nc, run, sheet

from greencert.core.maturity import score_management
from greencert.core.next_grade import cheapest_raises, target_row


def apply_raises(clause_levels: dict, raises: list[dict]) -> dict:
    out = dict(clause_levels)
    for r in raises:
        assert out[r["clause"]] == r["from"]
        out[r["clause"]] = r["to"]
    return out


# 87.30 per sheet: all 0.87 (87.00) with 1.1 at 0.93 (+ 5 × 0.06 = 0.30)
SHEET_87_30 = sheet("0.87", **{"1.1": "0.93"})


def test_target_rows():
    result = run(data(evaluations=evaluations(sheet("0.5")), maturity=levels(1)))  # 50.0, 一级
    service, management = result.service, result.management
    assert target_row(SCHEME, None, service, management).grade == "AAA"
    assert target_row(SCHEME, "AAA", service, management).grade == "AAAA"
    assert target_row(SCHEME, "AAAA", service, management).grade == "AAAAA"
    assert target_row(SCHEME, "AAAAA", service, management) is None


def test_when_only_conformity_blocks_the_aim_is_the_grade_the_figures_already_meet():
    # 100.0 and every clause at 五级 (145) meet AAAAA; an open major nonconformity blocks it.
    raw = data(
        evaluations=evaluations(sheet("1")),
        maturity=levels(5),
        nonconformities=[nc("NC1", "major", "open")],
    )
    out = run(raw).as_dict()
    assert out["grade"] is None
    nxt = out["next_grade"]
    assert nxt["grade"] == "AAAAA"  # closing NC1 reaches AAAAA directly, not only AAA
    assert (nxt["service"], nxt["management"]) == (None, None)
    assert nxt["conformity"]["close_major"] == ["NC1"]


def test_service_gap_87_3_with_three_evaluations():
    raw = data(evaluations=evaluations(SHEET_87_30, SHEET_87_30, SHEET_87_30), maturity=levels(3))
    out = run(raw).as_dict()
    # 87.3 and 三级 (87): AAA; the next row AAAA asks 90.0 and 三级
    assert out["grade"] == "AAA"
    nxt = out["next_grade"]
    assert nxt["grade"] == "AAAA"
    assert nxt["management"] is None  # 三级 already reaches 三级
    assert nxt["conformity"] is None
    # gap 90.0 - 87.3 = 2.7; the smallest mean rounding half-up to 90.0 is 89.95;
    # the three sheets together need 3 × 89.95 - 3 × 87.30 = 269.85 - 261.90 = 7.95 points
    assert nxt["service"] == {
        "score": "87.3",
        "required": "90.0",
        "gap": "2.7",
        "mean_required": "89.95",
        "n": 3,
        "total_points_needed": "7.95",
    }


def test_service_points_needed_are_enough_and_no_fewer():
    # From three sheets of 87.30 (sum 261.90), adding 7.95 points gives 269.85 / 3 = 89.95 → 90.0;
    # adding 7.90 gives 269.80 / 3 = 89.9333... → 89.9.
    # +7.95: E1 all 0.90 (90.00, +2.70), E2 all 0.90 (+2.70), E3 87.30 + 2.55 = 89.85
    #   (E3: all 0.90 with 1.1 at 0.87, i.e. 90 - 5 × 0.03 = 89.85): 2.70 + 2.70 + 2.55 = 7.95
    enough = [sheet("0.90"), sheet("0.90"), sheet("0.90", **{"1.1": "0.87"})]
    out = run(data(evaluations=evaluations(*enough), maturity=levels(3))).as_dict()
    assert out["service"]["score"] == "90.0"
    assert out["grade"] == "AAAA"
    # +7.90: E3 with 1.1 at 0.86 instead: 89.80 → sum 269.80
    short = [sheet("0.90"), sheet("0.90"), sheet("0.90", **{"1.1": "0.86"})]
    out = run(data(evaluations=evaluations(*short), maturity=levels(3))).as_dict()
    assert out["service"]["score"] == "89.9"
    assert out["grade"] == "AAA"


def test_management_gap_all_level_2():
    # service all 0.92 = 92.0; all level 2: 13 × 2 + 8 × 4 = 58 → 二级 → AAA; AAAA needs 三级 (70)
    raw = data(evaluations=evaluations(sheet("0.92")), maturity=levels(2))
    out = run(raw).as_dict()
    assert out["grade"] == "AAA"
    nxt = out["next_grade"]
    assert nxt["grade"] == "AAAA"
    assert nxt["service"] is None  # 92.0 ≥ 90.0
    m = nxt["management"]
    assert m["level"] == 2
    assert m["required_level"] == 3
    assert m["total"] == 58
    assert m["required_total"] == 70
    assert m["points_needed"] == 12  # 70 - 58
    # a step gains at most 2 points (a clause worth 10), so 12 points take at least 6 steps
    assert m["steps"] == 6
    assert sum(r["to"] - r["from"] for r in m["raises"]) == 6
    for r in m["raises"]:
        clause = SCHEME.clauses[r["clause"]]
        assert r["points"] == clause.points_for(r["to"]) - clause.points_for(r["from"])
    assert sum(r["points"] for r in m["raises"]) >= 12
    raised = apply_raises(levels(2), m["raises"])
    result = score_management(SCHEME, raised)
    assert result.total >= 70
    assert result.level >= 3
    # and the raised input does earn AAAA
    assert run(data(evaluations=evaluations(sheet("0.92")), maturity=raised)).grade == "AAAA"


def test_cheapest_raises_from_level_2():
    # six worth-10 clauses 2 → 3, +2 each = 12 (documented tie-break: earlier clauses)
    raises = cheapest_raises(SCHEME, levels(2), 12)
    assert [(r.clause, r.from_level, r.to_level, r.points) for r in raises] == [
        (cid, 2, 3, 2) for cid in WORTH_10[:6]
    ]


def test_cheapest_raises_prefer_lower_climbs():
    # all level 1 (29) to 二级 (45): 16 points; 8 steps at least (2 points a step).
    # Eight clauses 1 → 2 (effort 2 each) beat four clauses 1 → 3 (effort 2 + 3 each).
    raises = cheapest_raises(SCHEME, levels(1), 16)
    assert sorted((r.clause, r.from_level, r.to_level) for r in raises) == [
        (cid, 1, 2) for cid in WORTH_10
    ]


def test_cheapest_raises_nothing_needed():
    assert cheapest_raises(SCHEME, levels(2), 0) == []
    assert cheapest_raises(SCHEME, levels(2), -3) == []


def test_cheapest_raises_odd_points_need_a_worth_5_clause():
    # 3 points from all level 3: one worth-10 step (+2) and one worth-5 step (+1) = 2 steps
    raises = cheapest_raises(SCHEME, levels(3), 3)
    assert sum(r.to_level - r.from_level for r in raises) == 2
    assert sum(r.points for r in raises) == 3


def test_aaaa_to_aaaaa():
    # 92.0 and all level 3 (87, 三级) → AAAA; AAAAA needs 95.0 and 四级 (95)
    raw = data(evaluations=evaluations(sheet("0.92")), maturity=levels(3))
    out = run(raw).as_dict()
    assert out["grade"] == "AAAA"
    nxt = out["next_grade"]
    assert nxt["grade"] == "AAAAA"
    # 95.0 - 92.0 = 3.0; mean 94.95 needed; one sheet: 94.95 - 92.00 = 2.95
    assert nxt["service"] == {
        "score": "92.0",
        "required": "95.0",
        "gap": "3.0",
        "mean_required": "94.95",
        "n": 1,
        "total_points_needed": "2.95",
    }
    m = nxt["management"]
    assert m["points_needed"] == 8  # 95 - 87
    assert m["steps"] == 4  # 8 / 2: four worth-10 clauses 3 → 4
    assert [(r["clause"], r["from"], r["to"], r["points"]) for r in m["raises"]] == [
        (cid, 3, 4, 2) for cid in WORTH_10[:4]
    ]


def test_not_certified_targets_aaa():
    # all 0.75 = 75.0; all level 1 = 29 (一级) → not certified; AAA needs 80.0 and 二级 (45)
    raw = data(evaluations=evaluations(sheet("0.75")), maturity=levels(1))
    out = run(raw).as_dict()
    assert out["grade"] is None
    nxt = out["next_grade"]
    assert nxt["grade"] == "AAA"
    # 80.0 - 75.0 = 5.0; 79.95 - 75.00 = 4.95
    assert nxt["service"]["gap"] == "5.0"
    assert nxt["service"]["mean_required"] == "79.95"
    assert nxt["service"]["total_points_needed"] == "4.95"
    assert nxt["management"]["required_total"] == 45
    assert nxt["management"]["points_needed"] == 16  # 45 - 29
    assert nxt["management"]["steps"] == 8


def test_conformity_gap():
    raw = data(
        evaluations=evaluations(sheet("1")),
        maturity=levels(5),
        nonconformities=[
            nc("NC1", "major", "plan_accepted"),
            nc("NC2", "minor", "open"),
            nc("NC3", "minor", "plan_accepted"),
            nc("NC4", "major", "closed"),
        ],
    )
    out = run(raw).as_dict()
    assert out["grade"] is None
    # 100.0 and 五级 meet every row: passing the review reaches the highest, AAAAA.
    assert out["next_grade"] == {
        "grade": "AAAAA",
        "service": None,
        "management": None,
        "conformity": {
            "rate_clauses": [],
            "close_major": ["NC1"],
            "accept_plans": ["NC2"],
            "record_audits": [],
            "judge": {},
            "exemptions": {},
            "record_findings": [],
        },
    }


def test_top_grade_has_no_next_grade():
    out = run(data(evaluations=evaluations(sheet("1")), maturity=levels(5))).as_dict()
    assert out["grade"] == "AAAAA"
    assert out["next_grade"] is None
