"""Reading a scheme file: TOML text to a :class:`~.model.Scheme`, and its content hash.

Every table is checked as it is read: a key missing, a key unknown, a
value of the wrong type.  Any other key is refused, so a typo in a new
scheme version cannot pass unnoticed.  Then the scheme's own arithmetic
is checked (:mod:`.checks`).  Each problem is named by its key path
(``characteristics[2].items[0].weight``).

>>> load_scheme('[scheme]\\ncode = "X"', source="x.toml")
Traceback (most recent call last):
...
greencert.core.exceptions.SchemeError: x.toml scheme.version: is missing; ...
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from decimal import Decimal

from greencert.core.exceptions import Problem, SchemeError
from greencert.core.scheme.checks import check_scheme
from greencert.core.scheme.model import (
    Chapter,
    Characteristic,
    Clause,
    GradeRow,
    Item,
    LikertBand,
    ManagementBand,
    MaturityLevel,
    Scheme,
)

HEAD_KEYS = {
    "code": str,
    "version": str,
    "title": str,
    "title_en": str,
    "issuer": str,
    "issuer_en": str,
    "effective": str,
    "service_score_places": int,
    "alpha_places": int,
}
TOP_KEYS = {"scheme", "likert", "characteristics", "maturity_levels", "chapters"}
TOP_KEYS |= {"management_levels", "grades"}
LIKERT_KEYS = {"level": int, "label": str, "label_en": str}
LIKERT_KEYS |= {"lower": Decimal, "upper": Decimal, "alpha": Decimal}
CHARACTERISTIC_KEYS = {"id": str, "name": str, "name_en": str, "items": list}
ITEM_KEYS = {"id": str, "aspect": str, "aspect_en": str, "weight": int, "requirement": str}
ITEM_KEYS |= {"question": str, "question_en": str}
MATURITY_KEYS = {"level": int, "name": str, "label": str, "label_en": str}
MATURITY_KEYS |= {"description": str, "description_en": str}
CHAPTER_KEYS = {"id": str, "title": str, "title_en": str, "clauses": list}
CLAUSE_KEYS = {"id": str, "title": str, "title_en": str, "worth": int, "points": list}
CLAUSE_KEYS["guidance"] = str
BAND_KEYS = {"level": int, "name": str, "name_en": str, "lower": int, "upper": int}
GRADE_KEYS = {"grade": str, "min_service": Decimal, "min_management_level": int}


def load_scheme(text: str, source: str = "<scheme>") -> Scheme:
    """Parse and validate a scheme from TOML text.

    Raises :class:`SchemeError` listing every problem found, each named by
    the *source* and its key path.
    """
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        params = {"reason": str(exc)}
        raise SchemeError(Problem(code="scheme.not_toml", params=params, source=source)) from exc
    reader = _Reader(source)
    scheme = reader.scheme(raw, content_hash(raw))
    if reader.problems:
        raise SchemeError(reader.problems)
    problems = check_scheme(scheme)
    if problems:
        raise SchemeError([p.at(source=source) for p in problems])
    return scheme


def content_hash(raw: dict) -> str:
    """SHA-256 of the parsed content, so comments and layout do not change it."""
    canonical = json.dumps(
        raw, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class TableReader:
    """Reads raw TOML tables, collecting every problem with its key path (also used for the
    checklists that sit beside the schemes)."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, path: str, code: str, **params: str) -> None:
        self.problems.append(Problem(code=code, params=params, source=self.source, path=path))

    def table(self, raw, path: str, keys: dict[str, type | tuple[type, ...]]) -> dict:
        """Check a table's keys and value types; return the usable values."""
        if not isinstance(raw, dict):
            self.fail(path, "scheme.not_table")
            return {}
        for key in raw.keys() - keys.keys():
            self.fail(f"{path}.{key}", "scheme.unknown_key")
        out = {}
        for key, kind in keys.items():
            if key not in raw:
                self.fail(f"{path}.{key}", "scheme.missing")
                continue
            value = raw[key]
            if kind is Decimal and isinstance(value, int) and not isinstance(value, bool):
                value = Decimal(value)  # TOML writes 0 and 95 as integers
            # TOML's true and false are Python ints too: a bool is a bool only where one is asked.
            if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
                self.fail(f"{path}.{key}", "scheme.wrong_type", type=type(value).__name__)
                continue
            out[key] = value
        return out

    def array(self, raw: dict, key: str, path: str = "") -> list:
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            code = "scheme.not_array" if key in raw else "scheme.missing"
            self.fail(f"{path}{key}", code)
            return []
        return value

    def each(self, raw: dict, key: str, read) -> tuple:
        """Read every entry of the array *key* with ``read(entry, path, index, count)``."""
        entries = self.array(raw, key)
        return tuple(read(entry, f"{key}[{i}]", i, len(entries)) for i, entry in enumerate(entries))


