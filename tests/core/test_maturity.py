"""Management maturity (§5.2, Appendix 3; RULES.md §2). Totals worked out by hand.

There are 13 clauses worth 5 (level L scores L) and 8 worth 10 (level L scores 2L):
4.1 4.2 4.3 5.1 5.2 6.1 6.2 6.3.
"""

from __future__ import annotations

import pytest
from conftest import CLAUSE_IDS, SCHEME, WORTH_10, data, levels, run

from greencert.core.maturity import score_management

WORTH_5 = tuple(c for c in CLAUSE_IDS if c not in WORTH_10)


def test_thirteen_worth_5_and_eight_worth_10():
    assert len(WORTH_5) == 13
    assert len(WORTH_10) == 8


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_clause_points(level):
    result = score_management(SCHEME, levels(level))
    for cid in WORTH_5:
        assert result.clauses[cid].points == level  # worth 5: 1, 2, 3, 4, 5
    for cid in WORTH_10:
        assert result.clauses[cid].points == 2 * level  # worth 10: 2, 4, 6, 8, 10


@pytest.mark.parametrize(
    "level, total, band",
    [
        (1, 29, 1),  # 13 × 1 + 8 × 2 = 13 + 16 = 29 → [20, 45) 一级
        (2, 58, 2),  # 13 × 2 + 8 × 4 = 26 + 32 = 58 → [45, 70) 二级
        (3, 87, 3),  # 13 × 3 + 8 × 6 = 39 + 48 = 87 → [70, 95) 三级
        (4, 116, 5),  # 13 × 4 + 8 × 8 = 52 + 64 = 116 → [105, 145] 五级 (not 四级!)
        (5, 145, 5),  # 13 × 5 + 8 × 10 = 65 + 80 = 145 → [105, 145] 五级
    ],
)
def test_uniform_levels(level, total, band):
    result = score_management(SCHEME, levels(level))
    assert result.total == total
    assert result.level == band
    assert result.complete
    assert result.missing == []


# Level sets reaching the band boundaries exactly (Appendix 3 说明 3).
BOUNDARIES = [
    # 1.1 at 2, twelve worth-5 at 1: 2 + 12 = 14; 4.1 at 1 (2), seven worth-10 at 2 (28): 14 + 2 + 28 = 44
    (levels(1, **{"1.1": 2}, **{c: 2 for c in WORTH_10[1:]}), 44, 1, "一级"),
    # thirteen worth-5 at 1 (13), eight worth-10 at 2 (32): 13 + 32 = 45
    (levels(1, **dict.fromkeys(WORTH_10, 2)), 45, 2, "二级"),
    # 1.1 at 1, twelve worth-5 at 2 (1 + 24 = 25); 4.1 4.2 4.3 5.1 5.2 6.1 at 3 (36), 6.2 6.3 at 2 (8):
    # 25 + 36 + 8 = 69
    (levels(2, **{"1.1": 1}, **dict.fromkeys(WORTH_10[:6], 3)), 69, 2, "二级"),
    # the same with 1.1 at 2: 26 + 36 + 8 = 70
    (levels(2, **dict.fromkeys(WORTH_10[:6], 3)), 70, 3, "三级"),
    # all at 3 (87) with 1.1 1.2 1.3 1.4 2.1 2.2 2.3 at 4 (+7): 94
    (levels(3, **dict.fromkeys(WORTH_5[:7], 4)), 94, 3, "三级"),
    # ... and 3.1 at 4 too (+8): 95
    (levels(3, **dict.fromkeys(WORTH_5[:8], 4)), 95, 4, "四级"),
    # all at 4 (116), 4.1 4.2 4.3 5.1 5.2 at 3 (-2 each = -10), 1.1 1.2 at 3 (-2): 104
    (levels(4, **dict.fromkeys(WORTH_10[:5], 3), **dict.fromkeys(WORTH_5[:2], 3)), 104, 4, "四级"),
    # ... with only 1.1 at 3 (-1): 116 - 10 - 1 = 105
    (levels(4, **dict.fromkeys(WORTH_10[:5], 3), **{"1.1": 3}), 105, 5, "五级"),
]


