"""The management conformity gate (§5.3; RULES.md §3)."""

from __future__ import annotations

import pytest
from conftest import SCHEME, data, evaluations, levels, nc, run, sheet

from greencert.core.conformity import check_conformity
from greencert.core.inputs import Nonconformity
from greencert.core.maturity import score_management

COMPLETE = score_management(SCHEME, levels(5))


def gate(*ncs: Nonconformity, management=COMPLETE):
    return check_conformity(SCHEME, management, tuple(ncs))


def test_no_nonconformity_passes():
    result = gate()
    assert result.passed
    assert result.unrated == result.open_major == result.minor_without_plan == ()


@pytest.mark.parametrize(
    "severity, status, passed",
    [
        ("major", "open", False),
        ("major", "plan_accepted", False),  # a major one must be closed
        ("major", "closed", True),
        ("minor", "open", False),
        ("minor", "plan_accepted", True),
        ("minor", "closed", True),
    ],
)
def test_nonconformity_states(severity, status, passed):
    result = gate(Nonconformity("NC1", "4.1", severity, status))
    assert result.passed is passed


def test_blocking_nonconformities_are_named():
    result = gate(
        Nonconformity("NC1", "4.1", "major", "open"),
        Nonconformity("NC2", "5.2", "major", "plan_accepted"),
        Nonconformity("NC3", "5.2", "major", "closed"),
        Nonconformity("NC4", "6.1", "minor", "open"),
        Nonconformity("NC5", "6.1", "minor", "plan_accepted"),
    )
    assert not result.passed
    assert result.open_major == ("NC1", "NC2")
    assert result.minor_without_plan == ("NC4",)
    assert result.unrated == ()


def test_unrated_clauses_block():
    partial = levels(5)
    del partial["6.2"]
    result = gate(management=score_management(SCHEME, partial))
    assert not result.passed
    assert result.unrated == ("6.2",)


def test_no_management_audit_blocks_with_every_clause_unrated():
    result = gate(management=None)
    assert not result.passed
    assert result.unrated == tuple(SCHEME.clauses)


# --- through a whole assessment --------------------------------------------------------------

TOP = {"evaluations": evaluations(sheet("1")), "maturity": levels(5)}  # 100.0 and 五级 (145)


@pytest.mark.parametrize(
    "ncs, grade",
    [
        ([], "AAAAA"),
        ([nc("NC1", "major", "open")], None),
        ([nc("NC1", "major", "plan_accepted")], None),
        ([nc("NC1", "major", "closed")], "AAAAA"),
        ([nc("NC1", "minor", "open")], None),
        ([nc("NC1", "minor", "plan_accepted")], "AAAAA"),
        ([nc("NC1", "minor", "closed"), nc("NC2", "major", "closed")], "AAAAA"),
    ],
)
def test_gate_decides_the_grade(ncs, grade):
    out = run(data(**TOP, nonconformities=ncs)).as_dict()
    assert out["grade"] == grade
    assert out["conformity"]["passed"] is (grade is not None)


def test_conformity_reasons_name_the_nonconformities():
    ncs = [nc("NC7", "major", "plan_accepted"), nc("NC8", "minor", "open")]
    out = run(data(**TOP, nonconformities=ncs)).as_dict("en")
    reasons = out["conformity"]["reasons"]
    assert len(reasons) == 2
    assert "NC7" in reasons[0] and "major" in reasons[0]
    assert "NC8" in reasons[1] and "minor" in reasons[1]


def test_conformity_passed_has_no_reasons():
    out = run(data(**TOP)).as_dict()
    assert out["conformity"] == {"passed": True, "reasons": []}


def test_unrated_clauses_are_a_conformity_reason():
    partial = levels(5)
    del partial["6.2"]
    out = run(data(evaluations=TOP["evaluations"], maturity=partial)).as_dict("en")
    assert out["conformity"]["passed"] is False
    assert any("6.2" in reason for reason in out["conformity"]["reasons"])
    assert out["grade"] is None
