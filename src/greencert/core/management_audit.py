"""The checklist audits of §4.2.1/§5.2.1 (GB/T 19001) and §4.2.2 (the scheme's own rows).

Every row of a pinned :class:`~greencert.core.checklist.Checklist` takes a
verdict (:func:`~greencert.core.checklist.verdicts_for`): conforms, minor,
major, out of scope, or — GB/T 19001 rows only — exempted under §5.2.2.
:func:`checklist_verdicts` checks what is given; :func:`audit_checklist`
says, per checklist, what was judged, what is still open, which exemptions
hold (and why not), what is out of scope, and the findings.

§5.2.2: "an organisation holding a valid quality-management certificate
may, after the certification body has assessed the risk, be partly exempted
from the GB/T 19001 audit."  GreenCert reads "valid" as valid on the audit
date *and* on the date the result is relied on (the decision; today while
undecided): a certificate that lapses before the decision voids the
exemption.

>>> import datetime as dt
>>> from greencert.core.registry import default_scheme, qms_checklist_for
>>> qms = qms_checklist_for(default_scheme())
>>> ex = Exemption(dt.date(2027, 3, 1), dt.date(2026, 5, 11), dt.date(2026, 6, 1), ("7.1.5",))
>>> ex.valid, ex.refusal
(True, None)
>>> audit = audit_checklist(qms, {"7.1.5": "exempted", "8.5.1": "minor"}, ex)
>>> audit.exempted, audit.findings, len(audit.unjudged)
(('7.1.5',), {'8.5.1': 'minor'}, 38)
>>> checklist_verdicts({"8.5.9": "conforms", "4.1": "fine"}, qms)
Traceback (most recent call last):
...
greencert.core.exceptions.InputError: qms clause 8.5.9: is not a row of GB/T 19001-2016 GC1; ...
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from greencert.core.checklist import FINDINGS, Checklist, verdicts_for
from greencert.core.exceptions import InputError, Problem

# Why an "exempted" verdict does not count (§5.2.2), in the order they are checked.
NO_EXEMPTION = "no_exemption"  # no exemption was recorded
NOT_LISTED = "not_listed"  # the exemption does not list the clause
NOT_VALID_AT_AUDIT = "not_valid_at_audit"  # the certificate had expired by the audit date
LAPSED = "lapsed"  # the certificate expires before the decision


@dataclass(frozen=True)
class Exemption:
    """A §5.2.2 exemption decision: the GB/T 19001 certificate's expiry, the audit date, the date
    the result is relied on (*on*: the decision's date, today while undecided) and the clauses
    exempted."""

    certificate_expires: datetime.date
    audit_date: datetime.date
    on: datetime.date
    clauses: tuple[str, ...]

    @classmethod
    def of(
        cls,
        checklist: Checklist,
        *,
        certificate_expires: datetime.date,
        audit_date: datetime.date,
        on: datetime.date,
        clauses: Iterable[str],
    ) -> Exemption:
        """An exemption whose clauses are rows of the GB/T 19001 *checklist* (unknown ones named).

        >>> from greencert.core.registry import get_checklist
        >>> d = datetime.date(2026, 5, 1)
        >>> qms = get_checklist("GB/T 19001-2016 GC1")
        >>> Exemption.of(qms, certificate_expires=d, audit_date=d, on=d, clauses=["7.9"])
        Traceback (most recent call last):
        ...
        greencert.core.exceptions.InputError: exemption clause 7.9: is not a row of GB/T 19001-2016 GC1
        """
        clauses = tuple(clauses)
        problems = [
            Problem(
                code="checklist.not_row",
                params={"checklist": checklist.label},
                path="exemption",
                clause=c,
                value=c,
            )
            for c in clauses
            if c not in checklist.clauses
        ]
        if problems:
            raise InputError(problems)
        ordered = tuple(c for c in checklist.clauses if c in clauses)
        return cls(certificate_expires, audit_date, on, ordered)

    @property
    def refusal(self) -> str | None:
        """Why the exemption does not hold (§5.2.2), or ``None`` when it does.

        >>> d = datetime.date
        >>> Exemption(d(2026, 5, 10), d(2026, 5, 11), d(2026, 5, 11), ()).refusal
        'not_valid_at_audit'
        >>> Exemption(d(2026, 5, 31), d(2026, 5, 11), d(2026, 6, 1), ()).refusal
        'lapsed'
        """
        if self.certificate_expires < self.audit_date:
            return NOT_VALID_AT_AUDIT
        if self.certificate_expires < self.on:
            return LAPSED
        return None

    @property
    def valid(self) -> bool:
        return self.refusal is None


def checklist_verdicts(raw: Mapping[str, object], checklist: Checklist) -> dict[str, str]:
    """The verdicts given, in checklist order; unknown rows and verdicts refused, each named.

    A row may stay without a verdict (absent or ``None``): it is then unjudged.
    """
    allowed = verdicts_for(checklist.kind)
    problems, found = [], {}
    for clause_id, verdict in raw.items():
        where = {"path": checklist.kind, "clause": clause_id}
        if clause_id not in checklist.clauses:
            params = {"checklist": checklist.label}
            problems.append(
                Problem(code="checklist.not_row", params=params, value=clause_id, **where)
            )
        elif verdict is None:
            continue
        elif verdict not in allowed:
            params = {"value": repr(verdict), "choices": ", ".join(allowed)}
            code = (
                "checklist.exempted_specific" if verdict == "exempted" else "checklist.bad_verdict"
            )
            problems.append(Problem(code=code, params=params, value=verdict, **where))
        else:
            found[clause_id] = verdict
    if problems:
        raise InputError(problems)
    return {c: found[c] for c in checklist.clauses if c in found}


@dataclass(frozen=True)
class ChecklistAudit:
    """One checklist's audit as the gate, the explanation and the reports read it."""

    checklist: Checklist
    verdicts: dict[str, str]  # every verdict given, in checklist order
    unjudged: tuple[str, ...]  # rows without a verdict
    exempted: tuple[str, ...]  # judged "exempted" and covered by a valid exemption (§5.2.2)
    refused: dict[str, str] = field(default_factory=dict)  # "exempted" not covered → why
    out_of_scope: tuple[str, ...] = ()
    findings: dict[str, str] = field(default_factory=dict)  # row → "minor" / "major"
    exemption: Exemption | None = None  # the §5.2.2 decision read (GB/T 19001 only)

    @property
    def kind(self) -> str:
        return self.checklist.kind

    @property
    def complete(self) -> bool:
        """Every row judged, and every "exempted" one under a valid exemption (§5.2.1, §5.2.2)."""
        return not (self.unjudged or self.refused)

    def as_dict(self) -> dict:
        """The audit in the ``greencert score --json`` contract (version 2)."""
        out = {
            "checklist": self.checklist.identity,
            "verdicts": dict(self.verdicts),
            "unjudged": list(self.unjudged),
            "exempted": list(self.exempted),
            "exemption_refused": dict(self.refused),
            "out_of_scope": list(self.out_of_scope),
            "findings": dict(self.findings),
            "complete": self.complete,
        }
        if self.kind == "qms":
            out["exemption"] = _exemption_dict(self.exemption)
        return out


def _exemption_dict(exemption: Exemption | None) -> dict | None:
    if exemption is None:
        return None
    return {
        "certificate_expires": exemption.certificate_expires.isoformat(),
        "audit_date": exemption.audit_date.isoformat(),
        "on": exemption.on.isoformat(),
        "clauses": list(exemption.clauses),
        "valid": exemption.valid,
        "refusal": exemption.refusal,
    }


def audit_checklist(
    checklist: Checklist, verdicts: Mapping[str, str], exemption: Exemption | None = None
) -> ChecklistAudit:
    """Read checked *verdicts* against *checklist* and the §5.2.2 *exemption*."""
    exempted, refused = [], {}
    for clause_id, verdict in verdicts.items():
        if verdict != "exempted":
            continue
        why = exemption_refusal(clause_id, exemption)
        if why:
            refused[clause_id] = why
        else:
            exempted.append(clause_id)
    return ChecklistAudit(
        checklist,
        dict(verdicts),
        tuple(c for c in checklist.clauses if c not in verdicts),
        tuple(exempted),
        refused,
        tuple(c for c, v in verdicts.items() if v == "out_of_scope"),
        {c: v for c, v in verdicts.items() if v in FINDINGS},
        exemption if checklist.kind == "qms" else None,
    )


def exemption_refusal(clause_id: str, exemption: Exemption | None) -> str | None:
    """Why *clause_id* judged "exempted" is not exempt (§5.2.2), or ``None`` when it is.

    >>> d = datetime.date(2026, 5, 11)
    >>> exemption_refusal("7.1.5", None)
    'no_exemption'
    >>> exemption_refusal("8.1", Exemption(d, d, d, ("7.1.5",)))
    'not_listed'
    """
    if exemption is None:
        return NO_EXEMPTION
    if clause_id not in exemption.clauses:
        return NOT_LISTED
    return exemption.refusal
