"""The insights as rows in the reader's language: one source for the page and the workbook.

Labels come from the body's current scheme (the item and clause names);
figures are rounded here for showing, once.  Statistics advise; the scheme decides.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from greencert.core.registry import default_scheme
from greencert.web.accounts.raters import account_pk, rater_names
from greencert.web.clients.divisions import division_name
from greencert.web.form_errors import reader_language
from greencert.web.insights import selectors
from greencert.web.projects.models import Evaluation, Project
from greencert.workbook.tables import Table


def shown(value, places: int = 2) -> Decimal | None:
    """*value* (a Fraction, float or Decimal) to *places* decimals, half up, for showing."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


ADVICE_FIRST = "Statistics advise; the scheme decides"  # how every note starts (English)


def advice_note() -> str:
    """The staff page's note: what the figures are and how organisations are counted."""
    return _(
        "Statistics advise; the scheme decides: none of these figures changes a grade. "
        "They are read from each project's latest frozen result; certified means a decision "
        "granted that result a grade and the organisation's certificate is in force."
    )


def short_note() -> str:
    """The note of a page about one organisation (its cycles, a client's benchmark)."""
    return _("Statistics advise; the scheme decides: none of these figures changes a grade.")


def grade_captions() -> dict[str, str]:
    """What each grades table counts: by year is history, by sector and region today."""
    return {
        "grades-year": _(
            "Every grade granted, in the year its decision was made: an organisation counts "
            "once a year, by its latest grant of that year, whether or not its certificate "
            "is still in force."
        ),
        "grades-sector": _(
            "Organisations certified now (certificate in force), each once, by its latest "
            "certified result."
        ),
        "grades-region": _(
            "Organisations certified now (certificate in force), each once, by its latest "
            "certified result; the region is the province of its division code."
        ),
    }


def _english() -> bool:
    return reader_language() == "en"


def item_label(item_id: str) -> str:
    """An item as the product names it elsewhere: its number, characteristic and aspect
    (``1.1 功能性 · 人员``)."""
    scheme = default_scheme()
    item = scheme.items.get(item_id)
    if item is None:
        return item_id
    characteristic = scheme.characteristic_by_id[item.characteristic_id]
    if _english():
        return f"{item_id} {characteristic.name_en} · {item.aspect_en}"
    return f"{item_id} {characteristic.name} · {item.aspect}"


def clause_label(clause_id: str) -> str:
    clause = default_scheme().clauses.get(clause_id)
    if clause is None:
        return clause_id
    return f"{clause_id} {clause.title_en if _english() else clause.title}"


def percent(rank: Fraction | None) -> int | None:
    """A percentile rank (in per cent) to a whole per cent, half up; ``None`` stays.

    >>> percent(Fraction(70)), percent(Fraction(125, 2)), percent(None)
    (70, 63, None)
    """
    if rank is None:
        return None
    return int(shown(rank, 0))


def province_label(prefix: str | None) -> str:
    if not prefix:
        return _("(no division code)")
    return division_name(f"{prefix}0000") or prefix


def sector_label(sector: str) -> str:
    return sector or _("(no sector given)")


def grade_tables() -> list[Table]:
    """Grades by year, by sector and by province, as tables."""
    made = []
    for sheet, heading, table, label in (
        (_("Grades by year"), _("Year of decision"), selectors.grades_by_year(), int),
        (_("Grades by sector"), _("Sector"), selectors.grades_by_sector(), sector_label),
        (_("Grades by region"), _("Region"), selectors.grades_by_province(), province_label),
    ):
        rows = [(label(key), *counts, total) for key, counts, total in table.rows]
        made.append(Table(sheet, (heading, *table.grades, _("Total")), rows))
    return made


def weakest_tables(*, every: bool = False) -> list[Table]:
    """The items and clauses by mean, lowest first, with their rank (ties share one): on the
    page the first five and any tied with the fifth; with *every*, all (the workbook)."""
    cut = (lambda rows: rows) if every else selectors.lowest
    items = [
        (r["rank"], item_label(r["item_id"]), shown(r["mean"], 3), r["n"])
        for r in cut(selectors.weakest_items())
    ]
    clauses = [
        (r["rank"], clause_label(r["clause_id"]), shown(r["mean"], 2), r["n"])
        for r in cut(selectors.weakest_clauses())
    ]
    return [
        Table(
            _("Items by mean α") if every else _("Weakest items"),
            (_("Rank"), _("Item"), _("Mean α"), _("Certified organisations")),
            items,
            (None, None, "0.000"),
        ),
        Table(
            _("Clauses by mean level") if every else _("Weakest clauses"),
            (_("Rank"), _("Clause"), _("Mean level"), _("Certified organisations")),
            clauses,
            (None, None, "0.00"),
        ),
    ]


