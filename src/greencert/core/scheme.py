"""The certification scheme as data (RULES.md: "all numbers are data of the scheme").

A :class:`Scheme` is built from one TOML file (see ``schemes/``) and is
validated as it loads: weights sum to 100, the Likert bands are contiguous
and cover [0, 1], clause points rise with the level, the management bands
cover every possible total and the grade rows are ordered.  Any other key
is refused, so a typo in a new scheme version cannot pass unnoticed.

A scheme's identity is its code, its version and the SHA-256 of its
content; every result records all three.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from greencert.core.exceptions import Problem, SchemeError
from greencert.core.rounding import decimal_places


@dataclass(frozen=True)
class LikertBand:
    """One point of the Likert scale and the α band it stands for (§5.1.1 2)."""

    level: int
    label: str
    label_en: str
    lower: Decimal
    upper: Decimal
    alpha: Decimal  # the α that the level alone maps to
    closed_below: bool  # the first band includes its lower bound

    def contains(self, alpha: Fraction | Decimal) -> bool:
        low, high = Fraction(self.lower), Fraction(self.upper)
        alpha = Fraction(alpha)
        above = alpha >= low if self.closed_below else alpha > low
        return above and alpha <= high


@dataclass(frozen=True)
class Item:
    """A 评价内容 of Appendix 1: one of the 19 rated items."""

    id: str
    characteristic_id: str
    aspect: str
    aspect_en: str
    weight: int
    requirement: str
    question: str
    question_en: str


@dataclass(frozen=True)
class Characteristic:
    """A 服务特性指标 (功能性, 安全性, ...) and its items."""

    id: str
    name: str
    name_en: str
    items: tuple[Item, ...]

    @property
    def weight(self) -> int:
        return sum(item.weight for item in self.items)


@dataclass(frozen=True)
class MaturityLevel:
    """A generic maturity level (GB/T 19004-2011 model, §5.2.5)."""

    level: int
    name: str
    label: str
    label_en: str
    description: str
    description_en: str


@dataclass(frozen=True)
class Clause:
    """A management requirement of Appendix 3, with its Appendix 4 text."""

    id: str
    chapter_id: str
    title: str
    title_en: str
    worth: int
    points: tuple[int, ...]  # points for levels 1..5
    guidance: str

    def points_for(self, level: int) -> int:
        """Appendix 3: the points of this clause at maturity *level* (1 … 5)."""
        if not 1 <= level <= len(self.points):
            raise ValueError(f"clause {self.id}: level {level} is not one of 1–{len(self.points)}")
        return self.points[level - 1]


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    title_en: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class ManagementBand:
    """A management level and its total-points band (Appendix 3 说明 3)."""

    level: int
    name: str
    name_en: str
    lower: int  # inclusive
    upper: int  # exclusive, except for the last band
    closed_above: bool

    def contains(self, total: int) -> bool:
        return self.lower <= total and (
            total <= self.upper if self.closed_above else total < self.upper
        )


@dataclass(frozen=True)
class GradeRow:
    """A row of the §5.3 table as RULES.md §3 reads it."""

    grade: str
    min_service: Decimal
    min_management_level: int


@dataclass(frozen=True)
class Scheme:
    code: str
    version: str
    title: str
    title_en: str
    issuer: str
    issuer_en: str
    effective: str
    service_score_places: int
    alpha_places: int
    likert: tuple[LikertBand, ...]
    characteristics: tuple[Characteristic, ...]
    maturity_levels: tuple[MaturityLevel, ...]
    chapters: tuple[Chapter, ...]
    management_levels: tuple[ManagementBand, ...]
    grades: tuple[GradeRow, ...]  # highest first
    hash: str

    @property
    def label(self) -> str:
        """The form people write, e.g. ``CTS TBSC041-2026 B/0``."""
        return f"{self.code} {self.version}"

    @property
    def identity(self) -> dict[str, str]:
        return {"code": self.code, "version": self.version, "hash": self.hash}

    @cached_property
    def items(self) -> dict[str, Item]:
        return {item.id: item for c in self.characteristics for item in c.items}

    @cached_property
    def clauses(self) -> dict[str, Clause]:
        return {clause.id: clause for ch in self.chapters for clause in ch.clauses}

    @cached_property
    def characteristic_by_id(self) -> dict[str, Characteristic]:
        return {c.id: c for c in self.characteristics}

    @property
    def levels(self) -> range:
        """The maturity levels a clause can be rated at."""
        return range(1, len(self.maturity_levels) + 1)

    def likert_band(self, level: int) -> LikertBand:
        return self.likert[level - 1]

    def band_of(self, alpha: Fraction | Decimal) -> LikertBand:
        """The Likert band an α falls in (derived, never stored, RULES.md §1)."""
        for band in self.likert:
            if band.contains(alpha):
                return band
        raise ValueError(f"α {alpha} is outside [0, 1]")

    def management_band(self, total: int) -> ManagementBand | None:
        for band in self.management_levels:
            if band.contains(total):
                return band
        return None

    def grade_row(self, grade: str) -> GradeRow:
        return next(row for row in self.grades if row.grade == grade)


# ---------------------------------------------------------------------------
# Loading


def load_scheme(text: str, source: str = "<scheme>") -> Scheme:
    """Parse and validate a scheme from TOML text.

    Raises :class:`SchemeError` listing every problem found, each named by
    its key path (``characteristics[2].items[0].weight``).
    """
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(Problem(source, f"not valid TOML: {exc}")) from exc
    reader = _Reader(source)
    scheme = reader.scheme(raw, _content_hash(raw))
    if reader.problems:
        raise SchemeError(reader.problems)
    _check_invariants(scheme, source)
    return scheme


def _content_hash(raw: dict) -> str:
    """SHA-256 of the parsed content, so comments and layout do not change it."""
    canonical = json.dumps(
        raw, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _Reader:
    """Reads the raw TOML tables into dataclasses, collecting every problem."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"{self.source} {path}".strip(), message))

    def table(self, raw, path: str, keys: dict[str, type | tuple[type, ...]]) -> dict:
        """Check a table's keys and value types; return it (or {} if unusable)."""
        if not isinstance(raw, dict):
            self.fail(path, "must be a table")
            return {}
        for key in raw.keys() - keys.keys():
            self.fail(f"{path}.{key}", "unknown key")
        out = {}
        for key, kind in keys.items():
            if key not in raw:
                self.fail(f"{path}.{key}", "is missing")
                continue
            value = raw[key]
            if kind is Decimal and isinstance(value, int) and not isinstance(value, bool):
                value = Decimal(value)  # TOML writes 0 and 95 as integers
            if isinstance(value, bool) or not isinstance(value, kind):
                self.fail(f"{path}.{key}", f"has the wrong type ({type(value).__name__})")
                continue
            out[key] = value
        return out

    def array(self, raw: dict, key: str, path: str) -> list:
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            if key in raw:
                self.fail(f"{path}{key}", "must be a non-empty array of tables")
            else:
                self.fail(f"{path}{key}", "is missing")
            return []
        return value

    def scheme(self, raw: dict, content_hash: str) -> Scheme:
        top_keys = {"scheme", "likert", "characteristics", "maturity_levels", "chapters"}
        top_keys |= {"management_levels", "grades"}
        for key in raw.keys() - top_keys:
            self.fail(key, "unknown key")
        head = self.table(
            raw.get("scheme", {}),
            "scheme",
            {
                "code": str,
                "version": str,
                "title": str,
                "title_en": str,
                "issuer": str,
                "issuer_en": str,
                "effective": str,
                "service_score_places": int,
                "alpha_places": int,
            },
        )
        likert_raw = self.array(raw, "likert", "")
        likert = tuple(
            self.likert(entry, f"likert[{i}]", first=(i == 0), last=(i == len(likert_raw) - 1))
            for i, entry in enumerate(likert_raw)
        )
        characteristics = tuple(
            self.characteristic(entry, f"characteristics[{i}]")
            for i, entry in enumerate(self.array(raw, "characteristics", ""))
        )
        levels = tuple(
            self.maturity_level(entry, f"maturity_levels[{i}]")
            for i, entry in enumerate(self.array(raw, "maturity_levels", ""))
        )
        chapters = tuple(
            self.chapter(entry, f"chapters[{i}]")
            for i, entry in enumerate(self.array(raw, "chapters", ""))
        )
        bands_raw = self.array(raw, "management_levels", "")
        bands = tuple(
            self.management_band(entry, f"management_levels[{i}]", last=(i == len(bands_raw) - 1))
            for i, entry in enumerate(bands_raw)
        )
        grades = tuple(
            self.grade(entry, f"grades[{i}]")
            for i, entry in enumerate(self.array(raw, "grades", ""))
        )
        if self.problems:
            return None  # type: ignore[return-value]
        return Scheme(
            **head,
            likert=likert,
            characteristics=characteristics,
            maturity_levels=levels,
            chapters=chapters,
            management_levels=bands,
            grades=grades,
            hash=content_hash,
        )

    def likert(self, raw, path: str, first: bool, last: bool) -> LikertBand | None:
        t = self.table(
            raw,
            path,
            {
                "level": int,
                "label": str,
                "label_en": str,
                "lower": Decimal,
                "upper": Decimal,
                "alpha": Decimal,
            },
        )
        if len(t) < 6:
            return None
        return LikertBand(**t, closed_below=first)

    def characteristic(self, raw, path: str) -> Characteristic | None:
        t = self.table(raw, path, {"id": str, "name": str, "name_en": str, "items": list})
        if len(t) < 4:
            return None
        items = tuple(
            self.item(entry, f"{path}.items[{i}]", t["id"]) for i, entry in enumerate(t["items"])
        )
        return Characteristic(id=t["id"], name=t["name"], name_en=t["name_en"], items=items)

    def item(self, raw, path: str, characteristic_id: str) -> Item | None:
        t = self.table(
            raw,
            path,
            {
                "id": str,
                "aspect": str,
                "aspect_en": str,
                "weight": int,
                "requirement": str,
                "question": str,
                "question_en": str,
            },
        )
        if len(t) < 7:
            return None
        return Item(**t, characteristic_id=characteristic_id)

    def maturity_level(self, raw, path: str) -> MaturityLevel | None:
        keys = {"level": int, "name": str, "label": str, "label_en": str}
        keys |= {"description": str, "description_en": str}
        t = self.table(raw, path, keys)
        return MaturityLevel(**t) if len(t) == len(keys) else None

    def chapter(self, raw, path: str) -> Chapter | None:
        t = self.table(raw, path, {"id": str, "title": str, "title_en": str, "clauses": list})
        if len(t) < 4:
            return None
        clauses = tuple(
            self.clause(entry, f"{path}.clauses[{i}]", t["id"])
            for i, entry in enumerate(t["clauses"])
        )
        return Chapter(id=t["id"], title=t["title"], title_en=t["title_en"], clauses=clauses)

    def clause(self, raw, path: str, chapter_id: str) -> Clause | None:
        keys = {"id": str, "title": str, "title_en": str, "worth": int, "points": list}
        keys["guidance"] = str
        t = self.table(raw, path, keys)
        if len(t) < len(keys):
            return None
        points = t.pop("points")
        if not all(isinstance(p, int) and not isinstance(p, bool) for p in points):
            self.fail(f"{path}.points", "must be whole numbers")
            return None
        return Clause(**t, points=tuple(points), chapter_id=chapter_id)

    def management_band(self, raw, path: str, last: bool) -> ManagementBand | None:
        keys = {"level": int, "name": str, "name_en": str, "lower": int, "upper": int}
        t = self.table(raw, path, keys)
        return ManagementBand(**t, closed_above=last) if len(t) == len(keys) else None

    def grade(self, raw, path: str) -> GradeRow | None:
        keys = {"grade": str, "min_service": Decimal, "min_management_level": int}
        t = self.table(raw, path, keys)
        return GradeRow(**t) if len(t) == len(keys) else None


