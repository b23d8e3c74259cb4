"""Whose words the maturity levels are in: the scheme's, or GreenCert's (§5.2.5, RULES.md §2).

The scheme's §5.2.5 labels only some levels (B/0: level 1 基本水平 and
level 5 最佳实践) and describes none, its Appendix 2 being lost; the other
labels and the descriptions in the scheme file are GreenCert's wording.
A small data file per scheme in ``wording/`` says which are the scheme's
own; a scheme without one is taken to word all its levels itself.  Every
place that shows the levels says which words are ours with :meth:`note`.

>>> from greencert.core import default_scheme
>>> wording = level_wording(default_scheme())
>>> [wording.label_is_ours(level) for level in range(1, 6)]
[False, True, True, True, False]
>>> print(wording.note(default_scheme(), "en"))
The scheme (§5.2.5) names only level 1 “Basic” and level 5 “Best practice”; the names of level 2 “Early improvement”, level 3 “Systematic”, level 4 “Continually improving” and the descriptions of all five levels are GreenCert's wording, not the scheme's.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from greencert.core.scheme import MaturityLevel, Scheme

MARK = "*"  # follows a level name that is GreenCert's wording, where names are listed


@dataclass(frozen=True)
class LevelWording:
    clause: str
    scheme_labels: frozenset[int]  # levels whose label is the scheme's own text
    scheme_descriptions: frozenset[int]  # levels whose description is the scheme's own text

    def label_is_ours(self, level: int) -> bool:
        return level not in self.scheme_labels

    def description_is_ours(self, level: int) -> bool:
        return level not in self.scheme_descriptions

    def marked_label(self, level: MaturityLevel, lang: str = "zh-hans") -> str:
        """The level's label in *lang*, with :data:`MARK` when the words are GreenCert's."""
        label = level.label_en if lang == "en" else level.label
        return f"{label}{MARK}" if self.label_is_ours(level.level) else label

    def note(self, scheme: Scheme, lang: str = "zh-hans") -> str:
        """One sentence saying which level names and descriptions are GreenCert's; "" if none."""
        levels = scheme.maturity_levels
        ours = [m for m in levels if self.label_is_ours(m.level)]
        described = [m for m in levels if self.description_is_ours(m.level)]
        if not ours and not described:
            return ""
        theirs = [m for m in levels if not self.label_is_ours(m.level)]
        if lang == "en":
            return _note_en(self.clause, theirs, ours, described, len(levels))
        return _note_zh(self.clause, theirs, ours, described, len(levels))


def _note_zh(clause, theirs, ours, described, count) -> str:
    def names(group):
        named = [f"{m.name}“{m.label}”" for m in group]
        return "和".join(named) if len(named) == 2 else "、".join(named)

    parts = []
    if ours:
        parts.append(f"{names(ours)}这些名称")
    if described:
        whole = len(described) == count
        parts.append(f"全部 {count} 个等级的说明" if whole else f"{names(described)}的说明")
    given = f"方案 {clause} 只给出{names(theirs)}" if theirs else f"方案 {clause} 未给出等级名称"
    return f"{given}；{'和'.join(parts)}是 GreenCert 的措辞，不是方案原文。"


def _note_en(clause, theirs, ours, described, count) -> str:
    def names(group):
        return ", ".join(f"level {m.level} “{m.label_en}”" for m in group)

    given = " and ".join(f"level {m.level} “{m.label_en}”" for m in theirs)
    parts = []
    if ours:
        parts.append(f"the names of {names(ours)}")
    if described:
        whole = len(described) == count
        levels = "all five levels" if whole and count == 5 else names(described)
        parts.append(f"the descriptions of {levels}")
    opening = (
        f"The scheme ({clause}) names only {given}"
        if theirs
        else f"The scheme ({clause}) names no level"
    )
    return f"{opening}; {' and '.join(parts)} are GreenCert's wording, not the scheme's."


@cache
def _files() -> dict[str, dict]:
    folder = resources.files("greencert.core") / "wording"
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found[data["scheme"]] = data
    return found


def level_wording(scheme: Scheme) -> LevelWording:
    """Which of *scheme*'s level labels and descriptions are its own text."""
    data = _files().get(scheme.label)
    every = frozenset(m.level for m in scheme.maturity_levels)
    if data is None:
        return LevelWording("", every, every)
    return LevelWording(
        data["clause"],
        frozenset(data["labels_from_scheme"]),
        frozenset(data["descriptions_from_scheme"]),
    )
