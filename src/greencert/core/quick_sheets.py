"""Many common sheets, read at once: each rated wholly by α or wholly by Likert level.

Reading 100,000 sheets value by value through :mod:`greencert.core.ratings`
costs many times the JSON decoding itself (issue 18 part 5).  Almost every
sheet is well formed, so this reader checks all of them together, column by
column, each check one pass over all the sheets or all the values that runs
inside the interpreter's C code: each sheet's keys are the scheme's items in
the scheme's order, every α is written as one of the scheme's 101 legal
values is (:func:`alpha_texts`, which also gives its α-units), every level
is one of its Likert levels.  It answers an
:class:`~greencert.core.assessment_input.EvaluationBatch`: the columns it
checked, with every α in α-units, so that scoring reads no value again; the
:class:`~greencert.core.assessment_input.Evaluation` values the careful
reader would give are made from them only when one is asked for.  The
decoded α maps are kept as they are (already in scheme order), not copied:
the input read is the reader's to keep.

When any sheet is not of that shape (a missing item, items in another order,
α and Likert mixed in one sheet, a float, ``true``, 0.855, 0.850, an unknown
key, a repeated id) it answers ``None`` and :mod:`greencert.core.inputs`
reads every sheet the careful way, naming each problem.

>>> from decimal import Decimal
>>> from greencert.core import default_scheme
>>> reader = SheetReader(default_scheme())
>>> e1, e2 = quick_evaluations([
...     {"id": "E1", "source": "customer", "likert": dict.fromkeys(reader.items, 4)},
...     {"id": "E2", "alpha": dict.fromkeys(reader.items, Decimal("0.85"))}], reader)
>>> e1.alphas["3.2"], e1.likert["3.2"], e1.source, e1.units[:2]
(Decimal('0.8'), 4, 'customer', (80, 80))
>>> e2.alphas["3.2"], e2.likert, e2.source
(Decimal('0.85'), {}, 'auditor')
>>> quick_evaluations([{"id": "E3", "alpha": {"1.1": Decimal("0.5")}}], reader) is None
True
>>> quick_evaluations([{"id": "E4", "alpha": dict.fromkeys(reader.items, Decimal("0.855"))}],
...                   reader) is None
True
"""

from __future__ import annotations

import datetime
import gc
from contextlib import contextmanager
from decimal import Decimal
from itertools import chain, compress, repeat

from greencert.core.assessment_input import (
    EVALUATION_KEYS,
    SOURCES,
    TEXT_KEYS,
    EvaluationBatch,
)
from greencert.core.scheme import Scheme


class SheetReader:
    """What reading many sheets of one scheme needs, looked up once."""

    def __init__(self, scheme: Scheme):
        self.items = tuple(scheme.items)
        self.alpha_texts = alpha_texts(scheme)
        self.likert_alphas = scheme.likert_alphas
        units = scheme.legal_alphas
        self.likert_units = {level: units[a] for level, a in self.likert_alphas.items()}


