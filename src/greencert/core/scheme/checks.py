"""The scheme's own arithmetic: the invariants a scheme file must keep.

One function per rule family, each citing the clause of CTS TBSC041-2026
(or of RULES.md) it protects.  Each returns the problems it finds, named by
their key path; :func:`check_scheme` runs them all, so that every breach is
listed at once.  The bundled scheme keeps them all:

>>> from greencert.core import default_scheme
>>> check_scheme(default_scheme())
[]
"""

from __future__ import annotations

from itertools import pairwise

from greencert.core.exceptions import Problem
from greencert.core.rounding import decimal_places
from greencert.core.scheme.model import Scheme


def _problem(path: str, code: str, **params: object) -> Problem:
    return Problem(code=code, params={k: str(v) for k, v in params.items()}, path=path)


def _numbered(entries, path: str) -> list[Problem]:
    """Entries numbered 1, 2, … in order (Likert points, maturity and management levels)."""
    return [
        _problem(f"{path}[{i}].level", "scheme.level_number", found=entry.level, expected=i + 1)
        for i, entry in enumerate(entries)
        if entry.level != i + 1
    ]


def check_identity(scheme: Scheme) -> list[Problem]:
    """The scheme's identity and its decimals (RULES.md §1: rounded once, to the scheme's places).

    Code and version name the scheme on every result; ``service_score_places``
    and ``alpha_places`` are counts of decimals.

    >>> import dataclasses
    >>> from greencert.core import default_scheme
    >>> [p.path for p in check_identity(dataclasses.replace(default_scheme(), alpha_places=-1))]
    ['scheme.alpha_places']
    """
    problems = [
        _problem(f"scheme.{key}", "scheme.negative_places")
        for key in ("service_score_places", "alpha_places")
        if getattr(scheme, key) < 0
    ]
    if not scheme.version.strip() or not scheme.code.strip():
        problems.append(_problem("scheme", "scheme.blank_identity"))
    return problems


def check_likert(scheme: Scheme) -> list[Problem]:
    """§5.1.1 2): the Likert levels 1…n, their α bands contiguous and covering [0, 1].

    The α a level alone stands for lies inside its own band and is written
    with at most ``alpha_places`` decimals, as any α must be.

    >>> import dataclasses
    >>> from decimal import Decimal
    >>> from greencert.core import default_scheme
    >>> scheme = default_scheme()
    >>> gap = dataclasses.replace(scheme.likert[1], lower=Decimal("0.25"))
    >>> likert = (scheme.likert[0], gap, *scheme.likert[2:])
    >>> [str(p) for p in check_likert(dataclasses.replace(scheme, likert=likert))]
    ['likert[1].lower: is 0.25 but the band below ends at 0.2: bands must be contiguous']
    """
    problems = _numbered(scheme.likert, "likert")
    for i, band in enumerate(scheme.likert):
        path = f"likert[{i}]"
        if band.lower >= band.upper:
            problems.append(_problem(path, "scheme.band_empty", lower=band.lower, upper=band.upper))
        if i and band.lower != scheme.likert[i - 1].upper:
            below = scheme.likert[i - 1].upper
            problems.append(
                _problem(f"{path}.lower", "scheme.likert_gap", lower=band.lower, below=below)
            )
        if not band.contains(band.alpha):
            problems.append(
                _problem(f"{path}.alpha", "scheme.alpha_outside_band", alpha=band.alpha)
            )
        if decimal_places(band.alpha) > scheme.alpha_places:
            problems.append(_problem(f"{path}.alpha", "scheme.alpha_too_precise", alpha=band.alpha))
    if scheme.likert[0].lower != 0:
        problems.append(_problem("likert[0].lower", "scheme.likert_start"))
    if scheme.likert[-1].upper != 1:
        problems.append(_problem(f"likert[{len(scheme.likert) - 1}].upper", "scheme.likert_end"))
    return problems


