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
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, compress, repeat
from operator import not_
from typing import TypeVar

from greencert.core.checklist import FINDINGS, Checklist
from greencert.core.exceptions import InputError, Problem
from greencert.core.management_audit import Exemption, checklist_verdicts
from greencert.core.ratings import Rating, parse_maturity
from greencert.core.registry import qms_checklist_for, specific_checklist_for
from greencert.core.scheme import Scheme

T = TypeVar("T")
SOURCES = ("auditor", "mystery_shopper", "customer", "self")
# The free-text keys of one evaluation (the date is an ISO text), and all its keys, in the
# JSON contract (greencert.core.inputs; its fast path greencert.core.quick_sheets).
TEXT_KEYS = ("evaluator", "rater", "date", "site")
EVALUATION_KEYS = frozenset({"id", *TEXT_KEYS, "source", "alpha", "likert"})
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
    # Who rated, as a stable id (an auditor's number): tells raters apart for agreement
    # (issue 18 §2) where the evaluator's name may not; optional, "" when not given.
    rater: str = ""
    # Each item's α in units of its last decimal, in scheme order, when the reader that built
    # this evaluation already looked them up (greencert.core.quick_sheets); else None.
    units: tuple[int, ...] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def read_all(cls, fields: Iterable[dict]) -> tuple[Evaluation, ...]:
        """Evaluations a batch reader has checked as a whole (:mod:`.quick_sheets`), each
        given as the map of all its fields: ``alphas`` every item's α in scheme order (or,
        for a sheet of Likert levels, ``level_alphas``: see :meth:`__getattr__`), ``units``
        the same α in units of their last decimal.

        Each map becomes the evaluation's own attributes as it is, without the frozen
        dataclass's ``__init__`` (which sets each of the nine fields through
        ``object.__setattr__``) and without a call of ours per evaluation: for 100,000
        sheets that alone would outweigh reading them.

        >>> from greencert.core import default_scheme
        >>> alphas = dict.fromkeys(default_scheme().items, Decimal("0.9"))
        >>> (e,) = Evaluation.read_all([{"id": "E1", "alphas": alphas, "likert": {},
        ...     "evaluator": "", "date": "", "site": "九江", "source": "customer", "rater": "",
        ...     "units": (90,) * 19}])
        >>> e == Evaluation("E1", alphas, site="九江", source="customer"), e.units[0]
        (True, 90)
        """
        fields = list(fields)
        made = list(map(object.__new__, repeat(cls, len(fields))))
        deque(map(object.__setattr__, made, repeat("__dict__"), fields), maxlen=0)  # run it
        return tuple(made)

    def __getattr__(self, name: str):
        """The α map of a sheet rated by Likert level that :meth:`read_all` was given
        without one (``level_alphas`` in its place: level → α, §5.1.1 2)), made on first use.

        Scoring reads only the α-units; making 19-item maps for the many Likert sheets of a
        batch cost a sixth of reading them (issue 18 part 5), and most are never looked at.

        >>> from greencert.core import default_scheme
        >>> scheme = default_scheme()
        >>> levels = dict.fromkeys(scheme.items, 4)
        >>> (e,) = Evaluation.read_all([{"id": "E1", "likert": levels,
        ...     "level_alphas": scheme.likert_alphas, "evaluator": "", "date": "", "site": "",
        ...     "source": "customer", "rater": "", "units": (80,) * 19}])
        >>> e.alphas["3.2"], e == Evaluation("E1", e.alphas, levels, source="customer")
        (Decimal('0.8'), True)
        """
        level_alphas = self.__dict__.get("level_alphas")
        if name != "alphas" or level_alphas is None:
            raise AttributeError(name)
        likert = self.likert
        alphas = dict(zip(likert, map(level_alphas.__getitem__, likert.values()), strict=True))
        object.__setattr__(self, "alphas", alphas)  # made once; frozen to everyone else
        return alphas

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
        rater: str = "",
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
            rater=rater,
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


