"""The §5.2.2 exemption record of ``greencert report --context``, checked before printing.

The record (certificate, factors, decision) is the context's; whether the
exemption holds is the core's alone, judged from the input's ``exemption``.
So the record must agree with what the core judged (expiry, audit date,
clauses), and a record without an ``exemption`` in the input is refused.
Every problem names its key (``exemption.audit_date``) in either language.
"""

from __future__ import annotations

import datetime

from greencert.core.exceptions import InputError, Problem
from greencert.reports.audit_section import EXEMPTION_FIELDS

OPTIONAL = {"last_surveillance", "scope_note", "complaints_known"}
BOOLEANS = {"accredited", "scope_covers_service"}
DATES = {"certificate_expires", "last_surveillance", "audit_date", "decided_at"}
JUDGED = ("certificate_expires", "audit_date", "clauses")  # what the core's result also holds


def check_exemption(name: str, entry: object) -> None:
    """The record's shape: known keys, the required ones given, each of its type."""
    if not isinstance(entry, dict):
        raise InputError(Problem(code="input.not_object", source=name, key="exemption"))
    problems = [
        Problem(
            code="context.unknown_key",
            params={"known": ", ".join(EXEMPTION_FIELDS)},
            source=name,
            key=f"exemption.{key}",
        )
        for key in sorted(entry.keys() - EXEMPTION_FIELDS.keys())
    ]
    for key in EXEMPTION_FIELDS:
        where = {"source": name, "key": f"exemption.{key}"}
        if key not in entry:
            if key not in OPTIONAL:
                problems.append(Problem(code="context.missing", **where))
            continue
        if problem := _value_problem(key, entry[key]):
            problems.append(problem.at(**where))
    if problems:
        raise InputError(problems)


def _value_problem(key: str, value: object) -> Problem | None:
    if key in OPTIONAL and value is None:
        return None
    if key in BOOLEANS:
        return None if isinstance(value, bool) else Problem(code="context.not_bool", value=value)
    if key in DATES:
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
                return None
            except ValueError:
                pass
        return Problem(code="context.not_date", params={"value": repr(value)}, value=value)
    if key == "clauses":
        if isinstance(value, list) and all(isinstance(c, str) for c in value):
            return None
        return Problem(code="input.not_list", value=value)
    return None if isinstance(value, str) else Problem(code="context.not_text", value=value)


def check_against_result(name: str, entry: dict, judged: dict | None) -> None:
    """The record agrees with the exemption the core judged (the result's ``qms.exemption``)."""
    if judged is None:
        raise InputError(
            Problem(code="context.exemption_not_in_input", source=name, key="exemption")
        )
    problems = []
    for key in JUDGED:
        given, core = entry[key], judged[key]
        same = sorted(given) == sorted(core) if key == "clauses" else given == core
        if not same:
            shown = ", ".join(core) if key == "clauses" else core
            problems.append(
                Problem(
                    code="context.exemption_differs",
                    params={
                        "value": ", ".join(given) if key == "clauses" else given,
                        "judged": shown,
                    },
                    source=name,
                    key=f"exemption.{key}",
                    value=given,
                )
            )
    if problems:
        raise InputError(problems)