class _Reader(TableReader):
    """Reads the raw TOML tables of a scheme into dataclasses."""

    def scheme(self, raw: dict, content_hash: str) -> Scheme | None:
        for key in raw.keys() - TOP_KEYS:
            self.fail(key, "scheme.unknown_key")
        head = self.table(raw.get("scheme", {}), "scheme", HEAD_KEYS)
        parts = {
            "likert": self.each(raw, "likert", self.likert),
            "characteristics": self.each(raw, "characteristics", self.characteristic),
            "maturity_levels": self.each(raw, "maturity_levels", self.maturity_level),
            "chapters": self.each(raw, "chapters", self.chapter),
            "management_levels": self.each(raw, "management_levels", self.management_band),
            "grades": self.each(raw, "grades", self.grade),
        }
        if self.problems:
            return None
        return Scheme(**head, **parts, hash=content_hash)

    def likert(self, raw, path: str, index: int, count: int) -> LikertBand | None:
        t = self.table(raw, path, LIKERT_KEYS)
        return LikertBand(**t, closed_below=index == 0) if len(t) == len(LIKERT_KEYS) else None

    def characteristic(self, raw, path: str, _index: int, _count: int) -> Characteristic | None:
        t = self.table(raw, path, CHARACTERISTIC_KEYS)
        if len(t) < len(CHARACTERISTIC_KEYS):
            return None
        items = tuple(
            self.item(entry, f"{path}.items[{i}]", t["id"]) for i, entry in enumerate(t["items"])
        )
        return Characteristic(id=t["id"], name=t["name"], name_en=t["name_en"], items=items)

    def item(self, raw, path: str, characteristic_id: str) -> Item | None:
        t = self.table(raw, path, ITEM_KEYS)
        return Item(**t, characteristic_id=characteristic_id) if len(t) == len(ITEM_KEYS) else None

    def maturity_level(self, raw, path: str, _index: int, _count: int) -> MaturityLevel | None:
        t = self.table(raw, path, MATURITY_KEYS)
        return MaturityLevel(**t) if len(t) == len(MATURITY_KEYS) else None

    def chapter(self, raw, path: str, _index: int, _count: int) -> Chapter | None:
        t = self.table(raw, path, CHAPTER_KEYS)
        if len(t) < len(CHAPTER_KEYS):
            return None
        clauses = tuple(
            self.clause(entry, f"{path}.clauses[{i}]", t["id"])
            for i, entry in enumerate(t["clauses"])
        )
        return Chapter(id=t["id"], title=t["title"], title_en=t["title_en"], clauses=clauses)

    def clause(self, raw, path: str, chapter_id: str) -> Clause | None:
        t = self.table(raw, path, CLAUSE_KEYS)
        if len(t) < len(CLAUSE_KEYS):
            return None
        points = t.pop("points")
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in points):
            self.fail(f"{path}.points", "scheme.points_not_whole")
            return None
        return Clause(**t, points=tuple(points), chapter_id=chapter_id)

    def management_band(self, raw, path: str, index: int, count: int) -> ManagementBand | None:
        t = self.table(raw, path, BAND_KEYS)
        last = index == count - 1
        return ManagementBand(**t, closed_above=last) if len(t) == len(BAND_KEYS) else None

    def grade(self, raw, path: str, _index: int, _count: int) -> GradeRow | None:
        t = self.table(raw, path, GRADE_KEYS)
        return GradeRow(**t) if len(t) == len(GRADE_KEYS) else None
