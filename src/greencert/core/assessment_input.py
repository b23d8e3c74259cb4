"""The typed input of an assessment: evaluations, maturity levels, nonconformities.

A caller holding values it has already validated (the web's stored
ratings, a test) builds the input here directly; the JSON contract of
``greencert score`` is read by :mod:`greencert.core.inputs`, which builds
the same values through the same constructors.  Each constructor checks
what it is given and raises :class:`~greencert.core.exceptions.InputError`
listing every problem, each with its location.

>>> from decimal import Decimal
>>> from greencert.core import default_scheme
>>> from greencert.core.ratings import Rating
>>> scheme = default_scheme()
>>> ratings = {item_id: Rating.of_likert(5, scheme) for item_id in scheme.items}
>>> e1 = Evaluation.of("E1", ratings, scheme, source="customer")
>>> e1.alphas["1.1"], e1.likert["1.1"]
(Decimal('1.0'), 5)
>>> data = AssessmentInput.of(scheme, evaluations=[e1], maturity={"4.1": 3})
>>> data.maturity
{'4.1': 3}
>>> Evaluation.of("E2", {"1.1": Rating(Decimal("0.5"))}, scheme)
Traceback (most recent call last):
...
greencert.core.exceptions.InputError: E2: items not rated: 1.2, ... (every item is required)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from greencert.core.exceptions import InputError, Problem
from greencert.core.ratings import Rating, parse_maturity
from greencert.core.scheme import Scheme

SOURCES = ("auditor", "mystery_shopper", "customer", "self")
SEVERITIES = ("major", "minor")
NC_STATES = ("open", "plan_accepted", "closed")


@dataclass(frozen=True)
class Evaluation:
    """One evaluation (一次测评): one person's or one visit's complete sheet, §5.1.2.

    ``alphas`` holds the α of every item, Likert levels already mapped;
    ``likert`` remembers which items were given as a level, and which level.
    """

    id: str
    alphas: dict[str, Decimal]
    likert: dict[str, int] = field(default_factory=dict)
    evaluator: str = ""
    date: str = ""
    site: str = ""
    source: str = "auditor"

    @classmethod
    def of(
        cls,
        id: str,
        ratings: Mapping[str, Rating],
        scheme: Scheme,
        *,
        evaluator: str = "",
        date: datetime.date | str | None = None,
        site: str = "",
        source: str = "auditor",
    ) -> Evaluation:
        """A complete sheet: every item of *scheme* rated, none other (RULES.md §1)."""
        return cls.of_checked(
            id,
            {item_id: rating.alpha for item_id, rating in ratings.items()},
            {i: rating.likert for i, rating in ratings.items() if rating.likert is not None},
            scheme,
            evaluator=evaluator,
            date=date,
            site=site,
            source=source,
        )

    @classmethod
    def of_checked(
        cls,
        id: str,
        alphas: Mapping[str, Decimal],
        likert: Mapping[str, int],
        scheme: Scheme,
        **details,
    ) -> Evaluation:
        """A sheet whose values were checked when they were stored (*likert*: the items
        given as a level, whose α in *alphas* is the scheme's for that level).

        Only the sheet as a whole is checked again — every item rated, none
        other, a known source — so that scoring a stored assessment does not
        read each value a second time.

        >>> from greencert.core import default_scheme
        >>> scheme = default_scheme()
        >>> e = Evaluation.of_checked("E1", dict.fromkeys(scheme.items, Decimal("0.9")), {}, scheme)
        >>> e.alphas["7.1"]
        Decimal('0.9')
        >>> Evaluation.of_checked("E2", {"1.1": Decimal("0.9")}, {}, scheme)
        Traceback (most recent call last):
        ...
        greencert.core.exceptions.InputError: E2: items not rated: 1.2, ... (every item is required)
        """
        problems = _sheet_problems(alphas, scheme, details.get("source", "auditor"))
        if problems:
            raise InputError([p.at(evaluation=id) for p in problems])
        date = details.pop("date", None)
        if isinstance(date, datetime.date):
            date = date.isoformat()
        ordered = {item_id: alphas[item_id] for item_id in scheme.items}
        levels = {item_id: likert[item_id] for item_id in scheme.items if item_id in likert}
        return cls(id, ordered, levels, date=date or "", **details)


def _sheet_problems(ratings: Mapping[str, object], scheme: Scheme, source: str) -> list[Problem]:
    problems = []
    if source not in SOURCES:
        params = {"value": repr(source), "choices": ", ".join(SOURCES)}
        problems.append(Problem(code="evaluation.bad_source", params=params, value=source))
    problems += [
        Problem(code="rating.not_item", item=item_id)
        for item_id in ratings
        if item_id not in scheme.items
    ]
    missing = [item_id for item_id in scheme.items if item_id not in ratings]
    if missing:
        problems.append(Problem(code="evaluation.unrated", params={"items": ", ".join(missing)}))
    return problems


@dataclass(frozen=True)
class Nonconformity:
    """A 不符合项 as far as the conformity gate needs it (RULES.md §3)."""

    id: str
    clause: str
    severity: str
    status: str
    item: str | None = None

    @classmethod
    def of(
        cls, id: str, clause: str, severity: str, status: str, scheme: Scheme, item=None
    ) -> Nonconformity:
        """A nonconformity whose clause and item are the scheme's, severity and status known.

        >>> from greencert.core import default_scheme
        >>> Nonconformity.of("N1", "4.1", "grave", "open", default_scheme())
        Traceback (most recent call last):
        ...
        greencert.core.exceptions.InputError: N1: severity 'grave' is not major or minor
        """
        found = nonconformity_problems(
            scheme, clause=clause, severity=severity, status=status, item=item
        )
        problems = [p.at(nonconformity=id) for p in found]
        if problems:
            raise InputError(problems)
        return cls(id, clause, severity, status, item)


def maturity_levels(levels: Mapping[str, object], scheme: Scheme) -> dict[str, int]:
    """Clause levels in scheme order; clauses not yet rated are absent or ``None`` (RULES.md §2).

    >>> from greencert.core import default_scheme
    >>> maturity_levels({"9.9": 3}, default_scheme())
    Traceback (most recent call last):
    ...
    greencert.core.exceptions.InputError: maturity clause 9.9: is not a clause of the scheme
    """
    problems: list[Problem] = []
    found: dict[str, int] = {}
    for clause_id, value in levels.items():
        where = {"path": "maturity", "clause": clause_id}
        if clause_id not in scheme.clauses:
            problems.append(Problem(code="maturity.not_clause", **where))
        elif value is not None:
            try:
                found[clause_id] = parse_maturity(value, scheme)
            except InputError as refused:
                problems += [p.at(**where) for p in refused.problems]
    if problems:
        raise InputError(problems)
    return {cid: found[cid] for cid in scheme.clauses if cid in found}


@dataclass(frozen=True)
class AssessmentInput:
    """Either part may be ``None`` (not given); then no grade is given."""

    evaluations: tuple[Evaluation, ...] | None
    maturity: dict[str, int] | None
    nonconformities: tuple[Nonconformity, ...] = ()

    @classmethod
    def of(
        cls,
        scheme: Scheme,
        *,
        evaluations: Iterable[Evaluation] | None = None,
        maturity: Mapping[str, object] | None = None,
        nonconformities: Iterable[Nonconformity] = (),
    ) -> AssessmentInput:
        """The input from typed parts; maturity levels are checked and put in scheme order."""
        return cls(
            None if evaluations is None else tuple(evaluations),
            None if maturity is None else maturity_levels(maturity, scheme),
            tuple(nonconformities),
        )


def nonconformity_problems(
    scheme: Scheme, *, clause: object, severity: object, status: object, item: object = None
) -> list[Problem]:
    """What is wrong with a nonconformity's clause, item, severity and status (RULES.md §3)."""
    problems = []

    def refuse(code: str, value: object, **params: str) -> None:
        problems.append(Problem(code=code, params={"value": repr(value), **params}, value=value))

    if not isinstance(clause, str) or clause not in scheme.clauses:
        refuse("nonconformity.bad_clause", clause)
    if item is not None and (not isinstance(item, str) or item not in scheme.items):
        refuse("nonconformity.bad_item", item)
    if severity not in SEVERITIES:
        refuse("nonconformity.bad_severity", severity)
    if status not in NC_STATES:
        refuse("nonconformity.bad_status", status, choices=", ".join(NC_STATES))
    return problems
