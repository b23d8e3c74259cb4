"""What the insights pages read: the stored figures of each project's latest frozen result.

Nothing is scored here (``certification.services.figures`` wrote the rows with
each result).  *Certified* means the project's current result was granted a
grade by a decision and its organisation still holds a certificate in force (or
none yet: one granted and waiting to be issued) — an organisation whose
certificates are all suspended, withdrawn or expired no longer counts.

The grades, the weakest items and clauses, and the peers of a benchmark count
certified *organisations*, each once, whatever number of projects (initial,
surveillance, recertification) it has: by its latest certified result
(:func:`latest_certified`).  By year is history, not today's standing: every grant
counts in the year it was decided, each organisation once a year by its latest grant of
that year (:func:`latest_granted_by_year`), whether or not its certificate is in force now.
Rater calibration reads every current result, certified or not: a rater's
deviation does not depend on the outcome.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Avg, BigIntegerField, Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Round, Substr
from django.utils import timezone

from greencert.core.registry import default_scheme
from greencert.core.statistics.calibration import Calibration
from greencert.core.statistics.percentile import MIN_PEERS, benchmark
from greencert.core.statistics.sample import describe_sums
from greencert.web.certification.models import (
    Certificate,
    ClauseFigure,
    ItemFigure,
    RaterDeviation,
    ResultFigures,
)

WEAKEST = 5  # how many items and clauses the page lists (and any tied with the last)


def certified() -> QuerySet[ResultFigures]:
    certificates = Certificate.objects.filter(organisation=OuterRef("organisation"))
    in_force = certificates.filter(
        status=Certificate.Status.VALID, expires_on__gte=timezone.localdate()
    )
    return (
        ResultFigures.objects.filter(current=True)
        .exclude(granted_grade="")
        .filter(Exists(in_force) | ~Exists(certificates))
    )


def latest_certified() -> QuerySet[ResultFigures]:
    """Each certified organisation's latest certified result (the latest year, then the latest
    frozen).  One query: a row is kept when no certified result of its organisation is newer."""
    newer = (
        ResultFigures.objects.filter(current=True, organisation=OuterRef("organisation"))
        .exclude(granted_grade="")  # the certificate in force is the organisation's: as the row's
        .filter(
            Q(year__gt=OuterRef("year"))
            | Q(year=OuterRef("year"), snapshot_id__gt=OuterRef("snapshot_id"))
        )
    )
    return certified().filter(~Exists(newer))


def latest_granted_by_year() -> QuerySet[ResultFigures]:
    """Each organisation's latest granted result of each year a decision granted it one,
    whatever its certificate's status today: a year's grades are that year's decisions."""
    granted = ResultFigures.objects.filter(current=True).exclude(granted_grade="")
    newer = granted.filter(
        organisation=OuterRef("organisation"),
        year=OuterRef("year"),
        snapshot_id__gt=OuterRef("snapshot_id"),
    )
    return granted.filter(~Exists(newer))


@dataclass(frozen=True)
class GradeTable:
    """Counts of certified organisations by *key* (a year, a sector, a region) and grade."""

    grades: tuple[str, ...]  # the columns, lowest grade first
    rows: tuple[tuple[object, tuple[int, ...], int], ...]  # key, count per grade, total


def scheme_grades() -> tuple[str, ...]:
    """The scheme's grades, lowest first: every one is a column, even when none holds it."""
    return tuple(row.grade for row in reversed(default_scheme().grades))


