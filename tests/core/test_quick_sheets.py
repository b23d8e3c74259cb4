"""The batch reader gives what the careful reader gives, or hands the sheets over to it."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from greencert.core import default_scheme
from greencert.core.assessment import assess_data
from greencert.core.assessment_input import Evaluation
from greencert.core.exceptions import InputError
from greencert.core.inputs import parse_evaluation
from greencert.core.quick_sheets import SheetReader, quick_evaluations

SCHEME = default_scheme()
ITEMS = list(SCHEME.items)


def sheets(n: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if i % 2:
            out.append(
                {
                    "id": f"E{i}",
                    "source": "customer",
                    "likert": {k: rng.randint(1, 5) for k in ITEMS},
                }
            )
        else:
            out.append(
                {
                    "id": f"E{i}",
                    "evaluator": " 王 ",
                    "site": "九江",
                    "date": "2026-05-12",
                    "alpha": {k: Decimal(rng.randint(0, 100)) / 100 for k in ITEMS},
                }
            )
    return out


def careful(raw: list[dict]):
    problems = []
    return tuple(parse_evaluation(entry, SCHEME, problems) for entry in raw)


def test_quick_evaluations_equal_the_careful_ones_field_by_field():
    raw = sheets(40)
    quick = quick_evaluations(raw, SheetReader(SCHEME))
    assert quick == careful(raw)
    for q, c in zip(quick, careful(raw), strict=True):
        assert list(q.alphas) == ITEMS and list(q.likert) == list(c.likert)
        assert (q.evaluator, q.site, q.date) == (c.evaluator, c.site, c.date)
    assert quick[0].evaluator == "王"


def test_the_result_is_the_same_whichever_reader_read_the_sheets():
    raw = sheets(30)
    mixed = [
        *raw,
        {"id": "X", "alpha": {**dict.fromkeys(ITEMS[1:], Decimal("0.7")), ITEMS[0]: 1}},
    ]  # an int α: the careful way for all
    assert quick_evaluations(mixed, SheetReader(SCHEME)) is None
    fast = assess_data(SCHEME, {"evaluations": raw})
    slow = assess_data(SCHEME, {"evaluations": [*mixed[:-1], mixed[-1]]})
    alone = assess_data(SCHEME, {"evaluations": [mixed[-1]]})
    # Hand check of the combined mean: (Σ of the 30 scores + the 31st) / 31, from the parts.
    total = fast.service.mean * 30 + alone.service.mean
    assert slow.service.mean == total / 31
    alphas = [
        Decimal(e["alpha"]["3.2"]) if "alpha" in e else SCHEME.likert_alphas[e["likert"]["3.2"]]
        for e in raw
    ]
    assert fast.service.items["3.2"].points == Fraction(sum(alphas)) * 5 / 30


def test_scoring_a_batch_makes_no_evaluation_until_one_is_read(monkeypatch):
    """The score reads the batch's columns (issue 18 part 5); the evaluations, made when asked
    for, are those the careful reader gives, the organisation's own apart (§5.1.2)."""
    raw = sheets(12)
    for entry in raw[:3]:
        entry["source"] = "self"
    with monkeypatch.context() as patch:
        patch.setattr(Evaluation, "read_all", None)  # made here, it would fail
        a = assess_data(SCHEME, {"evaluations": raw})
    assert a.service.counted == careful(raw[3:]) and a.self_assessment.counted == careful(raw[:3])
    assert a.input.evaluations == careful(raw)
    # Sheets E3..E11 count: E3, E5, E7, E9, E11 rated by level, 19 items each.
    (likert,) = [n for n in a.notes if n.code == "service.likert"]
    assert likert.figures["count"] == str(5 * 19)


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e["alpha"].pop("7.1"),  # an item missing
        lambda e: e["alpha"].update({"7.1": Decimal("0.855")}),  # too many decimals
        lambda e: e["alpha"].update({"7.1": True}),  # a boolean is no α
        lambda e: e["alpha"].update({"7.1": 0.5}),  # a float: converted the careful way
        lambda e: e["alpha"].update({"7.1": Decimal("sNaN")}),  # unhashable
        lambda e: e.update({"source": "robot"}),
        lambda e: e.update({"colour": "red"}),
        lambda e: e.update({"date": "12.05.2026"}),
        lambda e: e.update({"evaluator": 7}),
        lambda e: e.update({"likert": {"7.1": 5}}),  # α and Likert in one sheet
        lambda e: e.update({"alpha": dict(reversed(e["alpha"].items()))}),  # another order
    ],
)
def test_any_other_shape_goes_the_careful_way(change):
    raw = sheets(4)
    change(raw[0])
    assert quick_evaluations(raw, SheetReader(SCHEME)) is None


def test_a_likert_level_off_the_scale_or_a_repeated_id_goes_the_careful_way():
    raw = sheets(4)
    raw[1]["likert"]["2.2"] = 6
    assert quick_evaluations(raw, SheetReader(SCHEME)) is None
    raw = sheets(4)
    raw[2]["id"] = " E0 "
    assert quick_evaluations(raw, SheetReader(SCHEME)) is None
    with pytest.raises(InputError, match="E0"):
        assess_data(SCHEME, {"evaluations": raw})


def test_the_collector_is_left_as_it_was(monkeypatch):
    import gc

    gc.disable()
    try:
        quick_evaluations(sheets(3), SheetReader(SCHEME))
        assert not gc.isenabled()
    finally:
        gc.enable()
    quick_evaluations(sheets(3), SheetReader(SCHEME))
    assert gc.isenabled()


def test_decoded_json_takes_the_quick_way():
    raw = json.loads(
        json.dumps({"evaluations": [{"id": "E1", "alpha": dict.fromkeys(ITEMS, "X")}]}).replace(
            '"X"', "0.85"
        ),
        parse_float=Decimal,
    )
    (e,) = quick_evaluations(raw["evaluations"], SheetReader(SCHEME))
    assert e.units == (85,) * 19 and e.alphas["1.1"] == Decimal("0.85")


@pytest.mark.parametrize("empty", [{}, None])
def test_a_level_sheet_beside_an_empty_alpha_keeps_its_levels(empty):
    """The web writes both keys of every stored sheet: a customer's levels come with
    ``"alpha": {}``.  The levels are the sheet: 4 is α 0.8 on every item (§5.1.1 2))."""
    raw = [
        {"id": "C1", "source": "customer", "alpha": empty, "likert": dict.fromkeys(ITEMS, 4)},
        {"id": "A1", "alpha": dict.fromkeys(ITEMS, Decimal("0.9")), "likert": {}},
    ]
    customer, auditor = quick_evaluations(raw, SheetReader(SCHEME))
    assert customer.likert == dict.fromkeys(ITEMS, 4)
    assert customer.alphas == dict.fromkeys(ITEMS, Decimal("0.8"))
    assert auditor.alphas == dict.fromkeys(ITEMS, Decimal("0.9")) and auditor.likert == {}
