"""Problems as data (code, params, location) and the typed input built without the JSON contract."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from greencert.core import default_scheme
from greencert.core.assessment import assess, assess_data
from greencert.core.assessment_input import AssessmentInput, Evaluation, Nonconformity
from greencert.core.exceptions import InputError, Problem
from greencert.core.problem_messages import MESSAGES
from greencert.core.ratings import Rating, parse_alpha, parse_likert, parse_maturity

SCHEME = default_scheme()


@pytest.mark.parametrize(
    ("problem", "english", "chinese"),
    [
        (
            Problem(code="alpha.outside", params={"value": "1.2"}, evaluation="E1", item="3.2"),
            "E1 item 3.2: α 1.2 is outside [0, 1]",
            "E1 第 3.2 项：α 1.2 不在 [0, 1] 范围内",
        ),
        (
            Problem(code="maturity.not_clause", path="maturity", clause="9.9"),
            "maturity clause 9.9: is not a clause of the scheme",
            "管理成熟度 条款 9.9：不是本方案的条款",
        ),
        (
            Problem(code="workbook.formula", sheet="E1", row=4, field="日期 date"),
            "sheet E1 row 4 (日期 date): holds a formula: type the value itself",
            "工作表 E1 第 4 行（日期 date）：含有公式：请直接填写数值",
        ),
        (
            Problem(
                code="scheme.worth_mismatch",
                params={"worth": "10", "top": "9"},
                source="b1.toml",
                clause="4.1",
                field="worth",
            ),
            "b1.toml clause 4.1.worth: is 10 but the top level scores 9",
            "b1.toml 条款 4.1 worth：为 10，但最高等级得 9 分",
        ),
        (
            Problem(code="json.key_twice", key="1.1"),
            "key '1.1': is given twice in the same object",
            "键 '1.1'：在同一对象中出现两次",
        ),
        (
            Problem(field="due_date", message="the due date is in the past"),
            "due_date: the due date is in the past",
            "due_date：the due date is in the past",
        ),
    ],
)
def test_a_problem_is_rendered_in_both_languages_from_its_data(problem, english, chinese):
    assert str(problem) == english
    assert problem.text("en") == english
    assert problem.text("zh-hans") == chinese


def test_every_message_has_both_languages_with_the_same_placeholders():
    import string

    for code, texts in MESSAGES.items():
        names = {
            lang: {f for _, f, _, _ in string.Formatter().parse(text) if f}
            for lang, text in texts.items()
        }
        assert set(texts) == {"zh-hans", "en"}, code
        assert names["zh-hans"] == names["en"], code


def test_a_problem_needs_a_code_or_a_message():
    with pytest.raises(ValueError):
        Problem(field="x")


def test_validators_raise_one_problem_carrying_the_value_and_no_location():
    with pytest.raises(InputError) as refused:
        parse_alpha("0.855", SCHEME)
    (problem,) = refused.value.problems
    assert (problem.code, problem.value, problem.where) == ("alpha.too_precise", "0.855", "")
    assert problem.at(evaluation="E1", item="1.1").where == "E1 item 1.1"
    assert parse_likert(" 3 ", SCHEME) == 3
    assert parse_maturity(Decimal("5"), SCHEME) == 5


def contract_input() -> dict:
    alphas = {item_id: "0.85" for item_id in SCHEME.items}
    return {
        "evaluations": [
            {"id": "E1", "date": "2026-03-01", "site": "总店", "alpha": alphas},
            {"id": "E2", "source": "customer", "likert": dict.fromkeys(SCHEME.items, 4)},
        ],
        "maturity": dict.fromkeys(SCHEME.clauses, 3),
        "nonconformities": [{"id": "N1", "clause": "4.1", "severity": "minor", "status": "open"}],
    }


def typed_input() -> AssessmentInput:
    e1 = Evaluation.of(
        "E1",
        {item_id: Rating.of_alpha(Decimal("0.85"), SCHEME) for item_id in SCHEME.items},
        SCHEME,
        date=datetime.date(2026, 3, 1),
        site="总店",
    )
    e2 = Evaluation.of(
        "E2",
        {item_id: Rating.of_likert(4, SCHEME) for item_id in SCHEME.items},
        SCHEME,
        source="customer",
    )
    return AssessmentInput.of(
        SCHEME,
        evaluations=[e1, e2],
        maturity=dict.fromkeys(SCHEME.clauses, 3),
        nonconformities=[Nonconformity.of("N1", "4.1", "minor", "open", SCHEME)],
    )


def test_the_typed_input_scores_exactly_as_the_contract_reads():
    for lang in ("zh-hans", "en"):
        typed = assess(SCHEME, typed_input()).as_dict(lang)
        assert typed == assess_data(SCHEME, contract_input()).as_dict(lang)


def test_typed_constructors_refuse_what_the_contract_refuses():
    with pytest.raises(InputError) as refused:
        Evaluation.of("E9", {"1.1": Rating(Decimal("1"))}, SCHEME, source="robot")
    assert [p.where for p in refused.value.problems] == ["E9", "E9"]
    assert refused.value.problems[0].code == "evaluation.bad_source"
    with pytest.raises(InputError) as refused:
        AssessmentInput.of(SCHEME, maturity={"4.1": 9})
    assert str(refused.value) == "maturity clause 4.1: level 9 is not one of 1–5"