def alpha_texts(scheme: Scheme) -> dict[str, int]:
    """Every legal α as a decoded Decimal shows itself, with 0 to ``alpha_places`` decimals,
    → its α-units: ``"0.5"``, ``"0.50"`` → 50.

    Hashing a Decimal computes a modular power each time; its text is quick to make and
    its hash is a string's.  A Decimal shows exactly one text, so a text found here is
    exactly that α.  Any other way of writing a number (``0.850``, ``-0.0``, ``0E-7``,
    which the careful reader weighs each on its own) goes the careful way.

    >>> from greencert.core import default_scheme
    >>> texts = alpha_texts(default_scheme())
    >>> texts["0.5"], texts["0.50"], texts["1"], texts["1.00"], "0.500" in texts, len(texts)
    (50, 50, 100, 100, False, 114)
    """
    places = scheme.alpha_places
    return {
        str(Decimal(units // 10 ** (places - shown)).scaleb(-shown)): units
        for shown in range(places + 1)
        for units in range(0, 10**places + 1, 10 ** (places - shown))
    }


@contextmanager
def no_cycle_collection():
    """Pause the cyclic garbage collector while plain, acyclic values are built in bulk.

    Building 100,000 evaluations sets off dozens of collections that walk every
    object alive (the decoded JSON among them) and find nothing to free: they
    cost more than the reading itself.  Reference counting still frees
    everything; the collector's previous state is restored on the way out.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def quick_evaluations(raw: object, reader: SheetReader) -> EvaluationBatch | tuple[()] | None:
    """Every evaluation of *raw*, or ``None`` when any one needs the careful reader."""
    if type(raw) is not list:
        return None
    with no_cycle_collection():
        return _read_all(raw, reader)


def _read_all(raw: list, reader: SheetReader) -> EvaluationBatch | tuple[()] | None:
    """Column by column: each check is one pass over all the sheets (the loops run in C),
    not a call of our own per sheet."""
    if not raw:
        return ()
    try:
        by_alpha, by_level = _column(raw, "alpha"), _column(raw, "likert")
    except TypeError:  # a sheet that is not a map, which dict.get refuses
        return None
    if not set(chain.from_iterable(raw)) <= EVALUATION_KEYS:
        return None
    ids, sources, texts = _ids(raw), _sources(raw), _all_texts(raw)
    if ids is None or sources is None or texts is None or any(compress(by_level, by_alpha)):
        return None  # ... or a sheet rated both ways
    alpha_sheets, level_sheets = list(filter(None, by_alpha)), list(filter(None, by_level))
    if len(alpha_sheets) + len(level_sheets) != len(raw):
        return None  # a sheet rated neither way
    alpha_units = _alpha_units(alpha_sheets, reader)
    level_units = _level_units(level_sheets, reader)
    if alpha_units is None or level_units is None:
        return None
    return EvaluationBatch(
        ids=ids,
        sources=sources,
        # The α map, else the levels: a sheet rated by level may still carry an empty or null
        # "alpha" (the web writes both keys of every sheet), which must not stand for it.
        sheets=[alphas or levels for alphas, levels in zip(by_alpha, by_level, strict=True)],
        by_alpha=list(map(bool, by_alpha)),
        texts=texts,
        units=alpha_units + level_units,  # each kind's sheets in input order: see the batch
        level_alphas=reader.likert_alphas,
    )


def _column(raw: list[dict], key: str, default: object = None) -> list:
    """Each sheet's value of *key*, or *default* where it has none (``dict.get`` mapped over
    the sheets: half the time of a ``methodcaller``).

    >>> _column([{"id": "E1"}, {}], "id", "none")
    ['E1', 'none']
    """
    return list(map(dict.get, raw, repeat(key), repeat(default)))


def _ids(raw: list[dict]) -> list[str] | None:
    """Each sheet's id, stripped; ``None`` unless every one is text and none repeats."""
    try:
        ids = list(map(str.strip, _column(raw, "id")))
    except TypeError:  # an id that is not text, which str.strip refuses
        return None
    return ids if all(ids) and len(set(ids)) == len(ids) else None


def _sources(raw: list[dict]) -> list[str] | None:
    sources = _column(raw, "source", "auditor")
    try:
        known = set(sources) <= KNOWN_SOURCES
    except TypeError:  # a list or a map given as a source
        return None
    return sources if known else None


KNOWN_SOURCES = frozenset(SOURCES)


def _all_texts(raw: list[dict]) -> list[dict[str, str]] | None:
    """Each sheet's evaluator, rater, date and site (none given: one pass finds that)."""
    if all(map(TEXT_KEYS_SET.isdisjoint, raw)):
        return [{}] * len(raw)  # only read, never changed: one empty map serves all
    texts = list(map(_texts, raw))
    return None if None in texts else texts


TEXT_KEYS_SET = frozenset(TEXT_KEYS)


def _texts(entry: dict) -> dict[str, str] | None:
    """Evaluator, rater, date and site as the careful reader keeps them (stripped; ISO date)."""
    texts = {}
    for key in TEXT_KEYS:
        value = entry.get(key)
        value = "" if value is None else value
        if type(value) is not str:
            return None
        texts[key] = value.strip()
    if texts["date"]:
        try:
            datetime.date.fromisoformat(texts["date"])
        except ValueError:
            return None
    return texts


def _in_scheme_order(sheets: list, reader: SheetReader) -> list | None:
    """Every value of *sheets*, one after the other, when each sheet is a map listing the
    scheme's items in the scheme's order (one comparison of two lists).

    Compared with the first sheet's keys once those are the scheme's: the decoder gives
    equal keys as one string, and the same string compares without reading its text."""
    if not set(map(type, sheets)) <= {dict}:
        return None
    first = list(sheets[0]) if sheets else []
    if sheets and first != list(reader.items):
        return None
    if list(chain.from_iterable(sheets)) != first * len(sheets):
        return None
    return list(chain.from_iterable(map(dict.values, sheets)))


def _alpha_units(sheets: list[dict], reader: SheetReader) -> list[int] | None:
    values = _in_scheme_order(sheets, reader)
    if values is None:
        return None
    try:
        return list(map(reader.alpha_texts.__getitem__, map(Decimal.__str__, values)))
    except TypeError:  # an int, float or boolean, which Decimal.__str__ refuses: the careful
        return None  # way converts them
    except KeyError:  # not legal, or written another way (0.850)
        return None


def _level_units(sheets: list[dict], reader: SheetReader) -> list[int] | None:
    """The α-units of each level of *sheets* (the α it stands for, §5.1.1 2)), in order."""
    levels = _in_scheme_order(sheets, reader)
    if levels is None or not set(map(type, levels)) <= {int}:
        return None  # floats, Decimals and booleans go the careful way
    try:
        return list(map(reader.likert_units.__getitem__, levels))
    except KeyError:  # a level off the scale
        return None
