"""The certification result (§5.3 as RULES.md §3 reads it).

| grade | service (rounded) | management | and |
| AAAAA | ≥ 95.0 | ≥ 四级 | conformity passed |
| AAAA  | ≥ 90.0 | ≥ 三级 | conformity passed |
| AAA   | ≥ 80.0 | ≥ 二级 | conformity passed |
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import SCHEME, data, evaluations, levels, nc, run, sheet

from greencert.core.grade import decide_grade, grade_rank


@pytest.mark.parametrize(
    "score, level, passed, grade",
    [
        ("95.0", 4, True, "AAAAA"),  # both thresholds met exactly
        ("100.0", 5, True, "AAAAA"),
        ("94.9", 5, True, "AAAA"),  # 94.9 < 95.0
        ("96.0", 3, True, "AAAA"),  # 三级 < 四级: the highest row whose every condition holds
        ("90.0", 3, True, "AAAA"),
        ("99.0", 2, True, "AAA"),  # 二级 caps at AAA
        ("90.0", 2, True, "AAA"),
        ("89.9", 4, True, "AAA"),  # 89.9 < 90.0
        ("80.0", 2, True, "AAA"),
        ("79.9", 5, True, None),  # below every row
        ("95.0", 1, True, None),  # 一级 is below every row
        ("95.0", 5, False, None),  # conformity failed
        ("0.0", 1, True, None),
    ],
)
def test_grade_table(score, level, passed, grade):
    assert decide_grade(SCHEME, Decimal(score), level, passed)[0] == grade


def test_notes_say_what_blocked_each_higher_row():
    grade, notes = decide_grade(SCHEME, Decimal("96.0"), 3, True)
    assert grade == "AAAA"
    assert [(n.code, n.figures.get("grade")) for n in notes] == [
        ("grade.blocked_level", "AAAAA"),
        ("grade.awarded", "AAAA"),
    ]
    assert all(n.rule == "§5.3" for n in notes)
    assert notes[0].text("en") == "AAAAA not reached: management level Level 3 is below Level 4"
    assert notes[0].text("zh-hans") == "未达到 AAAAA：管理水平三级 低于四级"
    assert "96.0 ≥ 90.0" in notes[1].text("en")


def test_notes_for_a_service_cap():
    grade, notes = decide_grade(SCHEME, Decimal("89.9"), 4, True)
    assert grade == "AAA"
    assert [n.code for n in notes] == [
        "grade.blocked_service",  # AAAAA: 89.9 < 95.0
        "grade.blocked_service",  # AAAA: 89.9 < 90.0
        "grade.awarded",
    ]
    assert notes[1].text("en") == "AAAA not reached: service score 89.9 < 90.0"


def test_conformity_failed_notes():
    grade, notes = decide_grade(SCHEME, Decimal("100.0"), 5, False)
    assert grade is None
    assert [n.code for n in notes] == ["grade.blocked_conformity"] * 3 + ["grade.none"]
    assert "conformity review is not passed" in notes[0].text("en")
    assert "符合性审查" in notes[0].text("zh-hans")
    assert notes[-1].text("en") == "No grade is reached: not certified."


def test_not_certified_notes_list_every_block():
    grade, notes = decide_grade(SCHEME, Decimal("79.9"), 1, True)
    assert grade is None
    codes = [(n.code, n.figures.get("grade")) for n in notes]
    assert codes == [
        ("grade.blocked_service", "AAAAA"),
        ("grade.blocked_level", "AAAAA"),
        ("grade.blocked_service", "AAAA"),
        ("grade.blocked_level", "AAAA"),
        ("grade.blocked_service", "AAA"),
        ("grade.blocked_level", "AAA"),
        ("grade.none", None),
    ]


def test_grade_rank():
    assert grade_rank(SCHEME, None) == 0
    assert grade_rank(SCHEME, "AAA") == 1
    assert grade_rank(SCHEME, "AAAA") == 2
    assert grade_rank(SCHEME, "AAAAA") == 3


# --- through a whole assessment --------------------------------------------------------------


def test_rounded_score_is_compared():
    # 95.00 and 94.90 → mean 94.95 → 95.0, compared as 95.0 ≥ 95.0; with 四级 → AAAAA.
    # maturity all 3 (87) with 1.1 1.2 1.3 1.4 2.1 2.2 2.3 3.1 at 4 (+8): 95 → 四级
    sheets = [sheet("0.95"), sheet("0.95", **{"1.1": "0.93"})]
    mat = levels(3, **dict.fromkeys(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1"], 4))
    out = run(data(evaluations=evaluations(*sheets), maturity=mat)).as_dict()
    assert out["service"]["score"] == "95.0"
    assert out["management"]["total"] == 95
    assert out["management"]["level"] == 4
    assert out["grade"] == "AAAAA"


def test_89_94_stays_aaa():
    # 90.00 and 89.88 → 89.94 → 89.9 < 90.0; all level 3 (87, 三级) → AAA
    sheets = [sheet("0.90"), sheet("0.90", **{"1.1": "0.89", "1.2": "0.89"})]
    out = run(data(evaluations=evaluations(*sheets), maturity=levels(3))).as_dict()
    assert out["service"]["score"] == "89.9"
    assert out["grade"] == "AAA"


def test_89_95_reaches_aaaa():
    # 90.00 and 89.90 → 89.95 → 90.0; all level 3 (87, 三级) → AAAA
    sheets = [sheet("0.90"), sheet("0.90", **{"1.1": "0.88"})]
    out = run(data(evaluations=evaluations(*sheets), maturity=levels(3))).as_dict()
    assert out["service"]["score"] == "90.0"
    assert out["grade"] == "AAAA"


def test_79_95_reaches_aaa():
    # 80.00 and 79.90 → 79.95 → 80.0; all level 2 (58, 二级) → AAA
    sheets = [sheet("0.80"), sheet("0.80", **{"1.1": "0.78"})]
    out = run(data(evaluations=evaluations(*sheets), maturity=levels(2))).as_dict()
    assert out["service"]["score"] == "80.0"
    assert out["grade"] == "AAA"


def test_all_level_4_with_95_gives_aaaaa():
    # all level 4: 116 → 五级 ≥ 四级; 95.00 → 95.0 → AAAAA
    out = run(data(evaluations=evaluations(sheet("0.95")), maturity=levels(4))).as_dict()
    assert out["management"]["level"] == 5
    assert out["grade"] == "AAAAA"


def test_conformity_blocks_in_a_whole_assessment():
    raw = data(
        evaluations=evaluations(sheet("1")),
        maturity=levels(5),
        nonconformities=[nc("NC1", "major", "plan_accepted")],
    )
    out = run(raw).as_dict("en")
    assert out["grade"] is None
    blocked = [e for e in out["explanation"] if e["code"] == "grade.blocked_conformity"]
    assert [e["figures"]["grade"] for e in blocked] == ["AAAAA", "AAAA", "AAA"]
    assert all("conformity review is not passed" in e["text"] for e in blocked)
    # only conformity blocked: no service or level note
    assert not any(
        e["code"] in ("grade.blocked_service", "grade.blocked_level") for e in out["explanation"]
    )
