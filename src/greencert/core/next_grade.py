"""The gap to the next grade: the smallest changes that would reach it.

For the grade one row above the one given (the lowest grade when none is
given) this works out:

- **service**: how far the rounded score is below the row, the exact mean
  that rounds up to it, and how many points the evaluations together still
  need (the sum of their scores must rise by that much);
- **management**: the cheapest set of clause level raises — fewest level
  steps, then least overshoot — whose points lift the total into the band
  the row asks for, found exactly by dynamic programming over the clauses;
- **conformity**: the clauses still to rate and the nonconformities to
  close or to get a plan accepted for; the checklist audits still to record,
  their rows still to judge, the exemptions that do not hold (row → why,
  §5.2.2) and the findings still to record as nonconformities.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from greencert.core.conformity import ConformityResult
from greencert.core.maturity import ManagementResult
from greencert.core.rounding import round_half_up
from greencert.core.scheme import GradeRow, Scheme
from greencert.core.service import ServiceResult


@dataclass(frozen=True)
class Raise:
    clause: str
    from_level: int
    to_level: int
    points: int  # points gained


@dataclass(frozen=True)
class NextGrade:
    grade: str
    service: dict | None  # None: the service score already reaches the row
    management: dict | None  # None: the management level already reaches the row
    conformity: dict | None  # None: nothing blocks conformity

    def as_dict(self) -> dict:
        return {
            "grade": self.grade,
            "service": self.service,
            "management": self.management,
            "conformity": self.conformity,
        }


def target_row(
    scheme: Scheme, grade: str | None, service: ServiceResult, management: ManagementResult
) -> GradeRow | None:
    """The grade to aim at next; ``None`` when *grade* is already the highest.

    Normally the row just above *grade*.  When no grade is given although the
    figures already meet some rows (only the conformity review blocks), the
    aim is the highest of those: passing the review reaches it directly.
    """
    rows = list(scheme.grades)  # highest first
    if grade is None:
        met = [
            row
            for row in rows
            if service.score >= row.min_service
            and management.level is not None
            and management.level >= row.min_management_level
        ]
        return met[0] if met else rows[-1]
    index = [r.grade for r in rows].index(grade)
    return rows[index - 1] if index else None


def service_gap(scheme: Scheme, service: ServiceResult, row: GradeRow) -> dict | None:
    if service.score >= row.min_service:
        return None
    places = scheme.service_score_places
    # The smallest exact mean that rounds half-up to the threshold.
    mean_required = Fraction(row.min_service) - Fraction(5, 10 ** (places + 1))
    total_needed = mean_required * service.n - service.mean * service.n
    return {
        "score": str(service.score),
        "required": str(row.min_service),
        "gap": str(row.min_service - service.score),
        "mean_required": str(_exact(mean_required)),
        "n": service.n,
        # Item points are whole hundredths, so this is exact at 2 decimals.
        "total_points_needed": str(round_half_up(total_needed, 2)),
    }


def cheapest_raises(scheme: Scheme, levels: dict[str, int], needed: int) -> list[Raise]:
    """Fewest level steps whose extra points reach *needed*.

    Ties go to the set that climbs least high (a step to level L weighs L,
    so three clauses raised to 三级 beat one raised to 五级), then to the
    least overshoot, then to the earlier clauses.

    >>> from greencert.core import default_scheme
    >>> scheme = default_scheme()
    >>> levels = {cid: 2 for cid in scheme.clauses}      # total 58, 二级
    >>> [(r.clause, r.to_level) for r in cheapest_raises(scheme, levels, 12)]
    [('4.1', 3), ('4.2', 3), ('4.3', 3), ('5.1', 3), ('5.2', 3), ('6.1', 3)]
    """
    if needed <= 0:
        return []
    # best[g] = (steps, effort, gained, raises) for a capped gain g reached so far
    best: dict[int, tuple[int, int, int, tuple[Raise, ...]]] = {0: (0, 0, 0, ())}
    for cid, clause in scheme.clauses.items():
        current = levels[cid]
        options = [
            Raise(cid, current, to, clause.points_for(to) - clause.points_for(current))
            for to in range(current + 1, len(clause.points) + 1)
        ]
        nxt = dict(best)
        for capped, (steps, effort, gained, raises) in best.items():
            for option in options:
                key = min(needed, capped + option.points)
                candidate = (
                    steps + option.to_level - option.from_level,
                    effort + sum(range(option.from_level + 1, option.to_level + 1)),
                    gained + option.points,
                    (*raises, option),
                )
                if key not in nxt or candidate[:3] < nxt[key][:3]:
                    nxt[key] = candidate
        best = nxt
    if needed not in best:
        raise ValueError(f"no set of raises gains {needed} points")
    return list(best[needed][3])


def management_gap(scheme: Scheme, management: ManagementResult, row: GradeRow) -> dict | None:
    if not management.complete:
        return None  # the level is unknown until every clause is rated: see conformity
    if management.level >= row.min_management_level:
        return None
    required_total = scheme.management_levels[row.min_management_level - 1].lower
    levels = {cid: r.level for cid, r in management.clauses.items()}
    raises = cheapest_raises(scheme, levels, required_total - management.total)
    return {
        "level": management.level,
        "required_level": row.min_management_level,
        "total": management.total,
        "required_total": required_total,
        "points_needed": required_total - management.total,
        "steps": sum(r.to_level - r.from_level for r in raises),
        "raises": [
            {"clause": r.clause, "from": r.from_level, "to": r.to_level, "points": r.points}
            for r in raises
        ],
    }


def conformity_gap(conformity: ConformityResult) -> dict | None:
    if conformity.passed:
        return None
    return {
        "rate_clauses": list(conformity.unrated),
        "close_major": list(conformity.open_major),
        "accept_plans": list(conformity.minor_without_plan),
        "record_audits": list(conformity.absent),
        "judge": {kind: list(a.unjudged) for kind, a in conformity.audits.items() if a.unjudged},
        "exemptions": {
            row: why for a in conformity.audits.values() for row, why in a.refused.items()
        },
        "record_findings": [f"{kind} {row}" for kind, row in conformity.uncited],
    }


def next_grade(
    scheme: Scheme,
    grade: str | None,
    service: ServiceResult,
    management: ManagementResult,
    conformity: ConformityResult,
) -> NextGrade | None:
    row = target_row(scheme, grade, service, management)
    if row is None:
        return None
    return NextGrade(
        row.grade,
        service_gap(scheme, service, row),
        management_gap(scheme, management, row),
        conformity_gap(conformity),
    )


def _exact(value: Fraction) -> Decimal:
    """A fraction with a finite decimal expansion, written exactly."""
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
    return round_half_up(value, digits)
