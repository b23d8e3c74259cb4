"""The figures the body's statistics read, written beside each frozen result (issue 18 §4).

One :class:`ResultFigures` row per snapshot, with a row per item (mean α), per
clause (maturity level) and per rater and shared site (deviation from the
co-raters, :mod:`greencert.core.statistics.calibration`).  Written in the
transaction that freezes the snapshot, from the core's result of that moment;
the pages never score again.  Statistics advise; the scheme decides.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import transaction

from greencert.core.assessment import Assessment as Result
from greencert.core.assessment import assess_data
from greencert.core.registry import get_scheme
from greencert.core.statistics.agreement import RATER_SOURCES, rater_of
from greencert.core.statistics.calibration import site_deviations
from greencert.web.certification.models import (
    ClauseFigure,
    ItemFigure,
    RaterDeviation,
    ResultFigures,
    ResultSnapshot,
)

FOUR_PLACES = Decimal("0.0001")


def _decimal(value: Fraction) -> Decimal:
    """Four decimals, half up: the stored figures advise, they are never compared to a rule."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        FOUR_PLACES, rounding=ROUND_HALF_UP
    )


def rater_sources(evaluations) -> dict[tuple[str, str], str]:
    """(site, rater) → the source of the rater's first sheet there, as ``site_deviations``
    counts it (auditors and mystery shoppers; a rater's later sheets of a site set aside)."""
    sources: dict[tuple[str, str], str] = {}
    for e in evaluations:
        rater = rater_of(e)
        if e.source in RATER_SOURCES and rater:
            sources.setdefault((e.site, rater), e.source)
    return sources


def record_figures(*, snapshot: ResultSnapshot, result: Result) -> ResultFigures:
    """Keep *snapshot*'s figures from *result* (the core's result it froze); they are current
    unless a later snapshot of the project exists (a backfill of an older one), and then the
    project's earlier figures stop being current.  Called inside the freezing transaction."""
    project = snapshot.project
    organisation = project.organisation
    current = not project.snapshots.filter(number__gt=snapshot.number).exists()
    if current:
        ResultFigures.objects.filter(project=project, current=True).update(current=False)
    service, management = result.service, result.management
    figures = ResultFigures.objects.create(
        snapshot=snapshot,
        project=project,
        organisation=organisation,
        kind=project.kind,
        current=current,
        year=snapshot.created_at.year,
        sector=organisation.industry.strip(),
        region_code=organisation.region_code,
        computed_grade=result.grade or "",
        service_score=service.score if service else None,
        evaluations=service.n if service else 0,
        management_level=management.level if management else None,
    )
    if service:
        ItemFigure.objects.bulk_create(
            ItemFigure(figures=figures, item_id=i, mean_alpha=_decimal(f.mean_alpha))
            for i, f in service.items.items()
        )
    if management:
        ClauseFigure.objects.bulk_create(
            ClauseFigure(figures=figures, clause_id=c, level=r.level)
            for c, r in management.clauses.items()
            if r.level is not None
        )
    evaluations = result.input.evaluations or ()
    sources = rater_sources(evaluations)
    RaterDeviation.objects.bulk_create(
        RaterDeviation(
            figures=figures,
            site=d.site,
            rater=d.rater,
            deviation=_decimal(d.deviation),
            co_raters=d.co_raters,
            source=sources.get((d.site, d.rater), ""),
        )
        for d in site_deviations(result.scheme, evaluations)
    )
    return figures


def record_decision(*, snapshot: ResultSnapshot, granted_grade: str, year: int) -> None:
    """The grade a decision granted on *snapshot* ("" when refused) and the decision's year."""
    ResultFigures.objects.filter(snapshot=snapshot).update(granted_grade=granted_grade, year=year)


def backfill_figures() -> int:
    """Figures for every snapshot frozen before they were kept, from the inputs it froze (not
    today's sheets), oldest first so the latest stays current; then each decision's grade.
    Returns how many snapshots gained figures."""
    missing = ResultSnapshot.objects.filter(figures__isnull=True).select_related(
        "project__organisation"
    )
    done = 0
    for snapshot in missing.order_by("project_id", "number").iterator():
        scheme = get_scheme(snapshot.scheme_label)
        if scheme.hash != snapshot.scheme_hash:
            continue  # frozen under another scheme file: not comparable, left out
        with transaction.atomic():
            record_figures(snapshot=snapshot, result=assess_data(scheme, snapshot.inputs))
            decision = snapshot.decisions.order_by("-revision").first()
            if decision:
                record_decision(
                    snapshot=snapshot, granted_grade=decision.grade, year=decision.decided_on.year
                )
        done += 1
    return done
