"""The input contract of ``greencert score``: plain data read into typed values.

:func:`parse_assessment` reads decoded JSON (or what the workbook reader
produces) into an :class:`~greencert.core.assessment_input.AssessmentInput`,
value by value with the validators of :mod:`greencert.core.ratings` and
built with the typed constructors of :mod:`greencert.core.assessment_input`.
It collects *every* problem before raising one :class:`InputError`, each
problem naming the evaluation and item, the clause or the nonconformity,
and the bad value.  This reader is for the edges (command line, API,
snapshots); a caller holding typed values builds the input directly.

Contract 2 (issue 11) adds the checklist audits ``"qms"`` and
``"specific"`` (row → verdict), the §5.2.2 ``"exemption"`` and the
nonconformity ``"ref"``; the README documents every key.

>>> from greencert.core import default_scheme
>>> parse_assessment({"maturity": {"4.1": 6}}, default_scheme())
Traceback (most recent call last):
...
greencert.core.exceptions.InputError: maturity clause 4.1: level 6 is not one of 1–5
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from greencert.core.assessment_input import (
    EVALUATION_KEYS,
    NC_STATES,
    REFERENCE_KINDS,
    SEVERITIES,
    SOURCES,
    TEXT_KEYS,
    AssessmentInput,
    Checklists,
    Evaluation,
    Nonconformity,
    Reference,
    maturity_levels,
    nonconformity_problems,
    reference_problems,
)
from greencert.core.checklist import Checklist, verdicts_for
from greencert.core.exceptions import InputError, Problem
from greencert.core.management_audit import Exemption
from greencert.core.quick_sheets import SheetReader, quick_evaluations
from greencert.core.ratings import Rating, parse_alpha, parse_likert, parse_maturity
from greencert.core.scheme import Scheme

__all__ = [
    "NC_STATES",
    "SEVERITIES",
    "SOURCES",
    "AssessmentInput",
    "Evaluation",
    "Nonconformity",
    "Reference",
    "nonconformity_problems",
    "parse_alpha",
    "parse_assessment",
    "parse_evaluation",
    "parse_likert",
    "parse_maturity",
    "parse_maturity_levels",
    "scheme_label",
]

TOP_KEYS = {"scheme", "evaluations", "maturity", "nonconformities", "qms", "specific", "exemption"}
NC_KEYS = {"id", "ref", "clause", "item", "severity", "status"}
EXEMPTION_KEYS = {"certificate_expires", "audit_date", "on", "clauses"}


def scheme_label(data: object) -> str | None:
    """The scheme an input names, if any (checked by the caller)."""
    if isinstance(data, dict) and isinstance(data.get("scheme"), str):
        return data["scheme"]
    return None


def _unknown_keys(entry: dict, known: set[str], **where) -> list[Problem]:
    return [
        Problem(code="input.unknown_key", params={"key": repr(key)}, value=key, **where)
        for key in sorted(entry.keys() - known)
    ]


def parse_assessment(
    data: object,
    scheme: Scheme,
    *,
    qms_checklist: Checklist | None = None,
    specific_checklist: Checklist | None = None,
    today: datetime.date | None = None,
) -> AssessmentInput:
    """Validate decoded input against *scheme* and the checklists (the registry's for *scheme*
    unless pinned ones are given); raise :class:`InputError` listing all problems.

    An exemption without ``"on"`` is relied on *today* (default: the date today).
    """
    if not isinstance(data, dict):
        raise InputError(Problem(code="input.not_object", path="input"))
    checklists = Checklists(scheme, qms_checklist, specific_checklist)
    problems = _unknown_keys(data, TOP_KEYS, path="input")
    if "scheme" in data and not isinstance(data["scheme"], str):
        problems.append(Problem(code="input.scheme_not_text", path="scheme", value=data["scheme"]))
    evaluations = None
    if data.get("evaluations") is not None:
        evaluations = _evaluations(data["evaluations"], scheme, problems)
    maturity = None
    if data.get("maturity") is not None:
        maturity = parse_maturity_levels(data["maturity"], scheme, problems)
    nonconformities = _nonconformities(
        data.get("nonconformities") or [], scheme, checklists, problems
    )
    verdicts = {kind: _verdict_map(data, kind, problems) for kind in ("qms", "specific")}
    exemption = None
    if data.get("exemption") is not None:
        exemption = parse_exemption(data["exemption"], today or datetime.date.today(), problems)
    if problems:
        # The typed constructor checks verdicts, exemption and contradictions: ask it now so
        # that its problems come with the others, all at once.
        try:
            AssessmentInput.of(
                scheme,
                nonconformities=nonconformities,
                qms=verdicts["qms"],
                specific=verdicts["specific"],
                exemption=exemption,
                qms_checklist=checklists.given["qms"],
                specific_checklist=checklists.given["specific"],
            )
        except InputError as refused:
            problems += refused.problems
        raise InputError(problems)
    return AssessmentInput.of(
        scheme,
        evaluations=evaluations,
        maturity=maturity,
        nonconformities=nonconformities,
        qms=verdicts["qms"],
        specific=verdicts["specific"],
        exemption=exemption,
        qms_checklist=checklists.given["qms"],
        specific_checklist=checklists.given["specific"],
    )


def _verdict_map(data: dict, kind: str, problems: list[Problem]) -> dict | None:
    """A checklist's verdicts as given (checked by :meth:`AssessmentInput.of`); ``None``: the
    audit is not recorded."""
    raw = data.get(kind)
    if raw is None or isinstance(raw, dict):
        return raw
    params = {"choices": ", ".join(verdicts_for(kind))}
    problems.append(Problem(code="audit.not_map", params=params, path=kind))
    return None


def parse_exemption(raw: object, today: datetime.date, problems: list[Problem]) -> Exemption | None:
    """``{"certificate_expires": "YYYY-MM-DD", "audit_date": "YYYY-MM-DD", "on": "YYYY-MM-DD",
    "clauses": ["7.1.5", ...]}``; ``"on"`` (the date the result is relied on) defaults to
    *today*.  The clauses are checked against the GB/T 19001 checklist by the typed input."""
    if not isinstance(raw, dict):
        problems.append(Problem(code="input.not_record", path="exemption"))
        return None
    start = len(problems)
    problems += _unknown_keys(raw, EXEMPTION_KEYS, path="exemption")
    dates = {}
    for key in ("certificate_expires", "audit_date", "on"):
        value = raw.get(key)
        if value is None:
            if key == "on":
                dates[key] = today
            else:
                problems.append(
                    Problem(code="exemption.needs_date", params={"key": key}, path="exemption")
                )
            continue
        try:
            dates[key] = datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            params = {"key": key, "value": repr(value)}
            problems.append(
                Problem(code="exemption.bad_date", params=params, value=value, path="exemption")
            )
    clauses = raw.get("clauses", [])
    if not isinstance(clauses, list) or not all(isinstance(c, str) for c in clauses):
        problems.append(Problem(code="exemption.not_list", path="exemption", value=clauses))
    if len(problems) > start:
        return None
    return Exemption(clauses=tuple(clauses), **dates)


def _evaluations(raw: object, scheme: Scheme, problems: list[Problem]) -> Sequence[Evaluation]:
    if not isinstance(raw, list):
        problems.append(Problem(code="input.not_list", path="evaluations"))
        return ()
    quick = quick_evaluations(raw, SheetReader(scheme))
    if quick is not None:
        return quick
    # Not all of the common shape: every sheet the careful way, which names each problem.
    out = []
    seen: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        evaluation = parse_evaluation(entry, scheme, problems, fallback_id=f"evaluation {index}")
        eid = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(eid, str) and eid.strip():
            # Checked on the raw id, so a duplicate is reported even beside other problems.
            if eid.strip() in seen:
                problems.append(Problem(code="evaluation.id_twice", evaluation=eid.strip()))
            seen.add(eid.strip())
        if evaluation is not None:
            out.append(evaluation)
    return tuple(out)


def parse_evaluation(
    entry: object, scheme: Scheme, problems: list[Problem], fallback_id: str = "evaluation"
) -> Evaluation | None:
    """Validate one evaluation; append problems and return ``None`` if it is unusable."""
    if not isinstance(entry, dict):
        problems.append(Problem(code="input.not_record", evaluation=fallback_id))
        return None
    start = len(problems)
    eid = entry.get("id")
    if not isinstance(eid, str) or not eid.strip():
        problems.append(Problem(code="evaluation.needs_id", evaluation=fallback_id))
        eid = fallback_id
    eid = eid.strip()
    problems += _unknown_keys(entry, EVALUATION_KEYS, evaluation=eid)
    texts = _texts(entry, eid, problems)
    source = entry.get("source", "auditor")
    if source not in SOURCES:
        params = {"value": repr(source), "choices": ", ".join(SOURCES)}
        problems.append(
            Problem(code="evaluation.bad_source", params=params, value=source, evaluation=eid)
        )
    ratings = _ratings(entry, eid, scheme, problems)
    if len(problems) > start:
        return None
    return Evaluation.of(eid, ratings, scheme, source=source, **texts)


def _texts(entry: dict, eid: str, problems: list[Problem]) -> dict[str, str]:
    """Evaluator, rater, date and site: text, the date ISO (YYYY-MM-DD)."""
    texts = {}
    for key in TEXT_KEYS:
        value = entry.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            params = {"key": key}
            problems.append(
                Problem(code="evaluation.not_text", params=params, value=value, evaluation=eid)
            )
            value = ""
        texts[key] = value.strip()
    if texts["date"]:
        try:
            datetime.date.fromisoformat(texts["date"])
        except ValueError:
            params = {"value": repr(texts["date"])}
            problems.append(
                Problem(
                    code="evaluation.bad_date", params=params, value=texts["date"], evaluation=eid
                )
            )
    return texts


def _ratings(entry: dict, eid: str, scheme: Scheme, problems: list[Problem]) -> dict[str, Rating]:
    """Every item's rating, read from ``alpha`` and ``likert``; every item must be answered."""
    ratings: dict[str, Rating] = {}
    answered: set[str] = set()
    for key, reader in (("alpha", _alpha_rating), ("likert", Rating.of_likert)):
        given = entry.get(key) or {}
        if not isinstance(given, dict):
            params = {"key": key}
            problems.append(
                Problem(code="evaluation.ratings_not_map", params=params, evaluation=eid)
            )
            continue
        answered |= set(given)
        for item_id, value in given.items():
            where = {"evaluation": eid, "item": item_id}
            if item_id not in scheme.items:
                problems.append(Problem(code="rating.not_item", **where))
            elif item_id in ratings:
                problems.append(Problem(code="rating.twice", **where))
            else:
                try:
                    ratings[item_id] = reader(value, scheme)
                except InputError as refused:
                    problems += [p.at(**where) for p in refused.problems]
    missing = [i for i in scheme.items if i not in ratings and i not in answered]
    if missing:
        params = {"items": ", ".join(missing)}
        problems.append(Problem(code="evaluation.unrated", params=params, evaluation=eid))
    return ratings