def check_weights(scheme: Scheme) -> list[Problem]:
    """Appendix 1: each item once, with a positive 单项分值, the weights adding up to 100.

    >>> from greencert.core import default_scheme
    >>> check_weights(default_scheme())
    []
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in (item for c in scheme.characteristics for item in c.items):
        if item.id in seen:
            problems.append(Problem(code="scheme.defined_twice", item=item.id))
        seen.add(item.id)
        if item.weight <= 0:
            problems.append(
                Problem(code="scheme.weight_not_positive", item=item.id, field="weight")
            )
    total = sum(c.weight for c in scheme.characteristics)
    if total != 100:
        problems.append(_problem("characteristics", "scheme.weights_total", total=total))
    return problems


def check_points(scheme: Scheme) -> list[Problem]:
    """§5.2.5 and Appendix 3: maturity levels 1…n; each clause scores one figure per
    level, strictly rising, its top figure being the clause's worth (总分值).

    >>> import dataclasses
    >>> from greencert.core import default_scheme
    >>> scheme = default_scheme()
    >>> flat = dataclasses.replace(scheme.chapters[0].clauses[0], points=(1, 1, 3, 4, 5))
    >>> chapter = dataclasses.replace(scheme.chapters[0], clauses=(flat,))
    >>> [str(p) for p in check_points(dataclasses.replace(scheme, chapters=(chapter,)))]
    ['clause 1.1.points: [1, 1, 3, 4, 5] must rise with the level']
    """
    problems = _numbered(scheme.maturity_levels, "maturity_levels")
    n_levels = len(scheme.maturity_levels)
    seen: set[str] = set()
    for clause in (clause for ch in scheme.chapters for clause in ch.clauses):
        at = {"clause": clause.id}
        if clause.id in seen:
            problems.append(Problem(code="scheme.defined_twice", **at))
        seen.add(clause.id)
        points = clause.points
        if len(points) != n_levels:
            params = {"count": str(len(points)), "levels": str(n_levels)}
            problems.append(
                Problem(code="scheme.points_count", params=params, field="points", **at)
            )
        if any(b <= a for a, b in pairwise(points)):
            params = {"points": str(list(points))}
            problems.append(
                Problem(code="scheme.points_not_rising", params=params, field="points", **at)
            )
        if points and points[-1] != clause.worth:
            params = {"worth": str(clause.worth), "top": str(points[-1])}
            problems.append(
                Problem(code="scheme.worth_mismatch", params=params, field="worth", **at)
            )
    return problems


def check_management_bands(scheme: Scheme) -> list[Problem]:
    """Appendix 3 说明 3: one management level per maturity level, their total-points
    bands contiguous and covering every total the clauses can add up to.

    >>> import dataclasses
    >>> from greencert.core import default_scheme
    >>> scheme = default_scheme()
    >>> short = dataclasses.replace(scheme.management_levels[-1], upper=140)
    >>> bands = (*scheme.management_levels[:-1], short)
    >>> [str(p) for p in check_management_bands(dataclasses.replace(scheme, management_levels=bands))]
    ['management_levels: cover [20, 140] but totals range over [29, 145]']
    """
    bands = scheme.management_levels
    problems = []
    if len(bands) != len(scheme.maturity_levels):
        problems.append(_problem("management_levels", "scheme.level_count"))
    problems += _numbered(bands, "management_levels")
    for i, band in enumerate(bands):
        if band.lower >= band.upper:
            problems.append(
                _problem(
                    f"management_levels[{i}]",
                    "scheme.band_empty",
                    lower=band.lower,
                    upper=band.upper,
                )
            )
        if i and band.lower != bands[i - 1].upper:
            problems.append(_problem(f"management_levels[{i}].lower", "scheme.bands_gap"))
    clauses = scheme.clauses.values()
    if clauses and all(len(c.points) == len(scheme.maturity_levels) for c in clauses):
        low = sum(c.points[0] for c in clauses)
        high = sum(c.points[-1] for c in clauses)
        if bands[0].lower > low or bands[-1].upper < high:
            problems.append(
                _problem(
                    "management_levels",
                    "scheme.bands_cover",
                    lower=bands[0].lower,
                    upper=bands[-1].upper,
                    low=low,
                    high=high,
                )
            )
    return problems


def check_grades(scheme: Scheme) -> list[Problem]:
    """§5.3 (RULES.md §3): the grade rows, highest first, each strictly easier than the
    row above; a minimum service score in [0, 100] written with no more decimals than
    the rounded score it is compared with, and a minimum level that exists.

    >>> import dataclasses
    >>> from greencert.core import default_scheme
    >>> scheme = default_scheme()
    >>> swapped = (scheme.grades[1], scheme.grades[0], scheme.grades[2])
    >>> [str(p) for p in check_grades(dataclasses.replace(scheme, grades=swapped))]
    ['grades[1]: AAAAA must ask less than AAAA above it: rows go highest first']
    """
    problems: list[Problem] = []
    names: set[str] = set()
    levels = range(1, len(scheme.management_levels) + 1)
    for i, row in enumerate(scheme.grades):
        path = f"grades[{i}]"
        if row.grade in names:
            problems.append(_problem(f"{path}.grade", "scheme.grade_twice", grade=row.grade))
        names.add(row.grade)
        if not row.grade.strip():
            problems.append(_problem(f"{path}.grade", "scheme.grade_blank"))
        if not 0 <= row.min_service <= 100:
            problems.append(
                _problem(f"{path}.min_service", "scheme.min_service_outside", value=row.min_service)
            )
        if decimal_places(row.min_service) > scheme.service_score_places:
            # The rounded score is what is compared: a finer threshold could never be met exactly.
            problems.append(
                _problem(
                    f"{path}.min_service", "scheme.min_service_too_precise", value=row.min_service
                )
            )
        if row.min_management_level not in levels:
            problems.append(
                _problem(
                    f"{path}.min_management_level",
                    "scheme.not_a_level",
                    value=row.min_management_level,
                )
            )
        if i and not _easier(row, scheme.grades[i - 1]):
            above = scheme.grades[i - 1].grade
            problems.append(_problem(path, "scheme.grade_order", grade=row.grade, above=above))
    return problems


def _easier(row, above) -> bool:
    """A row asks no more than the row above in each figure, and less in one."""
    same = (row.min_service, row.min_management_level) == (
        above.min_service,
        above.min_management_level,
    )
    return not (
        same
        or row.min_service > above.min_service
        or row.min_management_level > above.min_management_level
    )


CHECKS = (
    check_identity,
    check_likert,
    check_weights,
    check_points,
    check_management_bands,
    check_grades,
)


def check_scheme(scheme: Scheme) -> list[Problem]:
    """Every breach of every invariant, in the order of the scheme file."""
    return [problem for check in CHECKS for problem in check(scheme)]
