"""Many common sheets, read at once: each rated wholly by α or wholly by Likert level.

Reading 100,000 sheets value by value through :mod:`greencert.core.ratings`
costs many times the JSON decoding itself (issue 18 part 5).  Almost every
sheet is well formed, so this reader checks all of them together, with a
few passes over every value that run inside the interpreter's C code: each
sheet's keys are the scheme's items in the scheme's order, every α is one
of the scheme's 101 legal values (:attr:`Scheme.legal_alphas`, which also
gives its α-units), every level one of its Likert levels.  It builds the
same :class:`~greencert.core.assessment_input.Evaluation` values the careful
reader would, each carrying its α-units so that scoring reads no value again.
The decoded rating maps are kept as they are (already in scheme order), not
copied: the input read is the reader's to keep.

When any sheet is not of that shape (a missing item, items in another order,
α and Likert mixed in one sheet, a float, ``true``, 0.855, an unknown key, a
repeated id) it answers ``None`` and :mod:`greencert.core.inputs` reads every
sheet the careful way, naming each problem.

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
from itertools import chain

from greencert.core.assessment_input import EVALUATION_KEYS, SOURCES, TEXT_KEYS, Evaluation
from greencert.core.scheme import Scheme


class SheetReader:
    """What reading many sheets of one scheme needs, looked up once."""

    def __init__(self, scheme: Scheme):
        self.items = tuple(scheme.items)
        self.alpha_units = scheme.legal_alphas
        self.likert_alphas = scheme.likert_alphas
        self.likert_units = {level: self.alpha_units[a] for level, a in self.likert_alphas.items()}


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


def quick_evaluations(raw: object, reader: SheetReader) -> tuple[Evaluation, ...] | None:
    """Every evaluation of *raw*, or ``None`` when any one needs the careful reader."""
    if type(raw) is not list:
        return None
    with no_cycle_collection():
        return _read_all(raw, reader)


def _read_all(raw: list, reader: SheetReader) -> tuple[Evaluation, ...] | None:
    heads = list(map(_head, raw))
    if None in heads or len({head[0] for head in heads}) != len(heads):
        return None
    by_alpha = [head[3] for head in heads if head[4] == "alpha"]
    by_level = [head[3] for head in heads if head[4] == "likert"]
    alpha_units = _alpha_units(by_alpha, reader)
    levels = _levels(by_level, reader)
    if alpha_units is None or levels is None:
        return None
    level_units = map(reader.likert_units.__getitem__, levels)
    return tuple(_evaluations(heads, alpha_units, level_units, reader))


def _head(entry: object) -> tuple | None:
    """(id, source, texts, ratings, "alpha" or "likert") of a sheet of the common shape."""
    if type(entry) is not dict or not entry.keys() <= EVALUATION_KEYS:
        return None
    eid, source = entry.get("id"), entry.get("source", "auditor")
    if type(eid) is not str or not eid.strip() or source not in SOURCES:
        return None
    texts = {} if entry.keys().isdisjoint(TEXT_KEYS) else _texts(entry)
    alphas, levels = entry.get("alpha"), entry.get("likert")
    if texts is None or (alphas and levels):
        return None
    if alphas and type(alphas) is dict:
        return eid.strip(), source, texts, alphas, "alpha"
    if levels and type(levels) is dict:
        return eid.strip(), source, texts, levels, "likert"
    return None


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


def _in_scheme_order(sheets: list[dict], reader: SheetReader) -> list | None:
    """Every value of *sheets*, one after the other, when each sheet lists the scheme's items
    in the scheme's order (one comparison of two lists)."""
    if list(chain.from_iterable(sheets)) != list(reader.items) * len(sheets):
        return None
    return list(chain.from_iterable(map(dict.values, sheets)))


def _alpha_units(sheets: list[dict], reader: SheetReader) -> list[int] | None:
    values = _in_scheme_order(sheets, reader)
    if values is None or not set(map(type, values)) <= {Decimal}:
        return None  # ints, floats and booleans go the careful way, which converts them
    try:
        units = list(map(reader.alpha_units.get, values))
    except TypeError:  # a signalling NaN cannot be hashed
        return None
    return None if None in units else units


def _levels(sheets: list[dict], reader: SheetReader) -> list[int] | None:
    values = _in_scheme_order(sheets, reader)
    if values is None or not set(map(type, values)) <= {int}:
        return None
    return values if set(values) <= reader.likert_units.keys() else None


def _evaluations(heads, alpha_units, level_units, reader):
    """The evaluations in input order, each sheet's units taken in turn from the flat lists."""
    k, items, alpha_of = len(reader.items), reader.items, reader.likert_alphas.__getitem__
    alpha_rows = zip(*[iter(alpha_units)] * k, strict=False)  # k values at a time
    level_unit_rows = zip(*[level_units] * k, strict=False)
    read = Evaluation.read
    for eid, source, texts, ratings, kind in heads:
        if kind == "alpha":
            yield read(eid, ratings, {}, next(alpha_rows), source, **texts)
        else:
            alphas = dict(zip(items, map(alpha_of, ratings.values()), strict=True))
            yield read(eid, alphas, ratings, next(level_unit_rows), source, **texts)
