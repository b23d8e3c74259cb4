"""The checklist audits (§4.2.1, §4.2.2, §5.2.1, §5.2.2) through the conformity gate (§5.3).

Every case below starts from figures that reach the top grade on their own, so that whatever
blocks it is the audit: one evaluation with every α 1.0 scores 100 × 1.0 = 100.00 → 100.0 ≥ 95.0;
every maturity clause at level 5 totals 13 × 5 + 8 × 10 = 145 → 五级 ≥ 四级.  That is AAAAA
(§5.3) unless the conformity review fails.
"""

from __future__ import annotations

import datetime
import re

import pytest
from conftest import SCHEME, data, evaluations, levels, run, sheet

from greencert.core.assessment import assess
from greencert.core.assessment_input import AssessmentInput, Nonconformity, Reference
from greencert.core.exceptions import InputError
from greencert.core.inputs import parse_assessment
from tests.audit_verdicts import conforming

AUDIT_DAY = "2026-05-11"
DECISION_DAY = "2026-06-01"


def top(**parts) -> dict:
    """The AAAAA figures above with the given audits, exemption and nonconformities."""
    return data(evaluations=evaluations(sheet("1")), maturity=levels(5), **parts)


def ncref(ncid: str, kind: str, ref: str, severity: str, status: str = "open") -> dict:
    return {"id": ncid, "ref": {"kind": kind, "id": ref}, "severity": severity, "status": status}


def exemption(expires: str, clauses=("7.1.5",), on: str = DECISION_DAY) -> dict:
    return {
        "certificate_expires": expires,
        "audit_date": AUDIT_DAY,
        "on": on,
        "clauses": list(clauses),
    }


def reasons(out: dict, lang: str = "en") -> str:
    return " | ".join(out["conformity"]["reasons"])


def test_the_baseline_reaches_aaaaa_with_both_audits_all_conforming():
    out = run(top()).as_dict()
    assert out["grade"] == "AAAAA"
    assert out["contract"] == 2
    assert out["qms"]["checklist"]["label"] == "GB/T 19001-2016 GC1"
    assert len(out["qms"]["verdicts"]) == 40  # GB/T 19001 4.1 … 10.3, as pinned
    assert out["specific"]["checklist"]["label"] == "CTS TBSC041-2026 B/0 §4.2.2 GC1"
    assert list(out["specific"]["verdicts"]) == ["1", "2.1", "2.2", "2.3", "2.4", "2.5", "3"]
    assert out["qms"]["unjudged"] == out["specific"]["unjudged"] == []


@pytest.mark.parametrize("missing", ["qms", "specific"])
def test_an_audit_not_recorded_gives_no_grade_and_says_which(missing):
    assessment = run(top(**{missing: None}))
    out = assessment.as_dict("en")
    assert out["grade"] is None
    assert out[missing] is None
    code = f"conformity.{missing}_absent"
    assert [n.rule for n in assessment.notes if n.code == code] == [
        {"qms": "§4.2.1 / §5.2.1", "specific": "§4.2.2 / §5.2.4"}[missing]
    ]
    # next_grade still says what blocks: the figures already meet AAAAA.
    assert out["next_grade"]["grade"] == "AAAAA"
    assert out["next_grade"]["conformity"]["record_audits"] == [missing]


def test_a_row_not_judged_blocks_and_is_named():
    verdicts = conforming("qms")
    del verdicts["9.2"]
    out = run(top(qms=verdicts)).as_dict("en")
    assert out["grade"] is None
    assert out["qms"]["unjudged"] == ["9.2"]
    assert "1 GB/T 19001 row(s) not judged (9.2)" in reasons(out)
    assert out["next_grade"]["conformity"]["judge"] == {"qms": ["9.2"]}


