"""The audit checklists beside the scheme: GB/T 19001 (§4.2.1, §5.2.1) and §4.2.2's own rows.

The scheme says the generic management audit follows the quality-management
standard (§4.2.1, §5.2.1, §5.2.3) and adds specific requirements (§4.2.2).
Neither list is in the scheme file, so each is a TOML file of its own in
``schemes/`` (or an operator's folder), read here and identified like a
scheme: code, version and the SHA-256 of its content.  A project pins the
checklists it was audited against.

Every row gets a verdict (:data:`VERDICTS`); "exempted" is for GB/T 19001
rows only, under a §5.2.2 exemption.

>>> from greencert.core.registry import default_scheme, qms_checklist_for
>>> qms = qms_checklist_for(default_scheme())
>>> qms.label, qms.kind, qms.clauses["8.5.1"].title
('GB/T 19001-2016 GC1', 'qms', '生产和服务提供的控制')
>>> verdicts_for("specific")
('conforms', 'minor', 'major', 'out_of_scope')
>>> load_checklist('[checklist]\\ncode = "X"', source="x.toml")
Traceback (most recent call last):
...
greencert.core.exceptions.SchemeError: x.toml checklist.version: is missing; ...
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property

from greencert.core.exceptions import Problem, SchemeError
from greencert.core.scheme.loading import TableReader, content_hash

KINDS = ("qms", "specific")
# The verdict on one checklist row (issue 11 §1): conforms, a minor or major
# nonconformity, exempted under §5.2.2 (GB/T 19001 rows only), or out of scope.
VERDICTS = ("conforms", "minor", "major", "exempted", "out_of_scope")
FINDINGS = ("minor", "major")  # verdicts that a nonconformity must record


def verdicts_for(kind: str) -> tuple[str, ...]:
    """The verdicts a row of a *kind* checklist may take (§5.2.2 exempts GB/T 19001 rows only)."""
    return VERDICTS if kind == "qms" else tuple(v for v in VERDICTS if v != "exempted")


@dataclass(frozen=True)
class ChecklistClause:
    id: str
    title: str
    title_en: str
    note: str  # what the auditor looks at
    note_en: str
    cite: str  # how the row is cited ("GB/T 19001 8.5.1", "§4.2.2 2)①")
    chapter_id: str


@dataclass(frozen=True)
class ChecklistChapter:
    id: str
    title: str
    title_en: str
    clauses: tuple[ChecklistClause, ...]


@dataclass(frozen=True)
class Checklist:
    code: str
    version: str
    kind: str
    title: str
    title_en: str
    scheme: str  # the scheme label a "specific" checklist belongs to; "" for any
    chapters: tuple[ChecklistChapter, ...]
    hash: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def identity(self) -> dict[str, str]:
        return {"label": self.label, "code": self.code, "version": self.version, "hash": self.hash}

    @cached_property
    def clauses(self) -> dict[str, ChecklistClause]:
        return {c.id: c for chapter in self.chapters for c in chapter.clauses}


HEAD_KEYS = {"code": str, "version": str, "kind": str, "title": str, "title_en": str}
CHAPTER_KEYS = {"id": str, "title": str, "title_en": str, "clauses": list}
CLAUSE_KEYS = {"id": str, "title": str, "title_en": str, "note": str, "note_en": str, "cite": str}


def is_checklist(raw: dict) -> bool:
    """Whether parsed TOML is a checklist (its head table is ``[checklist]``, not ``[scheme]``)."""
    return "checklist" in raw


def load_checklist(text: str, source: str = "<checklist>") -> Checklist:
    """Parse and validate a checklist; raises :class:`SchemeError` naming every problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        params = {"reason": str(exc)}
        raise SchemeError(Problem(code="scheme.not_toml", params=params, source=source)) from exc
    reader = _Reader(source)
    checklist = reader.checklist(raw, content_hash(raw))
    if reader.problems:
        raise SchemeError(reader.problems)
    return checklist


class _Reader(TableReader):
    def checklist(self, raw: dict, digest: str) -> Checklist | None:
        for key in raw.keys() - {"checklist", "chapters"}:
            self.fail(key, "scheme.unknown_key")
        head_raw = dict(raw.get("checklist", {}))
        scheme = head_raw.pop("scheme", "")
        head = self.table(head_raw, "checklist", HEAD_KEYS)
        if head.get("kind", KINDS[0]) not in KINDS:
            self.fail("checklist.kind", "checklist.bad_kind", choices=", ".join(KINDS))
        if not isinstance(scheme, str) or (head.get("kind") == "specific" and not scheme):
            self.fail("checklist.scheme", "scheme.missing")
        chapters = self.each(raw, "chapters", self.chapter)
        seen: set[str] = set()
        for chapter in filter(None, chapters):
            for clause in chapter.clauses:
                if clause.id in seen:
                    self.fail(f"chapters.{chapter.id}", "checklist.clause_twice", id=clause.id)
                seen.add(clause.id)
        if self.problems:
            return None
        return Checklist(**head, scheme=scheme, chapters=chapters, hash=digest)

    def chapter(self, raw, path: str, _index: int, _count: int) -> ChecklistChapter | None:
        t = self.table(raw, path, CHAPTER_KEYS)
        if len(t) < len(CHAPTER_KEYS):
            return None
        clauses = tuple(
            self.clause(entry, f"{path}.clauses[{i}]", t["id"])
            for i, entry in enumerate(t["clauses"])
        )
        if not all(clauses):
            return None
        return ChecklistChapter(t["id"], t["title"], t["title_en"], clauses)

    def clause(self, raw, path: str, chapter_id: str) -> ChecklistClause | None:
        t = self.table(raw, path, CLAUSE_KEYS)
        return ChecklistClause(**t, chapter_id=chapter_id) if len(t) == len(CLAUSE_KEYS) else None