@pytest.mark.parametrize("clause_levels, total, level, name", BOUNDARIES)
def test_management_level_boundaries(clause_levels, total, level, name):
    result = score_management(SCHEME, clause_levels)
    assert result.total == total
    assert result.level == level
    assert result.band.name == name
    management = run(data(maturity=clause_levels)).as_dict()["management"]
    assert management["total"] == total
    assert management["level"] == level


def test_all_clauses_required_before_a_level():
    partial = levels(3)
    del partial["7.2"], partial["4.1"]
    result = score_management(SCHEME, partial)
    # the rated clauses still add up: 87 - 3 (7.2) - 6 (4.1) = 78
    assert result.total == 78
    assert result.level is None
    assert result.band is None
    assert not result.complete
    assert result.missing == ["4.1", "7.2"]


def test_partial_rating_gives_no_level_and_no_grade():
    partial = levels(5)
    del partial["7.2"]
    # (the rated 20 clauses total 145 - 5 = 140, yet no level)
    assessment = run(
        data(evaluations=[{"id": "E1", "likert": dict.fromkeys(SCHEME.items, 5)}], maturity=partial)
    )
    out = assessment.as_dict()
    assert out["management"]["level"] is None
    assert out["management"]["total"] == 140
    assert out["management"]["complete"] is False
    assert out["management"]["missing"] == ["7.2"]
    assert out["management"]["clauses"]["7.2"] == {"level": None, "points": None, "worth": 5}
    assert out["grade"] is None
    assert out["next_grade"] is None
    codes = [e["code"] for e in out["explanation"]]
    assert "management.incomplete" in codes
    assert "grade.incomplete" in codes
    incomplete = next(e for e in out["explanation"] if e["code"] == "management.incomplete")
    assert "7.2" in incomplete["text"]
    assert incomplete["rule"].startswith("附录3")


def test_management_explanation_cites_appendix_3():
    out = run(data(maturity=levels(3))).as_dict("en")
    notes = {e["code"]: e for e in out["explanation"]}
    assert notes["management.total"]["rule"] == "附录3 说明2"
    assert notes["management.level"]["rule"] == "附录3 说明3"
    assert "87" in notes["management.level"]["text"]  # 13 × 3 + 8 × 6 = 87
    assert "[70, 95)" in notes["management.level"]["text"]
    assert "management.disproportion" not in notes  # level 3 everywhere gives 三级


def test_all_level_4_gives_level_5_and_says_the_bands_are_not_proportional():
    assessment = run(data(maturity=levels(4)))
    assert assessment.management.total == 116  # 13 × 4 + 8 × 8
    assert assessment.management.band.name == "五级"
    en = {e["code"]: e for e in assessment.explanation("en")}
    zh = {e["code"]: e for e in assessment.explanation("zh-hans")}
    # One level everywhere is named once, never as the range "四级至四级".
    assert "management.disproportion" not in en
    uniform = "management.disproportion_uniform"
    assert en[uniform]["text"] == (
        "Note: every clause is rated level 4, but the bands are not proportional, so the "
        "total 116 gives Level 5"
    )
    assert zh[uniform]["text"] == "注意：全部条款评价为四级，但分级区间不按比例，总分 116 对应五级"
    assert "[105, 145]" in en["management.level"]["text"]


def test_levels_that_differ_are_named_as_a_range():
    # 4.1 at level 3 (worth 10: 6 points), the rest at 4: 116 - 8 + 6 = 114 → 五级.
    assessment = run(data(maturity=levels(4) | {"4.1": 3}))
    zh = {e["code"]: e for e in assessment.explanation("zh-hans")}
    assert "条款评价为三级至四级" in zh["management.disproportion"]["text"]


def test_management_dict_clauses():
    out = run(data(maturity=levels(2, **{"4.1": 5, "7.2": 1}))).as_dict()["management"]
    assert out["clauses"]["4.1"] == {"level": 5, "points": 10, "worth": 10}
    assert out["clauses"]["7.2"] == {"level": 1, "points": 1, "worth": 5}
    assert out["clauses"]["1.1"] == {"level": 2, "points": 2, "worth": 5}
    assert out["clauses"]["6.3"] == {"level": 2, "points": 4, "worth": 10}
    # 58 (all 2) + 6 (4.1: 4 → 10) - 1 (7.2: 2 → 1) = 63
    assert out["total"] == 63
    assert list(out["clauses"]) == CLAUSE_IDS