def test_an_open_major_qms_nonconformity_blocks_the_grade():
    qms = conforming("qms", **{"8.5.1": "major"})
    out = run(top(qms=qms, nonconformities=[ncref("NC1", "qms", "8.5.1", "major")])).as_dict("en")
    assert out["grade"] is None
    assert out["qms"]["findings"] == {"8.5.1": "major"}
    assert "major nonconformity not closed (NC1)" in reasons(out)
    assert out["next_grade"]["conformity"]["close_major"] == ["NC1"]
    # §5.3: a major one must be closed; closed, nothing else blocks.
    closed = [ncref("NC1", "qms", "8.5.1", "major", "closed")]
    assert run(top(qms=qms, nonconformities=closed)).grade == "AAAAA"


@pytest.mark.parametrize(
    "kind, ref, verdicts",
    [
        ("item", "3.2", {}),  # Appendix 1 item
        ("clause", "4.1", {}),  # Appendix 3/4 maturity clause
        ("qms", "8.5.1", {"qms": conforming("qms", **{"8.5.1": "major"})}),  # GB/T 19001
        ("specific", "2.1", {"specific": conforming("specific", **{"2.1": "major"})}),  # §4.2.2
    ],
)
def test_a_nonconformity_of_each_kind_goes_through_the_gate(kind, ref, verdicts):
    still_open = run(top(nonconformities=[ncref("NC1", kind, ref, "major")], **verdicts))
    assert still_open.grade is None
    assert still_open.conformity.open_major == ("NC1",)
    assert still_open.input.nonconformities[0].ref == Reference(kind, ref)
    closed = run(top(nonconformities=[ncref("NC1", kind, ref, "major", "closed")], **verdicts))
    assert closed.grade == "AAAAA"
    minor = ncref("NC1", kind, ref, "minor", "plan_accepted")
    minor_verdicts = {
        k: {r: "minor" if v == "major" else v for r, v in vs.items()} for k, vs in verdicts.items()
    }
    assert run(top(nonconformities=[minor], **minor_verdicts)).grade == "AAAAA"


@pytest.mark.parametrize("finding", ["minor", "major"])
def test_a_finding_without_a_nonconformity_counts_as_open(finding):
    out = run(top(specific=conforming("specific", **{"2.3": finding}))).as_dict("en")
    assert out["grade"] is None
    assert out["specific"]["findings"] == {"2.3": finding}
    assert f"count as open (specific 2.3 ({finding}))" in reasons(out)
    assert out["next_grade"]["conformity"]["record_findings"] == ["specific 2.3"]


def test_an_exempted_clause_is_not_required_under_a_valid_exemption():
    # Certificate valid until 2027-01-31: on the audit date 2026-05-11 and on 2026-06-01. Valid.
    qms = conforming("qms", **{"7.1.5": "exempted"})
    out = run(top(qms=qms, exemption=exemption("2027-01-31"))).as_dict("en")
    assert out["grade"] == "AAAAA"
    assert out["qms"]["exempted"] == ["7.1.5"]
    assert out["qms"]["exemption"]["valid"] is True
    notes = [n["text"] for n in out["explanation"] if n["code"] == "audit.exempted"]
    assert notes == [
        "Exempted under §5.2.2: 7.1.5 (the quality-management certificate is valid until "
        "2027-01-31, covering both the audit date 2026-05-11 and the date relied on 2026-06-01)"
    ]


def test_a_certificate_valid_exactly_to_the_decision_day_still_holds():
    # expires 2026-06-01 ≥ audit 2026-05-11 and ≥ decision 2026-06-01: valid on both days.
    qms = conforming("qms", **{"7.1.5": "exempted"})
    assert run(top(qms=qms, exemption=exemption(DECISION_DAY))).grade == "AAAAA"


def test_no_exemption_without_a_certificate_valid_on_the_audit_date():
    # expires 2026-05-10 < audit date 2026-05-11: not valid when audited (§5.2.2).
    qms = conforming("qms", **{"7.1.5": "exempted"})
    assessment = run(top(qms=qms, exemption=exemption("2026-05-10")))
    out = assessment.as_dict("en")
    assert out["grade"] is None
    assert out["qms"]["exempted"] == []
    assert out["qms"]["exemption_refused"] == {"7.1.5": "not_valid_at_audit"}
    assert (
        "quality-management certificate expired on 2026-05-10, before the audit date "
        in reasons(out)
    )
    zh = assessment.as_dict("zh-hans")["conformity"]["reasons"]
    assert (
        "条款 7.1.5 的免除无效：质量管理体系认证证书有效期至 2026-05-10，审核日期 2026-05-11 时已失效"
        in zh[0]
    )