def _check_invariants(scheme: Scheme, source: str) -> None:
    """The scheme's own arithmetic must hold; list every breach at once."""
    problems: list[Problem] = []

    def fail(path: str, message: str) -> None:
        problems.append(Problem(f"{source} {path}", message))

    for key in ("service_score_places", "alpha_places"):
        if getattr(scheme, key) < 0:
            fail(f"scheme.{key}", "must be 0 or more")
    if not scheme.version.strip() or not scheme.code.strip():
        fail("scheme", "code and version must not be blank")
    if len(scheme.management_levels) != len(scheme.maturity_levels):
        fail("management_levels", "must have as many levels as maturity_levels")

    # Likert bands: levels 1..n, contiguous, covering [0, 1], mapping inside the band.
    for i, band in enumerate(scheme.likert):
        if band.level != i + 1:
            fail(f"likert[{i}].level", f"is {band.level}, expected {i + 1}")
        if band.lower >= band.upper:
            fail(f"likert[{i}]", f"lower {band.lower} is not below upper {band.upper}")
        if i and band.lower != scheme.likert[i - 1].upper:
            fail(
                f"likert[{i}].lower",
                f"is {band.lower} but the band below ends at {scheme.likert[i - 1].upper}: "
                "bands must be contiguous",
            )
        if not band.contains(band.alpha):
            fail(f"likert[{i}].alpha", f"{band.alpha} is not inside its own band")
        if decimal_places(band.alpha) > scheme.alpha_places:
            fail(f"likert[{i}].alpha", f"{band.alpha} has more than alpha_places decimals")
    if scheme.likert[0].lower != 0:
        fail("likert[0].lower", "bands must start at 0")
    if scheme.likert[-1].upper != 1:
        fail(f"likert[{len(scheme.likert) - 1}].upper", "bands must end at 1")

    # Items: unique ids, positive weights summing to 100.
    seen: set[str] = set()
    for c in scheme.characteristics:
        for item in c.items:
            if item.id in seen:
                fail(f"item {item.id}", "is defined twice")
            seen.add(item.id)
            if item.weight <= 0:
                fail(f"item {item.id}.weight", "must be positive")
    total_weight = sum(c.weight for c in scheme.characteristics)
    if total_weight != 100:
        fail("characteristics", f"item weights sum to {total_weight}, not 100")

    # Maturity levels 1..n; clause points, one per level, strictly rising.
    n_levels = len(scheme.maturity_levels)
    for i, level in enumerate(scheme.maturity_levels):
        if level.level != i + 1:
            fail(f"maturity_levels[{i}].level", f"is {level.level}, expected {i + 1}")
    seen = set()
    for ch in scheme.chapters:
        for clause in ch.clauses:
            where = f"clause {clause.id}"
            if clause.id in seen:
                fail(where, "is defined twice")
            seen.add(clause.id)
            if len(clause.points) != n_levels:
                fail(f"{where}.points", f"has {len(clause.points)} entries for {n_levels} levels")
            if any(b <= a for a, b in zip(clause.points, clause.points[1:], strict=False)):
                fail(f"{where}.points", f"{list(clause.points)} must rise with the level")
            if clause.points and clause.points[-1] != clause.worth:
                fail(
                    f"{where}.worth",
                    f"is {clause.worth} but the top level scores {clause.points[-1]}",
                )

    # Management bands: levels 1..n, contiguous, covering every possible total.
    bands = scheme.management_levels
    for i, band in enumerate(bands):
        if band.level != i + 1:
            fail(f"management_levels[{i}].level", f"is {band.level}, expected {i + 1}")
        if band.lower >= band.upper:
            fail(f"management_levels[{i}]", f"lower {band.lower} is not below upper {band.upper}")
        if i and band.lower != bands[i - 1].upper:
            fail(f"management_levels[{i}].lower", "bands must be contiguous")
    clauses = scheme.clauses.values()
    if clauses and all(len(c.points) == n_levels for c in clauses):
        low = sum(c.points[0] for c in clauses)
        high = sum(c.points[-1] for c in clauses)
        if bands[0].lower > low or bands[-1].upper < high:
            fail(
                "management_levels",
                f"cover [{bands[0].lower}, {bands[-1].upper}] but totals range over [{low}, {high}]",
            )

    # Grade rows: highest first, each strictly easier than the one above.
    names: set[str] = set()
    for i, row in enumerate(scheme.grades):
        if row.grade in names:
            fail(f"grades[{i}].grade", f"{row.grade} is listed twice")
        names.add(row.grade)
        if not row.grade.strip():
            fail(f"grades[{i}].grade", "must not be blank")
        if not 0 <= row.min_service <= 100:
            fail(f"grades[{i}].min_service", f"{row.min_service} is outside [0, 100]")
        if decimal_places(row.min_service) > scheme.service_score_places:
            # The rounded score is what is compared: a finer threshold could never be met exactly.
            fail(
                f"grades[{i}].min_service",
                f"{row.min_service} has more decimals than service_score_places",
            )
        if row.min_management_level not in range(1, len(bands) + 1):
            fail(f"grades[{i}].min_management_level", f"{row.min_management_level} is not a level")
        if i:
            above = scheme.grades[i - 1]
            if (
                (row.min_service, row.min_management_level)
                == (
                    above.min_service,
                    above.min_management_level,
                )
                or row.min_service > above.min_service
                or (row.min_management_level > above.min_management_level)
            ):
                fail(
                    f"grades[{i}]",
                    f"{row.grade} must ask less than {above.grade} above it: rows go highest first",
                )
    if problems:
        raise SchemeError(problems)
