"""The scheme's shape: frozen dataclasses, one per table of the scheme file.

Nothing here reads a file or checks an invariant (see :mod:`.loading` and
:mod:`.checks`): these are the typed values every rule of the core reads.
A scheme's identity is its code, its version and the SHA-256 of its
content; every result records all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property


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

    @cached_property
    def legal_alphas(self) -> dict[Decimal, int]:
        """Every legal α (in [0, 1], at most ``alpha_places`` decimals) → α in units of its
        last decimal (0.85 → 85): a lookup instead of a check and a conversion per value.

        Keyed by value, so 0.85 and 0.850 (the same α, RULES.md §1) find the same entry.
        """
        scale = 10**self.alpha_places
        return {Decimal(units).scaleb(-self.alpha_places): units for units in range(scale + 1)}

    @cached_property
    def likert_alphas(self) -> dict[int, Decimal]:
        """Each Likert level → the α it stands for (§5.1.1 2)."""
        return {band.level: band.alpha for band in self.likert}

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
