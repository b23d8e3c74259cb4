"""Small builders for the core tests.

Import them in a test module with ``from conftest import sheet, ...``.

- ``sheet(default=Decimal("0.9"), **overrides)``: a full 19-item α dict.
  Item ids contain dots, so overrides are passed as ``**{"3.2": Decimal("1")}``
  or with the underscore spelling ``i3_2=Decimal("1")``.
- ``levels(default=3, **overrides)``: a full 21-clause maturity dict, same spelling
  (``**{"4.1": 2}`` or ``c4_1=2``).
- ``evaluation(eid, alphas=None, likert=None, **fields)``: one evaluation as plain input data.
- ``data(evaluations=..., maturity=..., nonconformities=..., qms=..., specific=...)``: a whole
  input; the two checklist audits are recorded as "all conforms" unless given (``None``: the
  audit is left out, so no grade).
- ``conforming(kind, **overrides)``: every row of the bundled ``"qms"`` or ``"specific"``
  checklist judged "conforms", except the overrides (``**{"8.5.1": "major"}``).
- ``run(raw)``: parse and assess under the bundled scheme B/0.
"""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

import pytest

from greencert.core.assessment import Assessment, assess_data
from greencert.core.registry import default_scheme
from tests.audit_verdicts import conforming

SCHEME = default_scheme()
ITEM_IDS = [
    "1.1",
    "1.2",
    "1.3",
    "2.1",
    "2.2",
    "2.3",
    "3.1",
    "3.2",
    "3.3",
    "4.1",
    "4.2",
    "4.3",
    "5.1",
    "5.2",
    "5.3",
    "6.1",
    "6.2",
    "6.3",
    "7.1",
]
CLAUSE_IDS = [
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "2.1",
    "2.2",
    "2.3",
    "3.1",
    "3.2",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "5.1",
    "5.2",
    "6.1",
    "6.2",
    "6.3",
    "7.1",
    "7.2",
]
WORTH_10 = ("4.1", "4.2", "4.3", "5.1", "5.2", "6.1", "6.2", "6.3")


def _key(name: str, prefix: str) -> str:
    if name.startswith(prefix) and "_" in name:
        return name[len(prefix) :].replace("_", ".")
    return name


def sheet(default: Decimal | str = Decimal("0.9"), **overrides) -> dict[str, Decimal]:
    """A full α sheet: every one of the 19 items at *default*, except the overrides."""
    out = {item_id: Decimal(default) for item_id in ITEM_IDS}
    for name, value in overrides.items():
        key = _key(name, "i")
        assert key in out, f"{key} is not an item id"
        out[key] = Decimal(value)
    return out


def levels(default: int = 3, **overrides) -> dict[str, int]:
    """A full maturity sheet: every one of the 21 clauses at *default*, except the overrides."""
    out = dict.fromkeys(CLAUSE_IDS, default)
    for name, value in overrides.items():
        key = _key(name, "c")
        assert key in out, f"{key} is not a clause id"
        out[key] = value
    return out


def evaluation(eid: str, alphas: dict | None = None, likert: dict | None = None, **fields) -> dict:
    """One evaluation as the input contract writes it (α values as strings)."""
    entry: dict = {"id": eid, **fields}
    if alphas is not None:
        entry["alpha"] = {k: str(v) for k, v in alphas.items()}
    if likert is not None:
        entry["likert"] = dict(likert)
    return entry


def evaluations(*sheets: dict) -> list[dict]:
    """Evaluations E1, E2, ... from α sheets."""
    return [evaluation(f"E{i}", s) for i, s in enumerate(sheets, start=1)]


ALL_CONFORM = "all conform"  # data()'s default: the audit recorded with every row conforming


def data(
    evaluations=None,
    maturity=None,
    nonconformities=None,
    qms=ALL_CONFORM,
    specific=ALL_CONFORM,
    exemption=None,
) -> dict:
    out: dict = {"scheme": "CTS TBSC041-2026 B/0"}
    for kind, verdicts in (("qms", qms), ("specific", specific)):
        if verdicts is not None:
            out[kind] = conforming(kind) if verdicts == ALL_CONFORM else verdicts
    if exemption is not None:
        out["exemption"] = exemption
    if evaluations is not None:
        out["evaluations"] = evaluations
    if maturity is not None:
        out["maturity"] = maturity
    if nonconformities is not None:
        out["nonconformities"] = nonconformities
    return out


def run(raw: dict, scheme=None) -> Assessment:
    return assess_data(scheme or SCHEME, raw)


def nc(ncid: str, severity: str, status: str = "open", clause: str = "4.1") -> dict:
    return {"id": ncid, "clause": clause, "severity": severity, "status": status}


def bundled_text() -> str:
    path = resources.files("greencert.core") / "schemes" / "cts-tbsc041-2026-b0.toml"
    return path.read_text(encoding="utf-8")


def edit(text: str, old: str, new: str) -> str:
    """Replace *old* (which must occur exactly once) by *new*."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


@pytest.fixture
def scheme():
    return SCHEME
