"""Checklist verdicts for tests: the GB/T 19001 and §4.2.2 audits recorded as "all conforms".

Since issue 11 an input without the two checklist audits gets no grade (§4.2.1, §4.2.2, §5.3),
so a test about something else that expects a grade records them through here, once.
"""

from __future__ import annotations

from greencert.core.registry import default_scheme, qms_checklist_for, specific_checklist_for

SCHEME = default_scheme()
CHECKLISTS = {"qms": qms_checklist_for(SCHEME), "specific": specific_checklist_for(SCHEME)}


def conforming(kind: str, **overrides: str) -> dict[str, str]:
    """Every row of the bundled *kind* checklist judged "conforms", except the overrides
    (``**{"8.5.1": "major"}``)."""
    out = dict.fromkeys(CHECKLISTS[kind].clauses, "conforms")
    for row, verdict in overrides.items():
        assert row in out, f"{row} is not a {kind} row"
        out[row] = verdict
    return out


def with_conforming_audits(data: dict) -> dict:
    """*data* (the input contract) with both checklist audits recorded as all conforming."""
    return {**data, "qms": conforming("qms"), "specific": conforming("specific")}