def tie_note(table: Table) -> str:
    """A sentence when the rows shown are more than five because of ties, or all tied."""
    ranks = [row[0] for row in table.rows]
    if len(ranks) > 1 and len(set(ranks)) == 1:
        return _("All %(n)d rows shown are tied: none of them is weaker than another.") % {
            "n": len(ranks)
        }
    if len(ranks) > selectors.WEAKEST:
        return _("More than five rows: those tied with the fifth are all shown.")
    return ""


def leaning_label(leaning: str) -> str:
    return {"lenient": _("lenient"), "harsh": _("harsh")}.get(leaning, "")


def source_label(sources: set[str]) -> str:
    """The kinds of sheet a rater rated: auditor, mystery shopper or both."""
    labels = dict(Evaluation.Source.choices)
    return " / ".join(str(labels[s]) for s in ("auditor", "mystery_shopper") if s in sources)


def identity_label(rater: str) -> str:
    """Whether a rater is an account (one person) or a typed name (perhaps several)."""
    if account_pk(rater) is not None:
        return _("Account")
    return _("Typed name (may be several people)")


def calibration_table() -> Table:
    """One row per rater (auditors and mystery shoppers): an account (``user:<pk>``) by its
    display name, a name typed on sheets without one as typed; two that would read the same
    also show the username.  Each row says which it is and the kind of sheets it rated."""
    calibrations = selectors.calibrations()
    raters = [rater for rater, _calibration in calibrations]
    names = rater_names(raters)
    sources = selectors.rater_sources()
    rows = []
    for rater, calibration in sorted(calibrations, key=lambda rc: (names[rc[0]], rc[0])):
        sample = calibration.sample
        interval = sample.interval
        rows.append(
            (
                names[rater],
                identity_label(rater),
                source_label(sources.get(rater, set())) or None,
                sample.n,
                shown(sample.mean),
                shown(interval.low) if interval else None,
                shown(interval.high) if interval else None,
                leaning_label(calibration.leaning),
            )
        )
    headers = (
        _("Rater"),
        _("Identified by"),
        _("Rated as"),
        _("Shared sites"),
        _("Mean deviation (points)"),
        _("Interval low (95%)"),
        _("Interval high (95%)"),
        _("Flag"),
    )
    points = "0.00"  # deviations in points, two decimals as the page shows them
    return Table(_("Rater calibration"), headers, rows, (None, None, None, None, *[points] * 3))


def level_label(level: int | None) -> str | None:
    """A management level as the result pages word it: the scheme's 三级, or Level 3."""
    bands = {band.level: band for band in default_scheme().management_levels}
    if level is None:
        return None
    band = bands.get(level)
    if band is None:
        return str(level)
    return band.name_en if _english() else band.name


def cycle_cells(f) -> tuple:
    """One cycle (a project's current result, annotated by ``selectors.cycles``) as cells:
    the score to one decimal as the result pages show it, and its 95 % interval (within
    0–100) as the frozen result stored it, if it did."""
    return (
        f.project.code,
        str(Project.Kind(f.kind).label) if f.kind in Project.Kind.values else f.kind,
        f.year,
        shown(f.service_score, 1),
        shown(f.interval_low, 1),
        shown(f.interval_high, 1),
        f.evaluations or None,
        level_label(f.management_level),
        f.computed_grade or None,
        f.granted_grade or None,
    )


def cycle_rows(organisation) -> list[dict]:
    """The organisation's cycles, oldest first, with each project for its link."""
    return [{"project": f.project, "cells": cycle_cells(f)} for f in selectors.cycles(organisation)]


CYCLE_FORMATS = (None, None, None, "0.0", "0.0", "0.0")  # scores to one decimal, as shown


def cycle_headers() -> tuple[str, ...]:
    return (
        _("Project"),
        _("Type"),
        _("Year (decision, else frozen)"),
        _("Service score"),
        _("Interval low (95%)"),
        _("Interval high (95%)"),
        _("Evaluations"),
        _("Management level"),
        _("Computed grade"),
        _("Grade granted"),
    )


def cycle_table(organisation) -> Table:
    rows = [row["cells"] for row in cycle_rows(organisation)]
    return Table(str(organisation.name)[:31], cycle_headers(), rows, CYCLE_FORMATS)


def all_cycles_table() -> Table:
    """Every organisation's cycles in one sheet (the workbook): one row per project."""
    rows = []
    for f in selectors.all_cycles():
        rows.append((f.organisation.name, *cycle_cells(f)))
    headers = (_("Organisation"), *cycle_headers())
    return Table(_("Organisations' cycles"), headers, rows, (None, *CYCLE_FORMATS))