class EvaluationBatch(Sequence):
    """The evaluations a batch reader has checked as a whole (:mod:`.quick_sheets`), kept as
    its columns; the :class:`Evaluation` values are made the first time one is asked for.

    Scoring reads only each sheet's source and α-units (:attr:`sources`, :attr:`units`):
    making 100,000 evaluations, their field maps and their rows of α-units, and walking them
    all in the cyclic collector afterwards, cost as much as the rest of the scoring (issue 18
    part 5).  Anything else, equality with a tuple of evaluations included, sees the
    evaluations themselves, as the careful reader would have given them.

    The columns, one entry per sheet in input order: *ids*, *sources*, *sheets* (the α map of
    a sheet rated by α, else its levels), *by_alpha* (whether it is rated by α), *texts* (its
    evaluator, rater, date and site; ``{}`` for none); *level_alphas* level → α (§5.1.1 2)).
    *units* holds every α in units of its last decimal, sheet after sheet, each sheet's in
    scheme order: first the sheets rated by α, then those rated by level, as the reader
    looked them up (putting them back in input order cost a tenth of the reading); a figure
    per sheet reckoned from them is put back in input order by :meth:`in_input_order`.

    >>> from greencert.core import default_scheme
    >>> scheme = default_scheme()
    >>> k = len(scheme.items)
    >>> batch = EvaluationBatch(
    ...     ids=["E1", "E2"], sources=["customer", "self"],
    ...     sheets=[dict.fromkeys(scheme.items, Decimal("0.9")), dict.fromkeys(scheme.items, 4)],
    ...     by_alpha=[True, False], texts=[{}, {}], units=[90] * k + [80] * k,
    ...     level_alphas=scheme.likert_alphas)
    >>> len(batch), batch.sources, batch.likert_ratings
    (2, ['customer', 'self'], 19)
    >>> own = batch.compress([False, True])
    >>> own.units == [80] * k, own.likert_ratings, own[0].alphas["3.2"], own[0].likert["3.2"]
    (True, 19, Decimal('0.8'), 4)
    >>> batch == (Evaluation("E1", batch.sheets[0], source="customer"), own[0])
    True
    """

    def __init__(
        self,
        *,
        ids: list[str],
        sources: list[str],
        sheets: list[dict],
        by_alpha: list[bool],
        texts: list[dict[str, str]],
        units: list[int],
        level_alphas: Mapping[int, Decimal],
    ):
        self.ids, self.sources, self.sheets, self.by_alpha = ids, sources, sheets, by_alpha
        self.texts, self.units, self.level_alphas = texts, units, level_alphas
        self._made: tuple[Evaluation, ...] | None = None

    @property
    def likert_ratings(self) -> int:
        """How many ratings were given as a Likert level (every item of each such sheet)."""
        return (len(self.ids) - sum(self.by_alpha)) * self._per_sheet

    @property
    def _per_sheet(self) -> int:
        """How many α-units each sheet has: one per item."""
        return len(self.units) // len(self.ids) if self.ids else 0

    def in_input_order(self, grouped: Iterable[T]) -> list[T]:
        """One value per sheet, given as *units* are (those of the sheets rated by α first),
        put back in input order.

        >>> batch = EvaluationBatch(ids=["E1", "E2", "E3"], sources=[], sheets=[],
        ...     by_alpha=[True, False, True], texts=[], units=[], level_alphas={})
        >>> batch.in_input_order(["α of E1", "α of E3", "levels of E2"])
        ['α of E1', 'levels of E2', 'α of E3']
        """
        grouped = list(grouped)
        # Each sheet takes the next value of its own kind (False → 0, True → 1).
        kinds = (iter(grouped[sum(self.by_alpha) :]), iter(grouped))
        return list(map(next, map(kinds.__getitem__, self.by_alpha)))

    def _unit_rows(self) -> list[tuple[int, ...]]:
        """Each sheet's α-units, in input order."""
        return self.in_input_order(sheet_rows(self.units, self._per_sheet))

    def compress(self, chosen: Iterable[bool]) -> EvaluationBatch:
        """The sheets *chosen* picks, one flag per sheet, as a batch of their own."""
        chosen = list(chosen)
        by_alpha = list(compress(self.by_alpha, chosen))
        rows = list(compress(self._unit_rows(), chosen))
        grouped = [*compress(rows, by_alpha), *compress(rows, map(not_, by_alpha))]
        return EvaluationBatch(
            ids=list(compress(self.ids, chosen)),
            sources=list(compress(self.sources, chosen)),
            sheets=list(compress(self.sheets, chosen)),
            by_alpha=by_alpha,
            texts=list(compress(self.texts, chosen)),
            units=list(chain.from_iterable(grouped)),
            level_alphas=self.level_alphas,
        )

    def evaluations(self) -> tuple[Evaluation, ...]:
        """The evaluations themselves, made once."""
        if self._made is None:
            rows = self._unit_rows()
            columns = zip(self.ids, self.sources, self.sheets, self.by_alpha, rows, strict=True)
            self._made = Evaluation.read_all(_fields(columns, self.texts, self.level_alphas))
        return self._made

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self.evaluations()[index]

    def __iter__(self) -> Iterator[Evaluation]:
        return iter(self.evaluations())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EvaluationBatch):
            other = other.evaluations()
        if not isinstance(other, tuple):
            return NotImplemented
        return self.evaluations() == other

    __hash__ = None  # as a tuple of evaluations, whose maps are not hashable

    def __repr__(self) -> str:
        return repr(self.evaluations())


