"""Properties that must hold for every input (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import ceil

from conftest import CLAUSE_IDS, ITEM_IDS, SCHEME, conforming
from hypothesis import given, settings
from hypothesis import strategies as st

from greencert.core.assessment import assess
from greencert.core.grade import grade_rank
from greencert.core.inputs import AssessmentInput, Evaluation, Nonconformity
from greencert.core.rounding import round_half_up
from greencert.core.service import evaluation_score

SETTINGS = settings(max_examples=200, deadline=None)

alphas = st.integers(0, 100).map(lambda k: Decimal(k).scaleb(-2))
sheets = st.fixed_dictionaries({item_id: alphas for item_id in ITEM_IDS})
clause_levels = st.fixed_dictionaries({cid: st.integers(1, 5) for cid in CLAUSE_IDS})
nonconformities = st.lists(
    st.tuples(
        st.sampled_from(CLAUSE_IDS),
        st.sampled_from(["major", "minor"]),
        st.sampled_from(["open", "plan_accepted", "closed"]),
    ),
    max_size=3,
)


def build(sheet_list, levels, ncs) -> AssessmentInput:
    return AssessmentInput(
        tuple(Evaluation(f"E{i}", dict(s)) for i, s in enumerate(sheet_list, start=1)),
        dict(levels),
        tuple(
            Nonconformity(f"NC{i}", clause, severity, status)
            for i, (clause, severity, status) in enumerate(ncs, start=1)
        ),
        qms=conforming("qms"),
        specific=conforming("specific"),
    )


def rank(assessment) -> int:
    return grade_rank(SCHEME, assessment.grade)


@SETTINGS
@given(st.lists(sheets, min_size=1, max_size=3))
def test_scores_lie_within_0_and_100(sheet_list):
    for s in sheet_list:
        assert 0 <= evaluation_score(SCHEME, s) <= 100
    service = assess(SCHEME, build(sheet_list, dict.fromkeys(CLAUSE_IDS, 3), [])).service
    assert Decimal("0.0") <= service.score <= Decimal("100.0")
    low = min(evaluation_score(SCHEME, s) for s in sheet_list)
    high = max(evaluation_score(SCHEME, s) for s in sheet_list)
    assert low <= service.mean <= high


@SETTINGS
@given(clause_levels)
def test_management_total_lies_within_29_and_145(levels):
    management = assess(SCHEME, build([], levels, [])).management
    assert 29 <= management.total <= 145
    assert management.level in (1, 2, 3, 4, 5)


@SETTINGS
@given(
    st.lists(sheets, min_size=1, max_size=3),
    clause_levels,
    nonconformities,
    st.data(),
)
def test_raising_an_alpha_never_lowers_anything(sheet_list, levels, ncs, draw):
    index = draw.draw(st.integers(0, len(sheet_list) - 1))
    item_id = draw.draw(st.sampled_from(ITEM_IDS))
    old = sheet_list[index][item_id]
    new = draw.draw(st.integers(int(old * 100), 100).map(lambda k: Decimal(k).scaleb(-2)))
    raised = [dict(s) for s in sheet_list]
    raised[index][item_id] = new

    before = assess(SCHEME, build(sheet_list, levels, ncs))
    after = assess(SCHEME, build(raised, levels, ncs))
    assert after.service.evaluations[index].score >= before.service.evaluations[index].score
    assert after.service.mean >= before.service.mean
    assert after.service.score >= before.service.score
    assert after.management.level == before.management.level
    assert rank(after) >= rank(before)


@SETTINGS
@given(
    st.lists(sheets, min_size=1, max_size=3),
    clause_levels,
    nonconformities,
    st.data(),
)
def test_raising_a_clause_level_never_lowers_anything(sheet_list, levels, ncs, draw):
    clause = draw.draw(st.sampled_from(CLAUSE_IDS))
    new = draw.draw(st.integers(levels[clause], 5))
    raised = {**levels, clause: new}

    before = assess(SCHEME, build(sheet_list, levels, ncs))
    after = assess(SCHEME, build(sheet_list, raised, ncs))
    assert after.management.total >= before.management.total
    assert after.management.level >= before.management.level
    assert after.service.score == before.service.score
    assert rank(after) >= rank(before)


def add_points(sheet_list, needed: Fraction) -> list[dict]:
    """Raise α values (at most 2 decimals, at most 1) until the sheets gain at least *needed*."""
    out = [dict(s) for s in sheet_list]
    remaining = needed
    for s in out:
        for item_id in ITEM_IDS:
            if remaining <= 0:
                return out
            weight = SCHEME.items[item_id].weight
            headroom = Fraction(1) - Fraction(s[item_id])
            # smallest number of hundredths of α covering the remainder, capped at the headroom
            steps = min(ceil(remaining * 100 / weight), int(headroom * 100))
            s[item_id] = s[item_id] + Decimal(steps).scaleb(-2)
            remaining -= Fraction(weight * steps, 100)
    assert remaining <= 0, "could not add the points promised"
    return out


@SETTINGS
@given(st.lists(sheets, min_size=1, max_size=3), clause_levels, nonconformities)
def test_applying_the_next_grade_suggestions_reaches_the_promised_grade(sheet_list, levels, ncs):
    before = assess(SCHEME, build(sheet_list, levels, ncs))
    nxt = before.next_grade
    if nxt is None:
        assert before.grade == SCHEME.grades[0].grade  # only the top grade has no next grade
        return
    assert grade_rank(SCHEME, nxt.grade) == rank(before) + 1

    new_sheets = [dict(s) for s in sheet_list]
    if nxt.service:
        needed = Fraction(Decimal(nxt.service["total_points_needed"]))
        assert needed > 0
        new_sheets = add_points(sheet_list, needed)
        gained = sum(evaluation_score(SCHEME, s) for s in new_sheets) - sum(
            evaluation_score(SCHEME, s) for s in sheet_list
        )
        assert gained >= needed
    new_levels = dict(levels)
    if nxt.management:
        for r in nxt.management["raises"]:
            assert new_levels[r["clause"]] == r["from"] < r["to"]
            new_levels[r["clause"]] = r["to"]
    new_ncs = list(ncs)
    if nxt.conformity:
        assert nxt.conformity["rate_clauses"] == []
        close = set(nxt.conformity["close_major"])
        accept = set(nxt.conformity["accept_plans"])
        new_ncs = [
            (
                clause,
                severity,
                "closed"
                if f"NC{i}" in close
                else "plan_accepted"
                if f"NC{i}" in accept
                else status,
            )
            for i, (clause, severity, status) in enumerate(ncs, start=1)
        ]

    after = assess(SCHEME, build(new_sheets, new_levels, new_ncs))
    assert rank(after) >= grade_rank(SCHEME, nxt.grade)


@SETTINGS
@given(st.lists(sheets, min_size=1, max_size=3), clause_levels)
def test_service_points_needed_are_the_least(sheet_list, levels):
    """One hundredth of a point fewer than promised does not reach the row's threshold."""
    before = assess(SCHEME, build(sheet_list, levels, []))
    nxt = before.next_grade
    if nxt is None or nxt.service is None:
        return
    needed = Fraction(Decimal(nxt.service["total_points_needed"]))
    n = len(sheet_list)
    total = before.service.mean * n
    threshold = Decimal(nxt.service["required"])
    assert round_half_up((total + needed) / n, SCHEME.service_score_places) >= threshold
    assert (
        round_half_up((total + needed - Fraction(1, 100)) / n, SCHEME.service_score_places)
        < threshold
    )
