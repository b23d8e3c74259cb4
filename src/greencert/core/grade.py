"""The certification result (认证结果, §5.3 as read by RULES.md §3).

The grade is the highest row of the scheme's grade table whose every
condition holds: the rounded service score reaches the row's minimum, the
management level reaches the row's level, and the conformity review is
passed.  For every row above the grade given, the explanation says what
blocked it.

>>> from decimal import Decimal
>>> from greencert.core import default_scheme
>>> decide_grade(default_scheme(), Decimal("96.0"), 3, True)[0]   # 96.0 with 三级
'AAAA'
"""

from __future__ import annotations

from decimal import Decimal

from greencert.core.explanation import Note
from greencert.core.scheme import Scheme


def level_names(scheme: Scheme, level: int | None) -> tuple[str, str]:
    if level is None:
        return "—", "—"
    band = scheme.management_levels[level - 1]
    return band.name, band.name_en


def decide_grade(
    scheme: Scheme, score: Decimal, level: int, conformity_passed: bool
) -> tuple[str | None, list[Note]]:
    """Return the grade (or ``None``: not certified) and the notes explaining it."""
    notes: list[Note] = []
    level_zh, level_en = level_names(scheme, level)
    for row in scheme.grades:
        min_zh, min_en = level_names(scheme, row.min_management_level)
        figures = {
            "grade": row.grade,
            "score": str(score),
            "min_service": str(row.min_service),
            "level": level_zh,
            "level_en": level_en,
            "min_level": min_zh,
            "min_level_en": min_en,
        }
        blocked = []
        if score < row.min_service:
            blocked.append("grade.blocked_service")
        if level < row.min_management_level:
            blocked.append("grade.blocked_level")
        if not conformity_passed:
            blocked.append("grade.blocked_conformity")
        if not blocked:
            notes.append(Note("§5.3", "grade.awarded", figures))
            return row.grade, notes
        notes.extend(Note("§5.3", code, figures) for code in blocked)
    notes.append(Note("§5.3", "grade.none"))
    return None, notes


def grade_rank(scheme: Scheme, grade: str | None) -> int:
    """0 for not certified, then 1, 2, ... from the lowest grade up (for comparisons)."""
    names = [row.grade for row in reversed(scheme.grades)]
    return 0 if grade is None else names.index(grade) + 1
