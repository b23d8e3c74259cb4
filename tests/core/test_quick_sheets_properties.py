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
bad_alpha = st.sampled_from(
    [Decimal("0.855"), Decimal("1.01"), Decimal("-0.01"), Decimal("-0.0"), 1, 0, 0.5, True,
     "0.5", Decimal("NaN"), Decimal("Infinity"), None, [0.5]]
)  # fmt: skip
legal_level = st.integers(1, 5)
bad_level = st.sampled_from([0, 6, True, 4.0, Decimal(3), "3", None])


@st.composite
def ratings(draw, values, broken_values):
    """Every item rated in scheme order; now and then one value broken, an item dropped, one
    added, or the order changed."""
    chosen = {item_id: draw(values) for item_id in ITEM_IDS}
    change = draw(st.sampled_from([None] * 40 + ["value", "drop", "extra", "order"]))
    if change == "value":
        chosen[draw(st.sampled_from(ITEM_IDS))] = draw(broken_values)
    elif change == "drop":
        chosen.pop(draw(st.sampled_from(ITEM_IDS)))
    elif change == "extra":
        chosen["9.9"] = draw(values)
    elif change == "order":
        chosen = dict(reversed(chosen.items()))
    return chosen


@st.composite
def sheet(draw, index):
    entry: dict = {"id": f"E{index}"}
    change = draw(st.sampled_from([None] * 40 + ["id", "source", "key", "text", "both", "none"]))
    source = draw(st.sampled_from([None, "auditor", "mystery_shopper", "customer", "self"]))
    if source is not None:
        entry["source"] = source
    if draw(st.booleans()):
        entry["evaluator"], entry["site"] = " 王 ", "九江"
        entry["date"] = draw(st.sampled_from(["2026-05-12", ""]))
    if draw(st.booleans()):
        entry["alpha"] = draw(ratings(legal_alpha, bad_alpha))
    else:
        entry["likert"] = draw(ratings(legal_level, bad_level))
    if change == "id":
        entry["id"] = draw(st.sampled_from(["E0", " E0 ", "", "  ", 7, None]))
    elif change == "source":
        entry["source"] = draw(st.sampled_from(["robot", 1, ["customer"]]))
    elif change == "key":
        entry["colour"] = "red"
    elif change == "text":
        entry[draw(st.sampled_from(["evaluator", "date", "site", "rater"]))] = draw(
            st.sampled_from([7, "12.05.2026", None])
        )
    elif change == "both":
        entry["likert" if "alpha" in entry else "alpha"] = {ITEM_IDS[0]: 5}
    elif change == "none":
        entry.pop("alpha", None)
        entry.pop("likert", None)
    return entry


batches = st.integers(1, 6).flatmap(lambda n: st.tuples(*(sheet(i) for i in range(n))))


def careful_only(monkeypatch):
    monkeypatch.setattr(inputs, "quick_evaluations", lambda raw, reader: None)


def outcome(raw: dict):
    """The assessment's evaluations and service figures, or the problems of its refusal."""
    try:
        a = assess_data(SCHEME, raw)
    except InputError as refused:
        return "refused", [(p, p.text("zh-hans"), p.text("en")) for p in refused.problems]
    figures = lambda s: s and (s.mean, s.score, s.units, s.items, s.characteristics)  # noqa: E731
    return "scored", a.input.evaluations, figures(a.service), figures(a.self_assessment)


def reference_alpha(entry: dict, item_id: str) -> Fraction:
    if "alpha" in entry:
        return Fraction(entry["alpha"][item_id])
    return LIKERT_ALPHA[entry["likert"][item_id]]


def half_up(value: Fraction, places: int) -> Fraction:
    return Fraction(floor(value * 10**places + Fraction(1, 2)), 10**places)


@SETTINGS
@given(batches)
def test_the_batch_reader_reads_as_the_careful_reader_or_not_at_all(batch):
    raw = [dict(entry) for entry in batch]
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
@given(batches)
def test_the_same_assessment_or_the_same_refusal_either_way(batch):
    raw = {"evaluations": [dict(entry) for entry in batch]}
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
@given(batches)
def test_a_valid_batch_scores_as_the_plain_arithmetic_says(batch):
    raw = {"evaluations": [dict(entry) for entry in batch]}
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
