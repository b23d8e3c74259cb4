"""The batch reader and the batch scoring against the careful reader and a plain reference.

Random batches of sheets, most of them well formed, some broken in one of the ways a person
or a program breaks them (issue 18 part 5).  Three things must hold for every batch:

- the batch reader gives exactly what the careful reader gives (values, their types, the
  order of the items), or leaves the batch to it;
- with the batch reader switched off, the assessment (or the refusal, problem by problem) is
  the same: every problem names its evaluation, and its item where it is about a rating, in
  Chinese and in English;
- a valid batch scores as the plain arithmetic of Appendix 1 and §5.1.2 says, worked here in
  fractions without the core's tables: Σ weight × α per sheet, the mean of the sheets that
  count, rounded once half-up to one decimal.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor

import pytest
from conftest import ITEM_IDS, SCHEME
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greencert.core import inputs, quick_sheets
from greencert.core.assessment import assess_data
from greencert.core.exceptions import InputError
from greencert.core.inputs import parse_evaluation

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# §5.1.1 2) of CTS TBSC041-2026 B/0: a Likert level stands for the upper bound of its band.
LIKERT_ALPHA = {1: Fraction(2, 10), 2: Fraction(4, 10), 3: Fraction(6, 10), 4: Fraction(8, 10),
                5: Fraction(1)}  # fmt: skip
WEIGHTS = {item_id: SCHEME.items[item_id].weight for item_id in ITEM_IDS}  # Appendix 1


def _written(hundredths: int, form: str) -> Decimal:
    """One legal α as a decoder may give it: 0.85, 0.850, 85E-2, 0.5 (for 50)."""
    exact = Decimal(hundredths).scaleb(-2)
    if form == "trailing zero":
        return Decimal(f"{exact}0")
    if form == "exponent":
        return Decimal(f"{hundredths}E-2")
    if form == "shortest":
        return exact.normalize()  # 0.5, 1, 0
    return exact


legal_alpha = st.builds(
    _written,
    st.integers(0, 100),
    st.sampled_from(["plain", "plain", "plain", "trailing zero", "exponent", "shortest"]),
)
ODD_ALPHAS = [
    Decimal("0.855"),
    Decimal("1.01"),
    Decimal("-0.01"),
    Decimal("-0.0"),
    1,
    0,
    0.5,
    True,
    "0.5",
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    None,
    [0.5],
    Decimal("0.850"),
    Decimal("1"),
    Decimal("0E-7"),
]  # fmt: skip  (the last three are legal, written oddly)
ODD_LEVELS = [0, 6, -1, True, 4.0, Decimal(3), "3", None]
bad_alpha, bad_level = st.sampled_from(ODD_ALPHAS), st.sampled_from(ODD_LEVELS)
legal_level = st.integers(1, 5)


@st.composite
def sheet(draw, index: int) -> dict:
    """A well-formed sheet: rated wholly by α or wholly by level, with or without its texts."""
    entry: dict = {"id": f"E{index}"}
    source = draw(st.sampled_from([None, "auditor", "mystery_shopper", "customer", "self"]))
    if source is not None:
        entry["source"] = source
    if draw(st.booleans()):
        entry["evaluator"], entry["site"] = " 王 ", "九江"
        entry["date"] = draw(st.sampled_from(["2026-05-12", "", None]))
    kind, values = draw(st.sampled_from([("alpha", legal_alpha), ("likert", legal_level)]))
    entry[kind] = {item_id: draw(values) for item_id in ITEM_IDS}
    return entry


@st.composite
def broken(draw, entry: dict) -> None:
    """One thing broken in *entry*, as a person or a program breaks a sheet."""
    kind = "alpha" if "alpha" in entry else "likert"
    item_id = draw(st.sampled_from(ITEM_IDS))
    change = draw(
        st.sampled_from(
            ["value", "value", "value", "drop", "extra", "order", "id", "source", "key",
             "text", "both", "other_empty", "none"]
        )
    )  # fmt: skip
    if change == "value":
        entry[kind][item_id] = draw(bad_alpha if kind == "alpha" else bad_level)
    elif change == "drop":
        entry[kind].pop(item_id)
    elif change == "extra":
        entry[kind]["9.9"] = entry[kind][item_id]
    elif change == "order":
        entry[kind] = dict(reversed(entry[kind].items()))
    elif change == "id":
        entry["id"] = draw(st.sampled_from(["E0", " E0 ", "", "  ", 7, None]))
    elif change == "source":
        entry["source"] = draw(st.sampled_from(["robot", 1, ["customer"]]))
    elif change == "key":
        entry["colour"] = "red"
    elif change == "text":
        key = draw(st.sampled_from(["evaluator", "date", "site", "rater"]))
        entry[key] = draw(st.sampled_from([7, "12.05.2026"]))
    elif change == "both":
        entry["likert" if kind == "alpha" else "alpha"] = {item_id: 5}
    elif change == "other_empty":  # as the web writes every sheet: both keys, one of them empty
        entry["likert" if kind == "alpha" else "alpha"] = draw(st.sampled_from([{}, None]))
    else:
        entry.pop(kind)


@st.composite
def batches(draw) -> list[dict]:
    """One to six sheets; in half the batches one of them is broken."""
    batch = [draw(sheet(index)) for index in range(draw(st.integers(1, 6)))]
    if draw(st.booleans()):
        draw(broken(draw(st.sampled_from(batch))))
    return batch


def careful_only(monkeypatch):
    monkeypatch.setattr(inputs, "quick_evaluations", lambda raw, reader: None)


def outcome(raw: dict):
    """The assessment's evaluations, the service figures and the sheets they count, and the
    explanation (how many Likert ratings, self-evaluations apart); or the refusal's problems."""
    try:
        a = assess_data(SCHEME, raw)
    except InputError as refused:
        return "refused", [(p, p.text("zh-hans"), p.text("en")) for p in refused.problems]
    figures = lambda s: s and (s.mean, s.score, s.units, s.counted, s.items, s.characteristics)  # noqa: E731
    return "scored", a.input.evaluations, figures(a.service), figures(a.self_assessment), a.notes


