"""The service blueprint as data (§4.2.2 2)①): built from plain data, refused with located problems."""

from __future__ import annotations

import pytest

from greencert.core.blueprint import MAX_ENTRIES, MAX_STEPS, MAX_TEXT, Blueprint, ContactPoint
from greencert.core.exceptions import InputError

HOTEL = {
    "steps": [
        {
            "customer": "到店办理入住",
            "contacts": [
                {"kind": "people", "text": "前台接待员"},
                {"kind": "equipment", "text": "自助入住机"},
                {"kind": "digital", "text": "预订小程序"},
            ],
            "backstage": ["核验身份证件", "通知客房部"],
            "support": ["客房管理系统"],
        },
        {"customer": "退房", "contacts": [], "backstage": [], "support": []},
    ]
}


def problems_of(data) -> list:
    with pytest.raises(InputError) as caught:
        Blueprint.of(data)
    return caught.value.problems


def test_plain_data_round_trips_and_keeps_the_order_of_steps_and_entries():
    bp = Blueprint.of(HOTEL)
    assert [s.customer for s in bp.steps] == ["到店办理入住", "退房"]
    assert bp.steps[0].contacts == (
        ContactPoint("people", "前台接待员"),
        ContactPoint("equipment", "自助入住机"),
        ContactPoint("digital", "预订小程序"),
    )
    assert bp.steps[0].backstage == ("核验身份证件", "通知客房部")
    assert bp.as_data() == HOTEL
    assert Blueprint.of(bp.as_data()) == bp


def test_lanes_left_out_are_empty_and_spaces_are_tidied():
    bp = Blueprint.of({"steps": [{"customer": "  scan   the\tcode "}]})
    assert bp.steps[0].customer == "scan the code"
    assert bp.as_data()["steps"][0] == {
        "customer": "scan the code",
        "contacts": [],
        "backstage": [],
        "support": [],
    }


def test_text_is_normalised_to_nfc():
    # "e" + combining acute (2 code points) is stored as the one code point "é".
    assert Blueprint.of({"steps": [{"customer": "cafe\u0301"}]}).steps[0].customer == "caf\u00e9"


def test_an_empty_customer_action_names_the_step_and_field_in_both_languages():
    [problem] = problems_of({"steps": [{"customer": "进店"}, {"customer": "   "}]})
    assert (problem.step, problem.field, problem.code) == (2, "customer", "blueprint.empty")
    assert problem.text("zh-hans") == "第 2 步 顾客行为：不能为空"
    assert str(problem) == "step 2 customer action: must not be empty"


def test_a_text_over_the_limit_is_refused_with_its_length():
    too_long = "长" * (MAX_TEXT + 1)  # 121 characters where 120 are allowed
    [problem] = problems_of({"steps": [{"customer": "进店", "backstage": ["ok", too_long]}]})
    assert problem.field == "backstage"
    assert problem.text("zh-hans") == "第 1 步 后台行为：第 2 条：有 121 个字符，最多 120 个"
    assert str(problem) == "step 1 backstage actions: entry 2: has 121 characters, at most 120"


def test_exactly_the_limit_is_accepted():
    assert Blueprint.of({"steps": [{"customer": "长" * MAX_TEXT}] * MAX_STEPS})


def test_too_many_steps_and_too_many_entries():
    [steps] = problems_of({"steps": [{"customer": "x"}] * (MAX_STEPS + 1)})
    assert str(steps) == "blueprint steps: has 31 steps, at most 30 are allowed"
    assert steps.text("zh-hans") == "服务蓝图的步骤：有 31 个步骤，最多 30 个"
    [entries] = problems_of({"steps": [{"customer": "x", "support": ["s"] * (MAX_ENTRIES + 1)}]})
    assert str(entries) == "step 1 support processes: has 9 entries, at most 8 are allowed"


def test_no_steps():
    [problem] = problems_of({"steps": []})
    assert problem.text("zh-hans") == "服务蓝图的步骤：至少需要一个步骤"


def test_a_contact_point_of_an_unknown_type_is_refused_naming_the_types():
    [problem] = problems_of(
        {"steps": [{"customer": "x", "contacts": [{"kind": "robot", "text": "y"}]}]}
    )
    assert str(problem) == (
        "step 1 contact points: entry 1: type robot is not one of people, equipment, digital"
    )
    assert "人员" in problem.text("zh-hans") and "数字" in problem.text("zh-hans")


def test_every_problem_is_reported_at_once():
    problems = problems_of(
        {
            "steps": [
                {"customer": 5, "colour": "red"},
                {"customer": "ok", "contacts": "not a list", "support": [""]},
                "not a step",
            ],
            "title": "x",
        }
    )
    assert [str(p) for p in problems] == [
        "blueprint: unknown key 'title'",
        "step 1: unknown key 'colour'",
        "step 1 customer action: must be text",
        "step 2 contact points: must be a list",
        "step 2 support processes: entry 1: must not be empty",
        "step 3: must be an object",
    ]


@pytest.mark.parametrize("data", [None, [], "steps", {"steps": "x"}])
def test_not_a_blueprint_at_all(data):
    assert problems_of(data)