def sheet_rows(values: list[int], k: int) -> Iterator[tuple[int, ...]]:
    """*values* k at a time: one tuple per sheet.

    >>> list(sheet_rows([1, 2, 3, 4], 2))
    [(1, 2), (3, 4)]
    """
    return zip(*[iter(values)] * k, strict=False)


def _fields(columns: Iterator[tuple], texts: list[dict], level_alphas: Mapping) -> list[dict]:
    """The map of each evaluation's fields, from (id, source, α map or levels, rated by α,
    α-units) in input order and each sheet's texts.  A sheet rated by α has its own empty
    Likert map; one rated by level gives *level_alphas* in place of an α map, which the
    evaluation makes only when asked for (``Evaluation.__getattr__``).  Each map written
    out: made twice as fast as ``dict(zip(names, values))``."""
    if not any(texts):
        return [
            {
                "id": eid,
                "source": source,
                "alphas": sheet,
                "likert": {},
                "units": units,
                "evaluator": "",
                "rater": "",
                "date": "",
                "site": "",
            }
            if by_alpha
            else {
                "id": eid,
                "source": source,
                "likert": sheet,
                "level_alphas": level_alphas,
                "units": units,
                "evaluator": "",
                "rater": "",
                "date": "",
                "site": "",
            }
            for eid, source, sheet, by_alpha, units in columns
        ]
    return [
        {"id": eid, "source": source, "alphas": sheet, "likert": {}, "units": units, **text}
        if by_alpha
        else {
            "id": eid,
            "source": source,
            "likert": sheet,
            "level_alphas": level_alphas,
            "units": units,
            **text,
        }
        for (eid, source, sheet, by_alpha, units), text in zip(columns, texts, strict=True)
    ]


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


# What a nonconformity may cite (issue 11 §4), with its name in either language.
REFERENCE_KINDS: dict[str, tuple[str, str]] = {
    "item": ("评价内容", "item"),  # Appendix 1
    "clause": ("成熟度条款", "maturity clause"),  # Appendix 3/4
    "qms": ("GB/T 19001 条款", "GB/T 19001 clause"),  # §4.2.1, §5.2.1
    "specific": ("§4.2.2 特定要求", "§4.2.2 requirement"),  # §4.2.2
}


@dataclass(frozen=True)
class Reference:
    """What a nonconformity is against: *kind* (see :data:`REFERENCE_KINDS`) and the id in it."""

    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


