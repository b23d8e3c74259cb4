"""Assessment input: evaluations, maturity levels and nonconformities.

:func:`parse_assessment` reads the plain data of the ``greencert score``
contract (decoded JSON, or what the workbook reader produces) into typed,
validated values.  It collects *every* problem before raising one
:class:`InputError`, each problem naming the evaluation and item, the
clause or the nonconformity, and the bad value.

>>> from greencert.core import default_scheme
>>> parse_assessment({"maturity": {"4.1": 6}}, default_scheme())
Traceback (most recent call last):
...
greencert.core.exceptions.InputError: maturity clause 4.1: level 6 is not one of 1–5
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from greencert.core.exceptions import InputError, Problem
from greencert.core.rounding import decimal_places
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


@dataclass(frozen=True)
class Nonconformity:
    """A 不符合项 as far as the conformity gate needs it (RULES.md §3)."""

    id: str
    clause: str
    severity: str
    status: str
    item: str | None = None


@dataclass(frozen=True)
class AssessmentInput:
    """Either part may be ``None`` (not given); then no grade is given."""

    evaluations: tuple[Evaluation, ...] | None
    maturity: dict[str, int] | None
    nonconformities: tuple[Nonconformity, ...] = ()


TOP_KEYS = {"scheme", "evaluations", "maturity", "nonconformities"}
EVALUATION_KEYS = {"id", "evaluator", "date", "site", "source", "alpha", "likert"}
NC_KEYS = {"id", "clause", "item", "severity", "status"}


def scheme_label(data: object) -> str | None:
    """The scheme an input names, if any (checked by the caller)."""
    if isinstance(data, dict) and isinstance(data.get("scheme"), str):
        return data["scheme"]
    return None


def parse_assessment(data: object, scheme: Scheme) -> AssessmentInput:
    """Validate decoded input against *scheme*; raise :class:`InputError` listing all problems."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise InputError(Problem("input", "must be a JSON object"))
    for key in sorted(data.keys() - TOP_KEYS):
        problems.append(Problem("input", f"unknown key {key!r}"))
    if "scheme" in data and not isinstance(data["scheme"], str):
        problems.append(Problem("scheme", "must be a string such as 'CTS TBSC041-2026 B/0'"))

    evaluations = None
    if data.get("evaluations") is not None:
        evaluations = _evaluations(data["evaluations"], scheme, problems)
    maturity = None
    if data.get("maturity") is not None:
        maturity = parse_maturity(data["maturity"], scheme, problems)
    nonconformities = _nonconformities(data.get("nonconformities") or [], scheme, problems)
    if problems:
        raise InputError(problems)
    return AssessmentInput(evaluations, maturity, nonconformities)


def _evaluations(raw: object, scheme: Scheme, problems: list[Problem]) -> tuple[Evaluation, ...]:
    if not isinstance(raw, list):
        problems.append(Problem("evaluations", "must be a list"))
        return ()
    out = []
    seen: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        evaluation = parse_evaluation(entry, scheme, problems, fallback_id=f"evaluation {index}")
        eid = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(eid, str) and eid.strip():
            # Checked on the raw id, so a duplicate is reported even beside other problems.
            if eid.strip() in seen:
                problems.append(Problem(eid.strip(), "this evaluation id is used twice"))
            seen.add(eid.strip())
        if evaluation is not None:
            out.append(evaluation)
    return tuple(out)


def parse_evaluation(
    entry: object, scheme: Scheme, problems: list[Problem], fallback_id: str = "evaluation"
) -> Evaluation | None:
    """Validate one evaluation; append problems and return ``None`` if it is unusable."""
    if not isinstance(entry, dict):
        problems.append(Problem(fallback_id, "must be an object"))
        return None
    start = len(problems)
    eid = entry.get("id")
    if not isinstance(eid, str) or not eid.strip():
        problems.append(Problem(fallback_id, "needs an id (a non-empty string)"))
        eid = fallback_id
    eid = eid.strip()
    for key in sorted(entry.keys() - EVALUATION_KEYS):
        problems.append(Problem(eid, f"unknown key {key!r}"))
    texts = {}
    for key in ("evaluator", "date", "site"):
        value = entry.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            problems.append(Problem(eid, f"{key} must be text"))
            value = ""
        texts[key] = value.strip()
    if texts["date"]:
        try:
            datetime.date.fromisoformat(texts["date"])
        except ValueError:
            problems.append(Problem(eid, f"date {texts['date']!r} is not a date (YYYY-MM-DD)"))
    source = entry.get("source", "auditor")
    if source not in SOURCES:
        problems.append(Problem(eid, f"source {source!r} is not one of {', '.join(SOURCES)}"))

    alphas: dict[str, Decimal] = {}
    likert: dict[str, int] = {}
    for key, reader in (("alpha", parse_alpha), ("likert", parse_likert)):
        given = entry.get(key) or {}
        if not isinstance(given, dict):
            problems.append(Problem(eid, f"{key} must map item ids to values"))
            continue
        for item_id, value in given.items():
            where = f"{eid} item {item_id}"
            if item_id not in scheme.items:
                problems.append(Problem(where, "is not an item of the scheme"))
                continue
            if item_id in alphas:
                problems.append(Problem(where, "is given both as α and as a Likert level"))
                continue
            result = reader(value, scheme)
            if isinstance(result, str):
                problems.append(Problem(where, result))
                continue
            if key == "likert":
                likert[item_id] = result
                alphas[item_id] = scheme.likert_band(result).alpha
            else:
                alphas[item_id] = result
    missing = [item_id for item_id in scheme.items if item_id not in alphas]
    answered = {
        item_id
        for key in ("alpha", "likert")
        if isinstance(entry.get(key), dict)
        for item_id in entry[key]
    }
    missing = [item_id for item_id in missing if item_id not in answered]
    if missing:
        problems.append(
            Problem(eid, f"items not rated: {', '.join(missing)} (every item is required)")
        )
    if len(problems) > start:
        return None
    ordered = {item_id: alphas[item_id] for item_id in scheme.items}
    return Evaluation(eid, ordered, likert, source=source, **texts)


