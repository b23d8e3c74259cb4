"""Builders of the insights tests: a project rated by two auditors and a customer, taken to a
decision through the services; and stored figures made directly, for pages over many clients."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.certification.models import (
    ClauseFigure,
    ItemFigure,
    ResultFigures,
    ResultSnapshot,
)
from greencert.web.certification.services.project_states import change_state
from greencert.web.clients.models import Organisation
from greencert.web.projects.models import Project
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from tests.web.audit_support import judge_all_conforming
from tests.web.certification.findings_support import grant, recommend

SCHEME = default_scheme()
ITEMS = list(SCHEME.items)


def rate(world, code, alpha, *, evaluator, source="auditor", site=None, first=None):
    """One sheet, every item at *alpha* (the first item at *first* when given)."""
    ratings = {item: Rating.of_alpha(Decimal(alpha), SCHEME) for item in ITEMS}
    if first is not None:
        ratings[ITEMS[0]] = Rating.of_alpha(Decimal(first), SCHEME)
    save_evaluation(
        actor=world.leader,
        assessment=world.project.assessment,
        header={
            "code": code,
            "evaluator": evaluator,
            "date": world.project.planned_start + datetime.timedelta(days=1),
            "source": source,
            "site": site,
        },
        ratings=ratings,
    )


def rated(world):
    """李明 α 0.92 (92 points) and 王芳 α 0.88 (88) at the site, a customer α 0.80 (80) with the
    first item at 0.50; every clause at level 4 (116 points, 五级); both checklists conforming."""
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    rate(world, "E1", "0.92", evaluator="李明", site=world.site)
    rate(world, "E2", "0.88", evaluator="王芳", site=world.site)
    rate(world, "E3", "0.80", evaluator="顾客甲", source="customer", first="0.50")
    assessment = world.project.assessment
    assessment.refresh_from_db()
    save_maturity(
        actor=world.leader,
        assessment=assessment,
        levels={cid: {"level": 4} for cid in SCHEME.clauses},
        expected_version=assessment.maturity_version,
    )
    judge_all_conforming(assessment, world.leader)
    return world


def complete(world):
    change_state(actor=world.leader, project=world.project, to=Project.State.EVALUATION_COMPLETE)
    world.project.refresh_from_db()


def decided(world, grade="AAA"):
    complete(world)
    recommend(world)
    return grant(world, grade=grade)


_codes = itertools.count(1)


def stored(
    organisation: Organisation,
    *,
    actor,
    grade: str = "AAAA",
    sector: str = "物业服务",
    region: str = "360102",
    year: int = 2026,
    alpha: str = "0.90",
    kind: str = Project.Kind.INITIAL,
    current: bool = True,
    items: dict | None = None,
    clauses: dict | None = None,
    project: Project | None = None,
    result: dict | None = None,
) -> ResultFigures:
    """A project with a frozen result's figures written as given (not computed): for pages
    that read many clients' figures.  Every item's mean α is *alpha* and every clause at
    level 4 unless *items* or *clauses* say otherwise; the snapshot's *result* is empty unless
    given."""
    project = project or Project.objects.create(
        code=f"T-{next(_codes):05d}",
        organisation=organisation,
        kind=kind,
        scope="服务",
        scheme_label=SCHEME.label,
        scheme_hash=SCHEME.hash,
        planned_start=datetime.date(year, 3, 1),
        planned_end=datetime.date(year, 3, 2),
        state=Project.State.DECIDED if grade else Project.State.EVALUATION_COMPLETE,
    )
    snapshot = ResultSnapshot.objects.create(
        project=project,
        number=project.snapshots.count() + 1,
        created_by=actor,
        scheme_label=SCHEME.label,
        scheme_hash=SCHEME.hash,
        inputs={},
        result=result or {},
        result_en={},
        grade=grade,
    )
    figures = ResultFigures.objects.create(
        snapshot=snapshot,
        project=project,
        organisation=organisation,
        kind=kind,
        current=current,
        year=year,
        sector=sector,
        region_code=region,
        computed_grade=grade,
        granted_grade=grade,
        service_score=Decimal(alpha) * 100,
        evaluations=3,
        management_level=4,
    )
    means = {item: Decimal(alpha) for item in ITEMS} | (items or {})
    ItemFigure.objects.bulk_create(
        ItemFigure(figures=figures, item_id=i, mean_alpha=m) for i, m in means.items()
    )
    levels = dict.fromkeys(SCHEME.clauses, 4) | (clauses or {})
    ClauseFigure.objects.bulk_create(
        ClauseFigure(figures=figures, clause_id=c, level=n) for c, n in levels.items()
    )
    return figures


def organisation(name: str, *, sector: str = "物业服务", region: str = "360102") -> Organisation:
    return Organisation.objects.create(
        name=name,
        address="南昌市",
        uscc=f"T{next(_codes):017d}",  # unique; the check character is not under test here
        industry=sector,
        region_code=region,
    )