@dataclass(frozen=True)
class Nonconformity:
    """A 不符合项 as far as the conformity gate needs it (§5.3; RULES.md §3).

    It cites one :class:`Reference`.  Built directly with a bare string as
    *ref* (the old positional form), the string is a maturity clause.
    """

    id: str
    ref: Reference
    severity: str
    status: str

    def __post_init__(self) -> None:
        if isinstance(self.ref, str):
            object.__setattr__(self, "ref", Reference("clause", self.ref))

    @property
    def clause(self) -> str | None:
        """The maturity clause cited, if that is what is cited (for older callers)."""
        return self.ref.id if self.ref.kind == "clause" else None

    @property
    def item(self) -> str | None:
        """The item cited, if that is what is cited (for older callers)."""
        return self.ref.id if self.ref.kind == "item" else None

    @classmethod
    def of(
        cls, id: str, clause: str, severity: str, status: str, scheme: Scheme, item=None
    ) -> Nonconformity:
        """The old form: a nonconformity against a maturity clause (*item* is checked, not kept).

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
        return cls(id, Reference("clause", clause), severity, status)

    @classmethod
    def citing(
        cls,
        id: str,
        ref: Reference,
        severity: str,
        status: str,
        scheme: Scheme,
        qms_checklist: Checklist | None = None,
        specific_checklist: Checklist | None = None,
    ) -> Nonconformity:
        """A nonconformity against an item, a maturity clause, a GB/T 19001 row or a §4.2.2 row;
        the checklists default to the registry's for *scheme*.

        >>> from greencert.core import default_scheme
        >>> Nonconformity.citing("N1", Reference("qms", "8.5.1"), "major", "open",
        ...                      default_scheme()).ref
        Reference(kind='qms', id='8.5.1')
        >>> Nonconformity.citing("N2", Reference("specific", "2.9"), "minor", "open",
        ...                      default_scheme())
        Traceback (most recent call last):
        ...
        greencert.core.exceptions.InputError: N2: reference specific '2.9' does not exist
        """
        checklists = Checklists(scheme, qms_checklist, specific_checklist)
        problems = reference_problems(ref, checklists)
        problems += nonconformity_problems(
            scheme, clause=None, severity=severity, status=status, check_clause=False
        )
        if problems:
            raise InputError([p.at(nonconformity=id) for p in problems])
        return cls(id, ref, severity, status)


class Checklists:
    """The checklists an input is read against: those given (pinned by a stored project), else
    the registry's for the scheme, looked up only when a row of one is needed, since a scheme
    may have none yet (a caller that does not require the audits must still work)."""

    def __init__(
        self, scheme: Scheme, qms: Checklist | None = None, specific: Checklist | None = None
    ):
        self.scheme = scheme
        self.given = {"qms": qms, "specific": specific}

    def __getitem__(self, kind: str) -> Checklist:
        if self.given[kind] is None:
            lookup = qms_checklist_for if kind == "qms" else specific_checklist_for
            self.given[kind] = lookup(self.scheme)
        return self.given[kind]

    def rows(self, kind: str) -> Iterable[str]:
        """The ids a reference of *kind* may take."""
        if kind == "item":
            return self.scheme.items
        if kind == "clause":
            return self.scheme.clauses
        return self[kind].clauses


def reference_problems(ref: object, checklists: Checklists) -> list[Problem]:
    """What is wrong with a reference: an unknown kind, or an id its kind does not have."""
    if not isinstance(ref, Reference) or ref.kind not in REFERENCE_KINDS:
        params = {"choices": ", ".join(REFERENCE_KINDS)}
        return [Problem(code="nonconformity.bad_ref", params=params, value=ref)]
    if not isinstance(ref.id, str) or ref.id not in checklists.rows(ref.kind):
        params = {"value": repr(ref.id), "kind": ref.kind}
        return [Problem(code="nonconformity.unknown_ref", params=params, value=ref.id)]
    return []


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
    """Any part may be ``None`` (not given); then no grade is given.

    ``qms`` and ``specific`` are the checklist verdicts (row → verdict, in
    checklist order) against ``qms_checklist`` and ``specific_checklist``;
    ``management_audit_required`` false lets the gate ignore audits not
    recorded at all (transitional, for the web; see ``projects/scoring.py``).
    """

    evaluations: tuple[Evaluation, ...] | EvaluationBatch | None
    maturity: dict[str, int] | None
    nonconformities: tuple[Nonconformity, ...] = ()
    qms: dict[str, str] | None = None
    specific: dict[str, str] | None = None
    exemption: Exemption | None = None
    qms_checklist: Checklist | None = None
    specific_checklist: Checklist | None = None
    management_audit_required: bool = True

    @classmethod
    def of(
        cls,
        scheme: Scheme,
        *,
        evaluations: Iterable[Evaluation] | None = None,
        maturity: Mapping[str, object] | None = None,
        nonconformities: Iterable[Nonconformity] = (),
        qms: Mapping[str, object] | None = None,
        specific: Mapping[str, object] | None = None,
        exemption: Exemption | None = None,
        qms_checklist: Checklist | None = None,
        specific_checklist: Checklist | None = None,
        management_audit_required: bool = True,
    ) -> AssessmentInput:
        """The input from typed parts: maturity levels checked and put in scheme order, the
        verdicts checked against the checklists (the registry's for *scheme* unless pinned ones
        are given), and no nonconformity citing a row judged without a finding.

        >>> from greencert.core import default_scheme
        >>> ncs = [Nonconformity.citing("N1", Reference("qms", "8.2"), "minor", "open",
        ...                             default_scheme())]
        >>> AssessmentInput.of(default_scheme(), qms={"8.2": "conforms"}, nonconformities=ncs)
        Traceback (most recent call last):
        ...
        greencert.core.exceptions.InputError: N1: cites qms 8.2, which is judged conforms: ...
        """
        checklists = Checklists(scheme, qms_checklist, specific_checklist)
        problems: list[Problem] = []
        audits = {}
        for kind, raw in (("qms", qms), ("specific", specific)):
            try:
                audits[kind] = None if raw is None else checklist_verdicts(raw, checklists[kind])
            except InputError as refused:
                problems += refused.problems
        if exemption is not None:
            try:
                exemption = Exemption.of(checklists["qms"], **vars(exemption))
            except InputError as refused:
                problems += refused.problems
        nonconformities = tuple(nonconformities)
        problems += contradictions(nonconformities, audits)
        if problems:
            raise InputError(problems)
        return cls(
            _kept(evaluations),
            None if maturity is None else maturity_levels(maturity, scheme),
            nonconformities,
            audits["qms"],
            audits["specific"],
            exemption,
            checklists.given["qms"],
            checklists.given["specific"],
            management_audit_required,
        )


def _kept(evaluations: Iterable[Evaluation] | None) -> Sequence[Evaluation] | None:
    """The evaluations as a tuple, or a batch as it is (made into evaluations only if read)."""
    if evaluations is None or isinstance(evaluations, EvaluationBatch):
        return evaluations
    return tuple(evaluations)


def contradictions(
    nonconformities: Iterable[Nonconformity], audits: Mapping[str, Mapping[str, str] | None]
) -> list[Problem]:
    """Nonconformities citing a checklist row judged without a finding (conforms, exempted, out
    of scope): the record and the verdict contradict each other, so both are named."""
    problems = []
    for nc in nonconformities:
        verdicts = audits.get(nc.ref.kind) or {}
        verdict = verdicts.get(nc.ref.id)
        if verdict is None or verdict in FINDINGS:
            continue
        params = {"kind": nc.ref.kind, "ref": nc.ref.id, "verdict": verdict}
        problems.append(
            Problem(code="nonconformity.contradiction", params=params, nonconformity=nc.id)
        )
    return problems


def nonconformity_problems(
    scheme: Scheme,
    *,
    clause: object,
    severity: object,
    status: object,
    item: object = None,
    check_clause: bool = True,
) -> list[Problem]:
    """What is wrong with a nonconformity's clause, item, severity and status (RULES.md §3);
    *check_clause* false when it cites a :class:`Reference` instead."""
    problems = []

    def refuse(code: str, value: object, **params: str) -> None:
        problems.append(Problem(code=code, params={"value": repr(value), **params}, value=value))

    if check_clause and (not isinstance(clause, str) or clause not in scheme.clauses):
        refuse("nonconformity.bad_clause", clause)
    if item is not None and (not isinstance(item, str) or item not in scheme.items):
        refuse("nonconformity.bad_item", item)
    if severity not in SEVERITIES:
        refuse("nonconformity.bad_severity", severity)
    if status not in NC_STATES:
        refuse("nonconformity.bad_status", status, choices=", ".join(NC_STATES))
    return problems