def _alpha_rating(value: object, scheme: Scheme) -> Rating:
    return Rating(parse_alpha(value, scheme))


def parse_maturity_levels(raw: object, scheme: Scheme, problems: list[Problem]) -> dict[str, int]:
    """Clause levels; clauses not yet rated are simply absent (RULES.md §2)."""
    if not isinstance(raw, dict):
        problems.append(Problem(code="input.not_map", path="maturity"))
        return {}
    levels: dict[str, int] = {}
    for clause_id, value in raw.items():
        try:
            levels |= maturity_levels({clause_id: value}, scheme)
        except InputError as refused:
            problems += refused.problems
    return {cid: levels[cid] for cid in scheme.clauses if cid in levels}


def _nonconformities(
    raw: object, scheme: Scheme, checklists: Checklists, problems: list[Problem]
) -> tuple:
    if not isinstance(raw, list):
        problems.append(Problem(code="input.not_list", path="nonconformities"))
        return ()
    out = []
    seen: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        where = f"nonconformity {index}"
        if not isinstance(entry, dict):
            problems.append(Problem(code="input.not_record", nonconformity=where))
            continue
        ncid = entry.get("id")
        if isinstance(ncid, str) and ncid.strip():
            where = ncid.strip()
        else:
            problems.append(Problem(code="nonconformity.needs_id", nonconformity=where))
        start = len(problems)
        problems += _unknown_keys(entry, NC_KEYS, nonconformity=where)
        if where in seen:
            problems.append(Problem(code="nonconformity.id_twice", nonconformity=where))
        seen.add(where)
        ref, found = _reference(entry, scheme, checklists)
        found += nonconformity_problems(
            scheme,
            clause=None,
            severity=entry.get("severity"),
            status=entry.get("status", "open"),
            check_clause=False,
        )
        problems += [p.at(nonconformity=where) for p in found]
        if len(problems) == start:
            status = entry.get("status", "open")
            out.append(Nonconformity(where, ref, entry["severity"], status))
    return tuple(out)


def _reference(
    entry: dict, scheme: Scheme, checklists: Checklists
) -> tuple[Reference | None, list[Problem]]:
    """The nonconformity's ``"ref"``, or the old ``"clause"`` key (with an optional ``"item"``,
    checked but not kept) read as a maturity clause."""
    if "ref" in entry:
        if "clause" in entry or "item" in entry:
            return None, [Problem(code="nonconformity.ref_and_clause")]
        raw = entry["ref"]
        if not isinstance(raw, dict) or raw.keys() != {"kind", "id"}:
            params = {"choices": ", ".join(REFERENCE_KINDS)}
            return None, [Problem(code="nonconformity.bad_ref", params=params, value=raw)]
        ref = Reference(raw["kind"], raw["id"])
        return ref, reference_problems(ref, checklists)
    if "clause" not in entry:
        return None, [Problem(code="nonconformity.needs_ref")]
    found = nonconformity_problems(
        scheme, clause=entry["clause"], severity="major", status="open", item=entry.get("item")
    )
    return Reference("clause", entry["clause"]), found
