"""Service characteristics scoring (服务特性测评, §5.1, Appendix 1).

Per item: actual score = weight × α; percentage = actual / weight × 100 %
(§5.1.1 1).  Per evaluation: the sum of the item scores, 0–100.  The
service score is the arithmetic mean of the evaluations that count
(§5.1.2), rounded once, half-up, to the scheme's decimals (RULES.md §1).

Everything is computed as exact fractions; figures are rounded only for
display, through :func:`greencert.core.rounding.round_half_up`.

>>> from decimal import Decimal
>>> from greencert.core import default_scheme
>>> scheme = default_scheme()
>>> perfect = {item_id: Decimal(1) for item_id in scheme.items}
>>> str(evaluation_score(scheme, perfect))
'100'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from itertools import chain, compress, repeat
from operator import add, attrgetter, itemgetter, mul

from greencert.core.assessment_input import EvaluationBatch, sheet_rows
from greencert.core.inputs import Evaluation
from greencert.core.rounding import cut, round_half_up
from greencert.core.scheme import Item, LikertBand, Scheme

ALPHA_SHOWN = 2  # mean α is shown at 2 decimals (banded exactly, see Figure)
ALPHA_EXACT_SHOWN = 4  # ... or at 4, cut, where 2 would read as the band below
POINTS_SHOWN = 2
PERCENT_SHOWN = 1


SELF = "self"


def counts_officially(evaluation: Evaluation) -> bool:
    """Whether *evaluation* counts in the official service score (§5.1.2).

    An organisation's own sheets (source ``"self"``) never do: the score is
    the mean over the certification body's evaluations (auditors, mystery
    shoppers, customers); self-evaluations are scored apart.
    """
    return is_official_source(evaluation.source)


def is_official_source(source: str) -> bool:
    """The rule of :func:`counts_officially`, on the source alone (a batch's column)."""
    return source != SELF


def official_flags(evaluations: Sequence[Evaluation]) -> list[bool]:
    """Whether each of *evaluations* counts officially, as :func:`counts_officially` says;
    a batch's read from its column of sources, without making its evaluations.

    >>> from greencert.core.assessment_input import Evaluation
    >>> official_flags([Evaluation("E1", {}, source="self"), Evaluation("E2", {})])
    [False, True]
    """
    if isinstance(evaluations, EvaluationBatch):
        return list(map(is_official_source, evaluations.sources))
    return list(map(counts_officially, evaluations))


def chosen(evaluations: Sequence[Evaluation], flags: list[bool]) -> Sequence[Evaluation]:
    """The evaluations whose flag is true: a batch of them from a batch, else a tuple."""
    if isinstance(evaluations, EvaluationBatch):
        return evaluations.compress(flags)
    return tuple(compress(evaluations, flags))


def likert_ratings(evaluations: Sequence[Evaluation]) -> int:
    """How many ratings of *evaluations* were given as a Likert level (§5.1.1 2))."""
    if isinstance(evaluations, EvaluationBatch):
        return evaluations.likert_ratings
    return sum(map(len, map(attrgetter("likert"), evaluations)))


def item_points(item: Item, alpha: Decimal | Fraction) -> Fraction:
    """实际得分 = 单项分值 × α (Appendix 1)."""
    return item.weight * Fraction(alpha)


def alpha_units(scheme: Scheme, alpha: Decimal) -> int:
    """α in whole units of its last allowed decimal (0.85 → 85): exact, and fast to add up.

    Inputs are validated to at most ``scheme.alpha_places`` decimals, so
    nothing is lost; scoring 100,000 evaluations stays in integers.
    """
    units = alpha.scaleb(scheme.alpha_places)
    if units != units.to_integral_value():
        raise ValueError(
            f"α {alpha} has more than {scheme.alpha_places} decimals"
        )  # validated before
    return int(units)


def evaluation_score(scheme: Scheme, alphas: dict[str, Decimal]) -> Fraction:
    """The score of one complete sheet: the sum of its item scores (Appendix 1 总计)."""
    units = sum(scheme.items[i].weight * alpha_units(scheme, a) for i, a in alphas.items())
    return Fraction(units, 10**scheme.alpha_places)


@dataclass(frozen=True)
class Figure:
    """Points, percentage, mean α and band of an item or a characteristic."""

    weight: int
    points: Fraction  # exact mean points
    band: LikertBand  # of the exact mean α (§5.1.1 2)), never of a rounded one
    # The mean α rounded to ALPHA_SHOWN decimals falls in a lower band than the exact one
    # (0.80333… shows as 0.80, band 4 read alone): then it is shown longer (0.8033…).
    alpha_past_edge: bool = False

    @property
    def mean_alpha(self) -> Fraction:
        return self.points / self.weight

    @property
    def percent(self) -> Fraction:
        return self.mean_alpha * 100

    @property
    def shown_points(self) -> Decimal:
        return round_half_up(self.points, POINTS_SHOWN)

    def shown_alpha(self) -> str:
        """The mean α at 2 decimals, or cut at 4 with "…" where 2 would contradict the band.

        >>> from greencert.core import default_scheme
        >>> edge = figure(default_scheme(), 5, Fraction(5 * 241, 300))   # α = 2.41 / 3
        >>> edge.band.level, edge.shown_alpha()
        (5, '0.8033…')
        >>> figure(default_scheme(), 5, Fraction(4)).shown_alpha()       # α = 0.8 exactly
        '0.80'
        """
        if self.alpha_past_edge:
            return cut(self.mean_alpha, ALPHA_EXACT_SHOWN)
        return str(round_half_up(self.mean_alpha, ALPHA_SHOWN))

    def shown(self) -> dict:
        return {
            "weight": self.weight,
            "mean_alpha": self.shown_alpha(),
            "points": str(self.shown_points),
            "percent": str(round_half_up(self.percent, PERCENT_SHOWN)),
            "band": self.band.level,
        }


def figure(scheme: Scheme, weight: int, points: Fraction) -> Figure:
    """The figure of *points* out of *weight*, banded by its exact mean α (§5.1.1 2))."""
    alpha = points / weight
    band = scheme.band_of(alpha)
    past_edge = scheme.band_of(round_half_up(alpha, ALPHA_SHOWN)) != band
    return Figure(weight, points, band, past_edge)


@dataclass(frozen=True)
class EvaluationResult:
    evaluation: Evaluation
    units: int  # the score in units of 1 / scale: exact, and cheap to add up
    scale: int

    @property
    def score(self) -> Fraction:
        return Fraction(self.units, self.scale)

    @property
    def shown_score(self) -> Decimal:
        return round_half_up(self.score, POINTS_SHOWN)


@dataclass(frozen=True)
class ServiceResult:
    scheme: Scheme
    counted: Sequence[Evaluation]  # the evaluations scored (a tuple, or a reader's batch)
    units: tuple[int, ...]  # each one's score in units of 1 / 10**alpha_places
    mean: Fraction  # exact mean of the evaluation scores
    items: dict[str, Figure]
    characteristics: dict[str, Figure]

    @cached_property
    def evaluations(self) -> tuple[EvaluationResult, ...]:
        """Each evaluation with its exact score (made when asked: a batch may never ask)."""
        scale = 10**self.scheme.alpha_places
        return tuple(
            EvaluationResult(e, units, scale)
            for e, units in zip(self.counted, self.units, strict=True)
        )

    @property
    def n(self) -> int:
        return len(self.counted)

    @property
    def rounded_apart(self) -> dict[str, tuple[tuple[Decimal, ...], Decimal]]:
        """Characteristics whose items' shown points do not add up to their own shown points,
        with those figures: (item points, characteristic points).

        Every figure is rounded on its own from its exact value (RULES.md §1), so items
        shown 4.70 + 5.90 + 4.83 = 15.43 may sit under a characteristic shown 15.44
        (its exact points 15.4366…); the outputs say so where it happens.
        """
        apart = {}
        for c in self.scheme.characteristics:
            parts = tuple(self.items[i.id].shown_points for i in c.items)
            whole = self.characteristics[c.id].shown_points
            if sum(parts) != whole:
                apart[c.id] = (parts, whole)
        return apart

    @property
    def score(self) -> Decimal:
        """The service score: rounded once, half-up (RULES.md §1); shown and compared."""
        return service_score(self.scheme, self.mean)

    def subset(self, keep: Callable[[Evaluation], bool]) -> ServiceScore | None:
        """The service score of the scored evaluations *keep* chooses (say, one source's).

        The same rule as the whole (§5.1.2): the mean of their scores, rounded
        once; ``None`` when none is chosen.  Item figures are not recomputed.

        >>> from greencert.core import default_scheme
        >>> from greencert.core.assessment_input import Evaluation
        >>> scheme = default_scheme()
        >>> def sheet(id, alpha, source):
        ...     return Evaluation(id, dict.fromkeys(scheme.items, Decimal(alpha)), source=source)
        >>> both = score_service(scheme, (sheet("E1", "0.9", "auditor"), sheet("E2", "0.85", "customer")))
        >>> both.score, both.subset(lambda e: e.source == "customer")
        (Decimal('87.5'), ServiceScore(n=1, score=Decimal('85.0')))
        >>> both.subset(lambda e: e.source == "mystery_shopper") is None
        True
        """
        chosen = [u for e, u in zip(self.counted, self.units, strict=True) if keep(e)]
        if not chosen:
            return None
        mean = Fraction(sum(chosen), len(chosen) * 10**self.scheme.alpha_places)
        return ServiceScore(len(chosen), service_score(self.scheme, mean))


@dataclass(frozen=True)
class ServiceScore:
    """How many evaluations, and their service score (a subset's: no item figures)."""

    n: int
    score: Decimal


def service_score(scheme: Scheme, mean: Fraction) -> Decimal:
    """The mean of the evaluation scores, rounded once, half-up, to the scheme's places (§5.1.2)."""
    return round_half_up(mean, scheme.service_score_places)


def score_service(scheme: Scheme, evaluations: Sequence[Evaluation]) -> ServiceResult | None:
    """Score the evaluations that count; ``None`` when there are none (no mean exists).

    Sums are kept in whole α-units (0.85 → 85) so that 100,000 sheets add up
    in integers, in passes over all values at once (issue 18 part 5).
    """
    if not evaluations:
        return None
    n = len(evaluations)
    scale = 10**scheme.alpha_places
    weights = tuple(item.weight for item in scheme.items.values())
    flat, k = _all_units(scheme, evaluations), len(weights)
    columns = [flat[i::k] for i in range(k)]  # each item's α-units, one per sheet
    item_units = list(map(sum, columns))
    units = _sheet_totals(weights, sheet_rows(flat, k), columns)
    if isinstance(evaluations, EvaluationBatch):
        units = evaluations.in_input_order(units)  # reckoned from its units as they are kept
    units = tuple(units)
    items = {
        item_id: figure(scheme, weight, Fraction(weight * total, scale * n))
        for item_id, weight, total in zip(scheme.items, weights, item_units, strict=True)
    }
    characteristics = {
        c.id: figure(scheme, c.weight, sum((items[i.id].points for i in c.items), Fraction(0)))
        for c in scheme.characteristics
    }
    mean = Fraction(sum(units), scale * n)
    if not isinstance(evaluations, EvaluationBatch):
        evaluations = tuple(evaluations)
    return ServiceResult(scheme, evaluations, units, mean, items, characteristics)


def _all_units(scheme: Scheme, evaluations: Sequence[Evaluation]) -> list[int]:
    """Every α-unit of *evaluations*, sheet after sheet, each sheet in scheme order: a batch's
    as its reader looked them up (its sheets rated by α first), else each evaluation's own
    (or its α converted), in input order."""
    if isinstance(evaluations, EvaluationBatch):
        return evaluations.units
    in_order = itemgetter(*scheme.items)
    rows = list(map(attrgetter("units"), evaluations))
    if None in rows:
        rows = [e.units or _units(scheme, in_order(e.alphas)) for e in evaluations]
    return list(chain.from_iterable(rows))


def _sheet_totals(
    weights: tuple[int, ...], rows: Iterable[tuple[int, ...]], columns: list[list[int]]
) -> Iterator[int]:
    """Σ weight × α-units of each sheet (Appendix 1 总计), given its *rows* and the same values
    by item (*columns*): the weight most items share × the plain sum of the sheet, plus, for
    each item of another weight, the difference × its column.  Each is one pass over all
    sheets in C, not a sum of products per sheet.

    >>> rows = [(10, 20, 30, 40), (1, 2, 3, 4)]
    >>> columns = [list(column) for column in zip(*rows)]
    >>> list(_sheet_totals((5, 7, 5, 8), rows, columns)) == [
    ...     5*10 + 7*20 + 5*30 + 8*40, 5*1 + 7*2 + 5*3 + 8*4]
    True
    >>> list(_sheet_totals((3, 3), [(1, 2)], [[1], [2]]))
    [9]
    """
    common = max(set(weights), key=weights.count)
    totals = map(mul, map(sum, rows), repeat(common))
    for weight, column in zip(weights, columns, strict=True):
        if weight != common:
            totals = map(add, totals, map(mul, column, repeat(weight - common)))
    return totals


def _units(scheme: Scheme, alphas: tuple[Decimal, ...]) -> tuple[int, ...]:
    """The α-units of *alphas*: looked up for legal values, else converted (and refused when
    they have too many decimals, as :func:`alpha_units` says)."""
    try:
        return tuple(map(scheme.legal_alphas.__getitem__, alphas))
    except (KeyError, TypeError):
        return tuple(alpha_units(scheme, alpha) for alpha in alphas)


def running_sheet(scheme: Scheme, alphas: dict[str, Decimal]) -> dict:
    """A sheet still being filled in: points of the items rated so far.

    Used by forms to show the running total while an auditor works; a sheet
    only counts once every item is rated (RULES.md §1).
    """
    items = {
        item_id: {
            "points": item_points(scheme.items[item_id], alpha),
            "band": scheme.band_of(alpha),
        }
        for item_id, alpha in alphas.items()
        if item_id in scheme.items
    }
    return {
        "items": items,
        "total": sum((v["points"] for v in items.values()), Fraction(0)),
        "missing": [i for i in scheme.items if i not in alphas],
    }