def test_an_exemption_lapsing_before_the_decision_is_invalid_and_says_so():
    # Valid on the audit date (2026-05-31 ≥ 2026-05-11) but lapses before the decision 2026-06-01.
    qms = conforming("qms", **{"7.1.5": "exempted"})
    out = run(top(qms=qms, exemption=exemption("2026-05-31"))).as_dict("en")
    assert out["grade"] is None
    assert out["qms"]["exemption"]["refusal"] == "lapsed"
    assert "lapses on 2026-05-31, before the date relied on 2026-06-01" in reasons(out)
    assert out["next_grade"]["conformity"]["exemptions"] == {"7.1.5": "lapsed"}


@pytest.mark.parametrize(
    "given, why",
    [
        ({}, "no_exemption"),
        ({"exemption": exemption("2027-01-31", clauses=["8.3"])}, "not_listed"),
    ],
)
def test_exempted_needs_an_exemption_that_lists_the_clause(given, why):
    qms = conforming("qms", **{"7.1.5": "exempted"})
    out = run(top(qms=qms, **given)).as_dict("en")
    assert out["grade"] is None
    assert out["qms"]["exemption_refused"] == {"7.1.5": why}


def test_out_of_scope_counts_as_judged():
    out = run(top(qms=conforming("qms", **{"8.3": "out_of_scope"}))).as_dict()
    assert out["grade"] == "AAAAA"
    assert out["qms"]["out_of_scope"] == ["8.3"]


@pytest.mark.parametrize("verdict", ["conforms", "exempted", "out_of_scope"])
def test_a_nonconformity_citing_a_row_judged_without_a_finding_is_refused(verdict):
    qms = conforming("qms", **{"8.2": verdict})
    raw = top(qms=qms, nonconformities=[ncref("NC1", "qms", "8.2", "minor")])
    with pytest.raises(InputError) as refused:
        run(raw)
    assert str(refused.value) == (
        f"NC1: cites qms 8.2, which is judged {verdict}: a nonconformity may only cite a row "
        "judged minor or major"
    )


@pytest.mark.parametrize(
    "changes, line",
    [
        (
            {"qms": {"8.5.9": "conforms"}},
            "qms clause 8.5.9: is not a row of GB/T 19001-2016 GC1",
        ),
        (
            {"specific": {"2.9": "conforms"}},
            "specific clause 2.9: is not a row of CTS TBSC041-2026 B/0 §4.2.2 GC1",
        ),
        (
            {"qms": {"8.2": "fine"}},
            "qms clause 8.2: verdict 'fine' is not one of conforms, minor, major, exempted, "
            "out_of_scope",
        ),
        (
            {"specific": {"2.1": "exempted"}},
            "specific clause 2.1: specific requirements cannot be exempted (§5.2.2 exempts "
            "GB/T 19001 rows only); the verdict must be one of conforms, minor, major, out_of_scope",
        ),
        (
            {"qms": ["4.1"]},
            "qms: must map clause ids to verdicts (conforms, minor, major, exempted, out_of_scope)",
        ),
        (
            {"nonconformities": [ncref("NC1", "specific", "2.9", "minor")]},
            "NC1: reference specific '2.9' does not exist",
        ),
        (
            {"nonconformities": [ncref("NC1", "standard", "8.2", "minor")]},
            'NC1: ref must be {"kind": …, "id": …} with kind one of item, clause, qms, specific',
        ),
        (
            {"exemption": exemption("2027-01-31", clauses=["7.1.9"])},
            "exemption clause 7.1.9: is not a row of GB/T 19001-2016 GC1",
        ),
        (
            {"exemption": exemption("31.01.2027")},
            "exemption: certificate_expires '31.01.2027' is not a date (YYYY-MM-DD)",
        ),
        (
            {"exemption": {"audit_date": AUDIT_DAY, "clauses": []}},
            "exemption: needs certificate_expires (YYYY-MM-DD)",
        ),
    ],
)
def test_bad_audit_input_is_refused_naming_the_row(changes, line):
    raw = top() | changes
    with pytest.raises(InputError) as refused:
        run(raw)
    assert line in [str(p) for p in refused.value.problems]


