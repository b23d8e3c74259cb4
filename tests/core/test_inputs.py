"""Input validation: every problem names where it is and the bad value, all at once."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import SCHEME, data, evaluation, levels, nc, sheet

from greencert.core.exceptions import InputError
from greencert.core.inputs import parse_assessment


def full_alpha(**overrides) -> dict:
    """A full sheet as input strings (α 0.9) with raw overrides (any type, untouched)."""
    out = {item_id: str(alpha) for item_id, alpha in sheet("0.9").items()}
    out.update(overrides)
    return out


def errors(raw: dict) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_assessment(raw, SCHEME)
    return [str(p) for p in caught.value.problems]


def one_error(raw: dict) -> str:
    found = errors(raw)
    assert len(found) == 1, found
    return found[0]


def with_alpha(**items) -> dict:
    return data(evaluations=[{"id": "E1", "alpha": full_alpha(**items)}])


# --- valid input -----------------------------------------------------------------------------


def test_a_valid_input_parses():
    parsed = parse_assessment(
        data(
            evaluations=[evaluation("E1", sheet("0.9"), source="customer", date="2026-05-11")],
            maturity=levels(3),
            nonconformities=[nc("NC1", "minor", "plan_accepted")],
        ),
        SCHEME,
    )
    assert len(parsed.evaluations) == 1
    assert parsed.evaluations[0].alphas["3.2"] == Decimal("0.9")
    assert parsed.evaluations[0].source == "customer"
    assert parsed.maturity == levels(3)
    assert parsed.nonconformities[0].status == "plan_accepted"


@pytest.mark.parametrize(
    "given, expected",
    [
        ("0.85", Decimal("0.85")),
        (0.85, Decimal("0.85")),  # a float is read by its shortest repr, never its binary value
        (Decimal("0.85"), Decimal("0.85")),
        ("0.850", Decimal("0.85")),  # trailing zeros are not decimals
        (1, Decimal("1")),
        (0, Decimal("0")),
    ],
)
def test_alpha_spellings(given, expected):
    raw = data(evaluations=[{"id": "E1", "alpha": {**full_alpha(), "3.2": given}}])
    assert parse_assessment(raw, SCHEME).evaluations[0].alphas["3.2"] == expected


@pytest.mark.parametrize(
    "level, alpha", [(1, "0.2"), (2, "0.4"), (3, "0.6"), (4, "0.8"), (5, "1.0")]
)
def test_likert_maps_to_the_band_upper_bound(level, alpha):
    alphas = full_alpha()
    del alphas["3.2"]
    raw = data(evaluations=[{"id": "E1", "alpha": alphas, "likert": {"3.2": level}}])
    parsed = parse_assessment(raw, SCHEME).evaluations[0]
    assert parsed.alphas["3.2"] == Decimal(alpha)
    assert parsed.likert == {"3.2": level}


def test_evaluation_items_are_kept_in_scheme_order():
    alphas = dict(reversed(list(full_alpha().items())))
    parsed = parse_assessment(data(evaluations=[{"id": "E1", "alpha": alphas}]), SCHEME)
    assert list(parsed.evaluations[0].alphas) == list(SCHEME.items)


def test_unrated_clause_given_as_null_is_absent():
    parsed = parse_assessment(data(maturity={**levels(3), "7.2": None}), SCHEME)
    assert "7.2" not in parsed.maturity
    assert len(parsed.maturity) == 20


def test_parts_not_given_are_none():
    parsed = parse_assessment({}, SCHEME)
    assert parsed.evaluations is None
    assert parsed.maturity is None
    assert parsed.nonconformities == ()


# --- invalid input: location and value -------------------------------------------------------


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("1.2"), "1.2"),
        ("1.2", "1.2"),
        (Decimal("-0.1"), "-0.1"),
        (Decimal("0.855"), "0.855"),
        (0.855, "0.855"),
        ("abc", "abc"),
        (True, "True"),
        (None, "None"),
    ],
)
def test_bad_alpha_names_evaluation_item_and_value(value, shown):
    message = one_error(with_alpha(**{"3.2": value}))
    assert message.startswith("E1 item 3.2: ")
    assert shown in message


def test_alpha_above_1_message():
    message = one_error(with_alpha(**{"3.2": Decimal("1.2")}))
    assert message == "E1 item 3.2: α 1.2 is outside [0, 1]"


def test_alpha_with_3_decimals_message():
    message = one_error(with_alpha(**{"3.2": "0.855"}))
    assert "E1 item 3.2" in message
    assert "0.855" in message
    assert "2 decimals" in message


@pytest.mark.parametrize("value", [0, 6, 2.5, Decimal("2.5"), "x", -1])
def test_bad_likert_level(value):
    alphas = full_alpha()
    del alphas["3.2"]
    raw = data(evaluations=[{"id": "E1", "alpha": alphas, "likert": {"3.2": value}}])
    message = one_error(raw)
    assert message.startswith("E1 item 3.2: ")
    assert str(value) in message
    assert "Likert" in message


def test_item_given_both_ways():
    raw = data(evaluations=[{"id": "E1", "alpha": full_alpha(), "likert": {"3.2": 4}}])
    message = one_error(raw)
    assert message.startswith("E1 item 3.2: ")
    assert "both" in message


def test_unknown_item():
    message = one_error(with_alpha(**{"8.1": "0.5"}))
    assert message.startswith("E1 item 8.1: ")
    assert "not an item" in message


def test_missing_items_are_listed():
    alphas = full_alpha()
    del alphas["3.2"], alphas["7.1"]
    message = one_error(data(evaluations=[{"id": "E1", "alpha": alphas}]))
    assert message.startswith("E1: ")
    assert "3.2, 7.1" in message
    assert "1.1" not in message


def test_empty_evaluation_lists_every_item():
    message = one_error(data(evaluations=[{"id": "E9"}]))
    assert message.startswith("E9: ")
    assert ", ".join(SCHEME.items) in message


def test_duplicate_evaluation_id():
    raw = data(evaluations=[evaluation("E1", sheet()), evaluation("E1", sheet())])
    message = one_error(raw)
    assert message.startswith("E1: ")
    assert "twice" in message


def test_evaluation_without_id_is_named_by_position():
    raw = data(evaluations=[evaluation("E1", sheet()), {"alpha": full_alpha()}])
    message = one_error(raw)
    assert message.startswith("evaluation 2: ")


@pytest.mark.parametrize("source", ["robot", "", 3])
def test_bad_source(source):
    raw = data(evaluations=[{"id": "E1", "alpha": full_alpha(), "source": source}])
    message = one_error(raw)
    assert message.startswith("E1: ")
    assert repr(source) in message


@pytest.mark.parametrize("date", ["2026-13-01", "yesterday", "2026-02-30"])
def test_bad_date(date):
    raw = data(evaluations=[{"id": "E1", "alpha": full_alpha(), "date": date}])
    message = one_error(raw)
    assert message.startswith("E1: ")
    assert date in message


def test_unknown_evaluation_key():
    raw = data(evaluations=[{"id": "E1", "alpha": full_alpha(), "score": "99"}])
    message = one_error(raw)
    assert message.startswith("E1: ")
    assert "score" in message


def test_unknown_clause():
    message = one_error(data(maturity={**levels(3), "9.9": 3}))
    assert message.startswith("maturity clause 9.9: ")


@pytest.mark.parametrize("level", [6, 0, -1, 2.5, "high", True])
def test_bad_maturity_level(level):
    message = one_error(data(maturity={**levels(3), "4.1": level}))
    assert message.startswith("maturity clause 4.1: ")
    assert str(level) in message


@pytest.mark.parametrize(
    "field, value",
    [("severity", "critical"), ("severity", None), ("status", "pending"), ("clause", "9.9")],
)
def test_bad_nonconformity(field, value):
    entry = {**nc("NC1", "major"), field: value}
    message = one_error(data(nonconformities=[entry]))
    assert message.startswith("NC1: ")
    assert repr(value) in message
    assert field in message


def test_nonconformity_unknown_item():
    entry = {**nc("NC1", "minor"), "item": "8.1"}
    message = one_error(data(nonconformities=[entry]))
    assert message.startswith("NC1: ")
    assert "8.1" in message


def test_duplicate_nonconformity_id():
    message = one_error(data(nonconformities=[nc("NC1", "minor"), nc("NC1", "major")]))
    assert message.startswith("NC1: ")
    assert "twice" in message


def test_unknown_top_level_key():
    raw = {**data(maturity=levels(3)), "extra": 1}
    message = one_error(raw)
    assert "extra" in message


@pytest.mark.parametrize("raw", [[], "text", None])
def test_input_must_be_an_object(raw):
    with pytest.raises(InputError, match="JSON object"):
        parse_assessment(raw, SCHEME)


@pytest.mark.parametrize(
    "raw, where",
    [
        ({"evaluations": {"E1": {}}}, "evaluations"),
        ({"maturity": [3, 3]}, "maturity"),
        ({"nonconformities": {"id": "NC1"}}, "nonconformities"),
        ({"evaluations": [{"id": "E1", "alpha": ["0.9"]}]}, "E1"),
    ],
)
def test_wrong_container_types(raw, where):
    found = errors(raw)
    assert any(message.startswith(f"{where}: ") for message in found), found


def test_several_problems_are_all_reported():
    alphas = full_alpha()
    del alphas["7.1"]
    raw = {
        "evaluations": [
            {"id": "E1", "alpha": {**alphas, "3.2": "1.2"}},
            {"id": "E2", "alpha": full_alpha(), "source": "robot"},
        ],
        "maturity": {**levels(3), "4.1": 6, "9.9": 2},
        "nonconformities": [{**nc("NC1", "major"), "severity": "critical"}],
        "colour": "green",
    }
    found = errors(raw)
    expected = [
        ("input: ", "colour"),
        ("E1 item 3.2: ", "1.2"),
        ("E1: ", "7.1"),  # missing item
        ("E2: ", "robot"),
        ("maturity clause 4.1: ", "6"),
        ("maturity clause 9.9: ", "not a clause"),
        ("NC1: ", "critical"),
    ]
    for start, value in expected:
        assert any(m.startswith(start) and value in m for m in found), (start, found)
    assert len(found) == len(expected), found


def test_duplicate_id_is_reported_even_when_the_first_sheet_has_another_problem():
    # E1 (first) has α 1.2 on item 3.2; the second E1 is fine. Both problems must be listed,
    # so that the person does not fix one only to be told about the other.
    raw = data(
        evaluations=[
            {"id": "E1", "alpha": full_alpha(**{"3.2": "1.2"})},
            {"id": "E1", "alpha": full_alpha()},
        ]
    )
    found = errors(raw)
    assert any(m.startswith("E1 item 3.2: ") and "1.2" in m for m in found), found
    assert any(m.startswith("E1: ") and "twice" in m for m in found), found


# --- robustness: odd but decodable JSON must give InputError, never a crash ------------------
# (the command line decodes with json.loads(text, parse_float=Decimal), which still turns
# NaN / Infinity into floats)


def test_alpha_nan_from_json_is_an_input_error():
    raw = json.loads('{"evaluations": [{"id": "E1", "alpha": {"3.2": NaN}}]}', parse_float=Decimal)
    raw["evaluations"][0]["alpha"] = {**full_alpha(), **raw["evaluations"][0]["alpha"]}
    message = one_error(raw)
    assert message.startswith("E1 item 3.2: ")


def test_alpha_infinity_from_json_is_an_input_error():
    raw = json.loads('{"evaluations": [{"id": "E1", "alpha": {"3.2": Infinity}}]}')
    raw["evaluations"][0]["alpha"] = {**full_alpha(), **raw["evaluations"][0]["alpha"]}
    message = one_error(raw)
    assert message.startswith("E1 item 3.2: ")


def test_likert_infinity_from_json_is_an_input_error():
    alphas = full_alpha()
    del alphas["3.2"]
    raw = json.loads('{"evaluations": [{"id": "E1", "likert": {"3.2": Infinity}}]}')
    raw["evaluations"][0]["alpha"] = alphas
    message = one_error(raw)
    assert message.startswith("E1 item 3.2: ")


@pytest.mark.parametrize("alpha", [5, [{"3.2": "0.9"}]])
def test_alpha_that_is_not_a_mapping_is_an_input_error(alpha):
    found = errors(data(evaluations=[{"id": "E1", "alpha": alpha}]))
    assert any(m.startswith("E1: ") and "alpha" in m for m in found), found


@pytest.mark.parametrize("field, value", [("clause", ["4.1"]), ("item", {"id": "3.2"})])
def test_nonconformity_with_a_list_or_object_value_is_an_input_error(field, value):
    entry = {**nc("NC1", "minor"), field: value}
    message = one_error(data(nonconformities=[entry]))
    assert message.startswith("NC1: ")
    assert field in message
