"""The result's charts for a page, as the PDF draws them: the characteristics radar, each item's
points beside its weight, each clause's points beside its worth (:mod:`greencert.reports.svg_charts`).

The figures are the result's own strings, the names those the page already shows, in its
language; the SVG escapes every text, so it is marked safe here.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from greencert.reports.svg_charts import bars_svg, radar_svg


def radar(labels: list[str], percents: list[str]) -> SafeString:
    title = _("Percentage per characteristic (%)")
    return mark_safe(radar_svg(labels, percents, title=title))  # every text escaped by svg_charts


def clause_bars(ids: list[str], points: list, worth: list) -> SafeString:
    svg = bars_svg(
        ids,
        points,
        worth,
        title=_("Clause points and worth"),
        legend=(_("points"), _("worth")),
    )
    return mark_safe(svg)  # every text escaped by svg_charts


def item_bars(ids: list[str], points: list[str], weights: list) -> SafeString:
    svg = bars_svg(
        ids,
        points,
        weights,
        title=_("Item points and weight"),
        legend=(_("points"), _("weight")),
    )
    return mark_safe(svg)  # every text escaped by svg_charts


def result_charts(shown: dict) -> dict:
    """The charts of a live result laid out by :func:`.result_display.present`."""
    charts = {}
    if service := shown.get("service"):
        characteristics = service["characteristics"]
        items = [i for c in characteristics for i in c["items"]]
        charts["radar"] = radar(
            [f"{c['id']} {c['name']}" for c in characteristics],
            [c["percent"] for c in characteristics],
        )
        charts["items"] = item_bars(
            [i["id"] for i in items], [i["points"] for i in items], [i["weight"] for i in items]
        )
    rows = [r for chapter in shown["management"]["chapters"] for r in chapter["rows"]]
    if any(r["points"] is not None for r in rows):
        charts["clauses"] = clause_bars(
            [r["id"] for r in rows], [r["points"] for r in rows], [r["worth"] for r in rows]
        )
    return charts
