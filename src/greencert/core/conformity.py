"""The management conformity gate (必须通过管理要求符合性审查, §5.3; RULES.md §3).

Passed when every clause is rated, no major nonconformity is still open
(a major one must be closed; an accepted plan is not enough), and every
open minor nonconformity has an accepted corrective-action plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from greencert.core.inputs import Nonconformity
from greencert.core.maturity import ManagementResult
from greencert.core.scheme import Scheme


@dataclass(frozen=True)
class ConformityResult:
    unrated: tuple[str, ...]  # clauses not yet rated
    open_major: tuple[str, ...]  # major nonconformities not closed
    minor_without_plan: tuple[str, ...]  # open minor ones with no accepted plan

    @property
    def passed(self) -> bool:
        return not (self.unrated or self.open_major or self.minor_without_plan)


def check_conformity(
    scheme: Scheme,
    management: ManagementResult | None,
    nonconformities: tuple[Nonconformity, ...],
) -> ConformityResult:
    unrated = tuple(management.missing) if management else tuple(scheme.clauses)
    open_major = tuple(
        nc.id for nc in nonconformities if nc.severity == "major" and nc.status != "closed"
    )
    minor = tuple(nc.id for nc in nonconformities if nc.severity == "minor" and nc.status == "open")
    return ConformityResult(unrated, open_major, minor)