def _shown(value: object) -> str:
    """A bad value as a person typed it: numbers plainly, anything else quoted."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def _number(value: object) -> Decimal | None:
    """A finite exact number, or None (NaN and Infinity are not numbers a person rates with)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        # Floats only reach us from callers that did not decode exactly (or as
        # JSON's NaN/Infinity); their shortest repr is what the person typed.
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def parse_alpha(value: object, scheme: Scheme) -> Decimal | str:
    number = _number(value)
    if number is None:
        return f"α {_shown(value)} is not a number"
    if not 0 <= number <= 1:
        return f"α {value} is outside [0, 1]"
    if decimal_places(number) > scheme.alpha_places:
        return f"α {value} has more than {scheme.alpha_places} decimals"
    return number


def parse_likert(value: object, scheme: Scheme) -> int | str:
    levels = range(1, len(scheme.likert) + 1)
    number = _number(value)
    if number is None or number != number.to_integral_value() or int(number) not in levels:
        return f"Likert level {_shown(value)} is not one of {levels[0]}–{levels[-1]}"
    return int(number)


def parse_maturity(raw: object, scheme: Scheme, problems: list[Problem]) -> dict[str, int]:
    """Clause levels; clauses not yet rated are simply absent (RULES.md §2)."""
    if not isinstance(raw, dict):
        problems.append(Problem("maturity", "must map clause ids to levels 1–5"))
        return {}
    levels: dict[str, int] = {}
    top = len(scheme.maturity_levels)
    for clause_id, value in raw.items():
        where = f"maturity clause {clause_id}"
        if clause_id not in scheme.clauses:
            problems.append(Problem(where, "is not a clause of the scheme"))
            continue
        if value is None:
            continue
        number = _number(value)
        if number is None or number != number.to_integral_value() or not 1 <= number <= top:
            problems.append(Problem(where, f"level {value} is not one of 1–{top}"))
            continue
        levels[clause_id] = int(number)
    return {cid: levels[cid] for cid in scheme.clauses if cid in levels}


def _nonconformities(raw: object, scheme: Scheme, problems: list[Problem]) -> tuple:
    if not isinstance(raw, list):
        problems.append(Problem("nonconformities", "must be a list"))
        return ()
    out = []
    seen: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        where = f"nonconformity {index}"
        if not isinstance(entry, dict):
            problems.append(Problem(where, "must be an object"))
            continue
        ncid = entry.get("id")
        if isinstance(ncid, str) and ncid.strip():
            where = ncid.strip()
        else:
            problems.append(Problem(where, "needs an id"))
        start = len(problems)
        for key in sorted(entry.keys() - NC_KEYS):
            problems.append(Problem(where, f"unknown key {key!r}"))
        if where in seen:
            problems.append(Problem(where, "this nonconformity id is used twice"))
        seen.add(where)
        clause = entry.get("clause")
        if not isinstance(clause, str) or clause not in scheme.clauses:
            problems.append(Problem(where, f"clause {clause!r} is not a clause of the scheme"))
        item = entry.get("item")
        if item is not None and (not isinstance(item, str) or item not in scheme.items):
            problems.append(Problem(where, f"item {item!r} is not an item of the scheme"))
        severity = entry.get("severity")
        if severity not in SEVERITIES:
            problems.append(Problem(where, f"severity {severity!r} is not major or minor"))
        status = entry.get("status", "open")
        if status not in NC_STATES:
            problems.append(
                Problem(where, f"status {status!r} is not one of {', '.join(NC_STATES)}")
            )
        if len(problems) == start:
            out.append(Nonconformity(where, clause, severity, status, item))
    return tuple(out)