def test_a_refusal_reads_in_chinese_too():
    with pytest.raises(InputError) as refused:
        run(top(qms={"8.5.9": "conforms"}))
    assert refused.value.texts("zh-hans") == [
        "GB/T 19001 审核 条款 8.5.9：不是 GB/T 19001-2016 GC1 的条款"
    ]


def test_the_old_clause_key_is_read_as_a_maturity_clause():
    raw = top(nonconformities=[{"id": "NC1", "clause": "4.1", "item": "3.2", "severity": "minor"}])
    (nc,) = run(raw).input.nonconformities
    assert nc.ref == Reference("clause", "4.1")
    assert (nc.clause, nc.item) == ("4.1", None)
    with pytest.raises(InputError, match="give either ref or clause/item, not both"):
        run(top(nonconformities=[ncref("NC1", "clause", "4.1", "minor") | {"clause": "4.1"}]))


def test_the_old_positional_form_still_builds_a_clause_nonconformity():
    nc = Nonconformity.of("NC1", "4.1", "minor", "open", SCHEME, item="3.2")
    assert nc.ref == Reference("clause", "4.1") and nc.clause == "4.1" and nc.item is None
    qms = Nonconformity.citing("NC2", Reference("qms", "8.5.1"), "major", "open", SCHEME)
    assert (qms.clause, qms.item) == (None, None)
    with pytest.raises(InputError, match=re.escape("NC3: reference item '9.9' does not exist")):
        Nonconformity.citing("NC3", Reference("item", "9.9"), "major", "open", SCHEME)


def test_the_web_may_leave_the_audits_out_for_now():
    """Transitional: until the web records verdicts, the gate ignores audits not recorded."""
    parsed = parse_assessment(top(qms=None, specific=None), SCHEME)
    lenient = AssessmentInput.of(
        SCHEME,
        evaluations=parsed.evaluations,
        maturity=parsed.maturity,
        management_audit_required=False,
    )
    assert assess(SCHEME, lenient).grade == "AAAAA"
    strict = AssessmentInput.of(SCHEME, evaluations=parsed.evaluations, maturity=parsed.maturity)
    assert assess(SCHEME, strict).grade is None
    # Recorded audits still count when they are not required.
    with_finding = AssessmentInput.of(
        SCHEME,
        evaluations=parsed.evaluations,
        maturity=parsed.maturity,
        qms=conforming("qms", **{"8.2": "major"}),
        management_audit_required=False,
    )
    assert assess(SCHEME, with_finding).grade is None


def test_an_exemption_without_on_is_relied_on_today():
    raw = top(
        exemption={"certificate_expires": "2026-05-31", "audit_date": AUDIT_DAY, "clauses": []}
    )
    parsed = parse_assessment(raw, SCHEME, today=datetime.date(2026, 6, 1))
    assert parsed.exemption.on == datetime.date(2026, 6, 1)
    assert parsed.exemption.refusal == "lapsed"  # 2026-05-31 < 2026-06-01


def test_audit_problems_come_with_every_other_problem_at_once():
    raw = top(qms={"8.5.9": "conforms"}) | {"maturity": {"4.1": 6}}
    with pytest.raises(InputError) as refused:
        run(raw)
    assert [str(p) for p in refused.value.problems] == [
        "maturity clause 4.1: level 6 is not one of 1–5",
        "qms clause 8.5.9: is not a row of GB/T 19001-2016 GC1",
    ]
