"""The insights as rows in the reader's language: one source for the page and the workbook.

Labels come from the body's current scheme (the item and clause names);
figures are rounded here for showing, once.  Statistics advise; the scheme decides.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from greencert.core.registry import default_scheme
from greencert.web.accounts.raters import rater_names
from greencert.web.clients.divisions import division_name
from greencert.web.form_errors import reader_language
from greencert.web.insights import selectors
from greencert.web.projects.models import Project
from greencert.workbook.tables import Table


def shown(value, places: int = 2) -> Decimal | None:
    """*value* (a Fraction, float or Decimal) to *places* decimals, half up, for showing."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def advice_note() -> str:
    return _(
        "Statistics advise; the scheme decides: none of these figures changes a grade. "
        "They are read from each project's latest frozen result; certified means a decision "
        "granted that result a grade. Each certified organisation counts once, by its latest "
        "certified result (by year: its latest certified result of that year)."
    )


def _english() -> bool:
    return reader_language() == "en"


def item_label(item_id: str) -> str:
    item = default_scheme().items.get(item_id)
    if item is None:
        return item_id
    return f"{item_id} {item.aspect_en if _english() else item.aspect}"


def clause_label(clause_id: str) -> str:
    clause = default_scheme().clauses.get(clause_id)
    if clause is None:
        return clause_id
    return f"{clause_id} {clause.title_en if _english() else clause.title}"


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
        (_("Grades by year"), _("Year"), selectors.grades_by_year(), str),
        (_("Grades by sector"), _("Sector"), selectors.grades_by_sector(), sector_label),
        (_("Grades by region"), _("Region"), selectors.grades_by_province(), province_label),
    ):
        rows = [(label(key), *counts, total) for key, counts, total in table.rows]
        made.append(Table(sheet, (heading, *table.grades, _("Total")), rows))
    return made


def weakest_tables() -> list[Table]:
    items = [
        (item_label(r["item_id"]), shown(r["mean"], 3), r["n"]) for r in selectors.weakest_items()
    ]
    clauses = [
        (clause_label(r["clause_id"]), shown(r["mean"], 2), r["n"])
        for r in selectors.weakest_clauses()
    ]
    return [
        Table(_("Weakest items"), (_("Item"), _("Mean α"), _("Certified organisations")), items),
        Table(
            _("Weakest clauses"),
            (_("Clause"), _("Mean level"), _("Certified organisations")),
            clauses,
        ),
    ]


def leaning_label(leaning: str) -> str:
    return {"lenient": _("lenient"), "harsh": _("harsh")}.get(leaning, "")


def calibration_table() -> Table:
    """One row per rater: an account (``user:<pk>``) by its display name, a name typed on
    sheets without one as typed; two that would read the same also show the username."""
    calibrations = selectors.calibrations()
    names = rater_names(rater for rater, _calibration in calibrations)
    rows = []
    for rater, calibration in sorted(calibrations, key=lambda rc: (names[rc[0]], rc[0])):
        sample = calibration.sample
        interval = sample.interval
        rows.append(
            (
                names[rater],
                sample.n,
                shown(sample.mean),
                shown(interval.low) if interval else None,
                shown(interval.high) if interval else None,
                leaning_label(calibration.leaning),
            )
        )
    headers = (
        _("Rater"),
        _("Shared sites"),
        _("Mean deviation (points)"),
        _("Interval low (95%)"),
        _("Interval high (95%)"),
        _("Flag"),
    )
    return Table(_("Auditor calibration"), headers, rows)


def cycle_table(organisation) -> Table:
    rows = [
        (
            f.project.code,
            str(Project.Kind(f.kind).label) if f.kind in Project.Kind.values else f.kind,
            f.year,
            f.service_score,
            f.management_level,
            f.computed_grade or "—",
            f.granted_grade or "—",
        )
        for f in selectors.cycles(organisation)
    ]
    headers = (
        _("Project"),
        _("Type"),
        _("Year"),
        _("Service score"),
        _("Management level"),
        _("Computed grade"),
        _("Grade granted"),
    )
    return Table(str(organisation.name)[:31], headers, rows)