def _grade_table(field, results: QuerySet[ResultFigures]) -> GradeTable:
    counts = (
        results.annotate(key=field)
        .values("key", "granted_grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict = defaultdict(dict)
    for row in counts:
        table[row["key"]][row["granted_grade"]] = row["n"]
    known = scheme_grades()
    others = sorted(
        {g for by in table.values() for g in by} - set(known), key=lambda g: (len(g), g)
    )
    grades = (*known, *others)
    rows = tuple(
        (key, tuple(by.get(g, 0) for g in grades), sum(by.values()))
        for key, by in sorted(table.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    )
    return GradeTable(grades, rows)


def grades_by_year() -> GradeTable:
    """Grants by the year they were decided (history: see the module's note)."""
    return _grade_table(F("year"), latest_granted_by_year())


def grades_by_sector() -> GradeTable:
    """Organisations certified now, by sector."""
    return _grade_table(F("sector"), latest_certified())


def grades_by_province() -> GradeTable:
    """By province: the first two digits of the organisation's division code."""
    return _grade_table(Substr("region_code", 1, 2), latest_certified())


def ranked(rows: list[dict], places: int) -> list[dict]:
    """*rows* (ordered by ``mean``) with a ``rank``: means equal to *places* decimals (as the
    page shows them, so a float sum's last digit never splits a tie) share a rank, and the
    next rank skips as many (1, 1, 3) — so a tie reads as a tie, not as an order.

    >>> [r["rank"] for r in ranked([{"mean": 3}, {"mean": 3.001}, {"mean": 3.5}], 2)]
    [1, 1, 3]
    """
    step = Decimal(1).scaleb(-places)
    previous = None
    for position, row in enumerate(rows, start=1):
        mean = Decimal(str(row["mean"])).quantize(step, rounding=ROUND_HALF_UP)
        row["rank"] = rows[position - 2]["rank"] if mean == previous else position
        previous = mean
    return rows


def lowest(rows: list[dict], limit: int = WEAKEST) -> list[dict]:
    """The first *limit* of ranked *rows* and every row tied with the last of them: the cut
    never falls inside a tie.

    >>> [r["rank"] for r in lowest(ranked([{"mean": m} for m in (1, 2, 2, 2, 5)], 0), 2)]
    [1, 2, 2, 2]
    """
    if len(rows) <= limit:
        return rows
    last = rows[limit - 1]["rank"]
    return [row for row in rows if row["rank"] <= last]


def weakest_items() -> list[dict]:
    """Every item, the lowest mean α across certified organisations first (each by its latest
    certified result): item_id, mean, n (organisations), rank."""
    return ranked(
        list(
            ItemFigure.objects.filter(figures__in=latest_certified())
            .values("item_id")
            .annotate(mean=Avg("mean_alpha"), n=Count("id"))
            .order_by("mean", "item_id")
        ),
        3,  # α's decimals as shown
    )


def weakest_clauses() -> list[dict]:
    """Every clause, the lowest mean maturity level across certified organisations first (each
    by its latest certified result): clause_id, mean, n (organisations), rank."""
    return ranked(
        list(
            ClauseFigure.objects.filter(figures__in=latest_certified())
            .values("clause_id")
            .annotate(mean=Avg("level"), n=Count("id"))
            .order_by("mean", "clause_id")
        ),
        2,  # a mean level's decimals as shown
    )


DEVIATION_SCALE = 10_000  # deviations are stored to four decimals: whole units of 1/10,000


def calibrations() -> list[tuple[str, Calibration]]:
    """Each rater's calibration over the sites they shared in current results, by name.

    The database adds up each rater's count, sum and sum of squares in integer units (the
    stored four decimals, rounded so that a float on SQLite is read exactly); the spread and
    interval follow from those (``describe_sums``: the same figures as ``calibrate``)."""
    units = Cast(Round(F("deviation") * DEVIATION_SCALE), BigIntegerField())
    rows = (
        RaterDeviation.objects.filter(figures__current=True)
        .annotate(units=units)
        .values("rater")
        .annotate(n=Count("id"), total=Sum("units"), squares=Sum(F("units") * F("units")))
        .order_by("rater")
    )
    return [
        (
            row["rater"],
            Calibration(describe_sums(row["n"], row["total"], row["squares"], DEVIATION_SCALE)),
        )
        for row in rows
    ]


def rater_sources() -> dict[str, set[str]]:
    """The sources (auditor, mystery shopper) of each rater's sheets behind the deviations of
    current results, as stored with them (a deviation stored before they were kept has none)."""
    found: dict[str, set[str]] = defaultdict(set)
    rows = (
        RaterDeviation.objects.filter(figures__current=True)
        .exclude(source="")
        .values_list("rater", "source")
        .distinct()
    )
    for rater, source in rows:
        found[rater].add(source)
    return found


def _with_interval(results: QuerySet[ResultFigures]) -> QuerySet[ResultFigures]:
    """*results* with the score's interval as its frozen result shows it (``interval_low``,
    ``interval_high``: text, or ``None`` when not stored), read in the database."""
    shown = KeyTransform("interval_shown", KeyTransform("statistics", "snapshot__result"))
    return results.annotate(
        interval_low=KeyTextTransform("low", shown), interval_high=KeyTextTransform("high", shown)
    )


def cycles(organisation) -> list[ResultFigures]:
    """The organisation's current result of each project, oldest first: its cycles."""
    return list(
        _with_interval(ResultFigures.objects.filter(organisation=organisation, current=True))
        .select_related("project")
        .order_by("year", "project__planned_start", "project_id")
    )


def all_cycles() -> QuerySet[ResultFigures]:
    """Every organisation's cycles, by organisation name, then as :func:`cycles`."""
    return (
        _with_interval(ResultFigures.objects.filter(current=True))
        .select_related("project", "organisation")
        .order_by(
            "organisation__name", "organisation_id", "year", "project__planned_start", "project_id"
        )
    )


@dataclass(frozen=True)
class ItemStanding:
    item_id: str
    mean_alpha: Decimal
    rank: Fraction | None  # None when too few peers


def standing(figures: ResultFigures) -> tuple[int, list[ItemStanding]]:
    """Where each item of *figures* stands among the certified peers of its sector: the other
    organisations whose latest certified result (:func:`latest_certified`) is of that sector.
    Returns the number of peers and the items; ranks are ``None`` below :data:`MIN_PEERS`."""
    peers = (
        latest_certified()
        .filter(sector=figures.sector)
        .exclude(organisation_id=figures.organisation_id)
        .exclude(sector="")
    )
    count = peers.count()
    values: dict[str, list[Decimal]] = defaultdict(list)
    if count >= MIN_PEERS:
        rows = ItemFigure.objects.filter(figures__in=peers)
        for item_id, mean in rows.values_list("item_id", "mean_alpha"):
            values[item_id].append(mean)
    items = [
        ItemStanding(f.item_id, f.mean_alpha, benchmark(f.mean_alpha, values.get(f.item_id, [])))
        for f in figures.items.order_by("id")
    ]
    return count, items


def current_figures(project) -> ResultFigures | None:
    return ResultFigures.objects.filter(project=project, current=True).first()