def exact(value) -> Fraction:
    """A number as the input contract reads it: text and floats by the digits written."""
    if isinstance(value, str):
        return Fraction(Decimal(value.strip()))
    return Fraction(Decimal(repr(value)) if isinstance(value, float) else value)


def reference_alpha(entry: dict, item_id: str) -> Fraction:
    if entry.get("alpha"):  # an empty or null "alpha" beside the levels rates nothing
        return exact(entry["alpha"][item_id])
    return LIKERT_ALPHA[int(exact(entry["likert"][item_id]))]


def half_up(value: Fraction, places: int) -> Fraction:
    return Fraction(floor(value * 10**places + Fraction(1, 2)), 10**places)


@SETTINGS
@given(batches())
def test_the_batch_reader_reads_as_the_careful_reader_or_not_at_all(batch):
    same_as_careful(batch)


@pytest.mark.parametrize(
    ("kind", "value"),
    [("alpha", v) for v in ODD_ALPHAS] + [("likert", v) for v in ODD_LEVELS],
    ids=repr,
)
def test_each_odd_value_is_read_as_the_careful_reader_reads_it(kind, value):
    """Every odd value in one place, beside well-formed sheets of both kinds."""
    odd = {kind: dict.fromkeys(ITEM_IDS, Decimal("0.5") if kind == "alpha" else 3)}
    odd[kind]["3.2"] = value
    batch = [{"id": "E1", "alpha": dict.fromkeys(ITEM_IDS, Decimal("0.85"))},
             {"id": "E2", "likert": dict.fromkeys(ITEM_IDS, 4)}, {"id": "E3", **odd}]  # fmt: skip
    same_as_careful(batch)
    same_outcome_either_way({"evaluations": batch})


def same_as_careful(raw: list[dict]) -> None:
    quick = quick_sheets.quick_evaluations(raw, quick_sheets.SheetReader(SCHEME))
    problems = []
    careful = [parse_evaluation(entry, SCHEME, problems) for entry in raw]
    ids = [e.get("id").strip() for e in raw if isinstance(e.get("id"), str)]
    if quick is None:
        return
    assert not problems and len(set(ids)) == len(raw)  # it never takes a broken batch
    assert quick == tuple(careful)
    for q, c in zip(quick, careful, strict=True):
        assert list(q.alphas.items()) == list(c.alphas.items())
        assert list(q.likert.items()) == list(c.likert.items())
        assert {type(a) for a in q.alphas.values()} == {Decimal}
        assert q.units == tuple(int(a * 100) for a in c.alphas.values())


@SETTINGS
@given(batches())
def test_the_same_assessment_or_the_same_refusal_either_way(batch):
    same_outcome_either_way({"evaluations": batch})


def same_outcome_either_way(raw: dict) -> None:
    quick = outcome(raw)
    with pytest.MonkeyPatch.context() as patch:
        careful_only(patch)
        assert outcome(raw) == quick
    if quick[0] == "refused":
        for problem, chinese, english in quick[1]:
            assert (
                problem.evaluation
                and problem.evaluation in chinese
                and problem.evaluation in english
            )
            if problem.code.startswith(("alpha.", "likert.", "rating.")):
                assert problem.item and problem.item in chinese and problem.item in english


@SETTINGS
@given(batches())
def test_a_valid_batch_scores_as_the_plain_arithmetic_says(batch):
    raw = {"evaluations": batch}
    try:
        a = assess_data(SCHEME, raw)
    except InputError:
        return
    counted = [e for e in raw["evaluations"] if e.get("source", "auditor") != "self"]  # §5.1.2
    if not counted:
        assert a.service is None
        return
    scores = [sum(WEIGHTS[i] * reference_alpha(e, i) for i in ITEM_IDS) for e in counted]
    mean = sum(scores) / len(scores)
    assert [r.score for r in a.service.evaluations] == scores
    assert a.service.mean == mean
    assert Fraction(a.service.score) == half_up(mean, 1)
    for item_id in ITEM_IDS:
        points = WEIGHTS[item_id] * sum(reference_alpha(e, item_id) for e in counted) / len(counted)
        assert a.service.items[item_id].points == points
