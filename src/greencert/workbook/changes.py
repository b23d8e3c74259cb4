"""What importing a read workbook would change in an assessment, cell by cell.

Both sides are the plain data of the ``greencert score`` contract, as a
:class:`~greencert.workbook.reader.Reading`: the workbook as read, and the
stored assessment written the same way (its evaluations, maturity levels
and checklist verdicts with their out-of-scope reasons).  The import rules:

- an evaluation whose id is new is added whole; one whose id is stored has
  its header and ratings replaced (a blank date or rater account keeps the
  stored one, a blank evaluator or site clears the stored one);
- a maturity level or checklist verdict the workbook gives replaces the
  stored one; one it leaves blank keeps what is stored;
- the nonconformity sheet and the §5.2.2 block are not imported (they are
  recorded on their own pages), and are named in :attr:`Changes.ignored`.

Cells equal to what is stored are only counted.  A workbook that gives
nothing the import takes is :attr:`Changes.blank`.

>>> from decimal import Decimal
>>> stored = Reading({"evaluations": [{"id": "E1", "evaluator": "王", "date": "2026-05-12",
...     "site": "总店", "source": "auditor", "alpha": {"3.1": Decimal("0.80"),
...     "3.2": Decimal("1")}, "likert": {}}], "maturity": {"5.2": 3, "5.3": 4}})
>>> book = Reading({"evaluations": [
...     {"id": "E1", "evaluator": "王", "source": "auditor", "alpha": {"3.1": Decimal("0.9")},
...      "likert": {"3.2": 4}},
...     {"id": "E2", "source": "customer", "site": "总店", "alpha": {"3.1": 1, "3.2": 1}}],
...     "maturity": {"5.2": 4, "5.3": 4}, "nonconformities": []})
>>> found = changes(stored, book)
>>> [(a.id, a.source, a.site, a.ratings) for a in found.added]
[('E2', 'customer', '总店', 2)]
>>> for c in found.changed: print(c.part, c.key, c.field, c.before, "→", c.after)
evaluation E1 site 总店 → None
evaluation E1 3.1 α 0.8 → α 0.9
evaluation E1 3.2 α 1 → level 4
maturity 5.2 level 3 → 4
>>> found.unchanged  # E1's evaluator and source, clause 5.3 (a blank date is not compared)
3
>>> found.blank, changes(stored, Reading({"nonconformities": []})).blank
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from greencert.workbook.layout import QMS, SPECIFIC
from greencert.workbook.reader import Reading

HEADER_FIELDS = ("evaluator", "rater", "date", "site", "source")
DEFAULT_SOURCE = "auditor"  # the contract's source when none is given
# Header fields a blank cell leaves as stored (a workbook made before it had a rater row has none).
BLANK_KEEPS = {"date", "rater"}


@dataclass(frozen=True)
class Score:
    """One item's rating as given: an α, or a Likert level."""

    alpha: Decimal | None = None
    likert: int | None = None

    def __str__(self) -> str:
        if self.likert is not None:
            return f"level {self.likert}"
        return f"α {_plain(self.alpha)}"


@dataclass(frozen=True)
class AddedEvaluation:
    id: str
    source: str
    site: str
    ratings: int


@dataclass(frozen=True)
class Changed:
    """One cell that would change: *part* ``evaluation``, ``maturity``, ``qms`` or
    ``specific``; *key* the evaluation or clause id; *field* a header field, an item id,
    ``level``, ``verdict`` or ``reason``.  *before* is ``None`` when nothing is stored,
    *after* ``None`` when the import would clear the stored value."""

    part: str
    key: str
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class Changes:
    added: tuple[AddedEvaluation, ...]
    changed: tuple[Changed, ...]
    unchanged: int
    ignored: tuple[str, ...]  # parts read but never imported: "nonconformities", "exemption"

    @property
    def blank(self) -> bool:
        """Nothing given that the import takes (a blank template)."""
        return not (self.added or self.changed or self.unchanged)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed)


def changes(stored: Reading, book: Reading) -> Changes:
    """What importing *book* would change in *stored* (both the contract's data)."""
    counter = _Counter()
    added = []
    by_id = {e["id"]: e for e in stored.data.get("evaluations", ())}
    for entry in book.data.get("evaluations", ()):
        if entry["id"] in by_id:
            counter.evaluation(by_id[entry["id"]], entry)
        else:
            ratings = len(entry.get("alpha", {})) + len(entry.get("likert", {}))
            site = entry.get("site", "")
            added.append(AddedEvaluation(entry["id"], _source(entry), site, ratings))
    for clause_id, level in _in_order(book.data.get("maturity", {})):
        counter.compare("maturity", clause_id, "level", stored.data.get("maturity", {}), level)
    for kind in (QMS, SPECIFIC):
        counter.verdicts(kind, stored, book)
    ignored = tuple(
        part for part in ("nonconformities", "exemption") if book.data.get(part) not in (None, [])
    )
    return Changes(tuple(added), tuple(counter.changed), counter.unchanged, ignored)


class _Counter:
    def __init__(self) -> None:
        self.changed: list[Changed] = []
        self.unchanged = 0

    def add(self, part: str, key: str, field: str, before: object, after: object) -> None:
        if before == after:
            self.unchanged += 1
        else:
            self.changed.append(Changed(part, key, field, before, after))

    def compare(self, part: str, key: str, field: str, stored: dict, after: object) -> None:
        self.add(part, key, field, stored.get(key), after)

    def evaluation(self, stored: dict, entry: dict) -> None:
        eid = entry["id"]
        for name in HEADER_FIELDS:
            after = _source(entry) if name == "source" else entry.get(name) or None
            if after is None and name in BLANK_KEEPS:
                continue
            before = _source(stored) if name == "source" else stored.get(name) or None
            if before is not None or after is not None:  # blank on both sides: no cell
                self.add("evaluation", eid, name, before, after)
        before, after = _scores(stored), _scores(entry)
        for item_id in _sorted(before.keys() | after.keys()):
            self.add("evaluation", eid, item_id, before.get(item_id), after.get(item_id))

    def verdicts(self, kind: str, stored: Reading, book: Reading) -> None:
        reasons = stored.reasons.get(kind, {})
        given_reasons = book.reasons.get(kind, {})
        for clause_id, verdict in _in_order(book.data.get(kind) or {}):
            self.compare(kind, clause_id, "verdict", stored.data.get(kind) or {}, verdict)
            before = reasons.get(clause_id, "").strip() or None
            after = given_reasons.get(clause_id, "").strip() or None
            if before or after:  # a reason is a cell only for a row out of scope
                self.add(kind, clause_id, "reason", before, after)


def _source(entry: dict) -> str:
    return entry.get("source") or DEFAULT_SOURCE


def _scores(entry: dict) -> dict[str, Score]:
    scores = {i: Score(alpha=Decimal(str(a))) for i, a in entry.get("alpha", {}).items()}
    return scores | {i: Score(likert=int(level)) for i, level in entry.get("likert", {}).items()}


def _plain(value: Decimal | None) -> str:
    """``0.80`` as ``0.8``, ``1.00`` as ``1``: the value, not the stored precision."""
    return format(value.normalize(), "f") if value is not None else ""


def _sorted(ids) -> list[str]:
    """Dotted ids in reading order: 2.10 after 2.9."""
    return sorted(
        ids, key=lambda i: [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in i.split(".")]
    )


def _in_order(values: dict) -> list[tuple[str, object]]:
    return [(key, values[key]) for key in _sorted(values)]
