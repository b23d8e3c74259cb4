"""Management maturity (管理要求审核, §5.2, Appendix 3).

Each clause rated at level 1–5 scores the points of Appendix 3 (a clause
worth 5 scores 1–5, one worth 10 scores 2–10).  The total gives the
management level by the bands of Appendix 3 说明 3).  A level is only given
once all clauses are rated (RULES.md §2).

>>> from greencert.core import default_scheme
>>> scheme = default_scheme()
>>> result = score_management(scheme, {cid: 4 for cid in scheme.clauses})
>>> result.total, result.band.name
(116, '五级')
"""

from __future__ import annotations

from dataclasses import dataclass

from greencert.core.scheme import Clause, ManagementBand, Scheme


@dataclass(frozen=True)
class ClauseResult:
    clause: Clause
    level: int | None

    @property
    def points(self) -> int | None:
        return None if self.level is None else self.clause.points_for(self.level)


@dataclass(frozen=True)
class ManagementResult:
    clauses: dict[str, ClauseResult]
    total: int  # points of the clauses rated so far
    band: ManagementBand | None  # None until every clause is rated

    @property
    def missing(self) -> list[str]:
        return [cid for cid, r in self.clauses.items() if r.level is None]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def level(self) -> int | None:
        return self.band.level if self.band else None


def score_management(scheme: Scheme, levels: dict[str, int]) -> ManagementResult:
    clauses = {cid: ClauseResult(clause, levels.get(cid)) for cid, clause in scheme.clauses.items()}
    total = sum(r.points for r in clauses.values() if r.points is not None)
    complete = all(r.level is not None for r in clauses.values())
    return ManagementResult(clauses, total, scheme.management_band(total) if complete else None)
