"""The charts of the assessment report, as vector drawings.

Each drawing starts in the embedded font (``initialFontName``): its default
would pull an un-embedded Helvetica into the PDF.  The charts only place shapes; every number written on them is the result's
own figure string, so a chart never shows a figure the tables do not.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from greencert.reports.interval_chart import (
    IntervalFrame,
    IntervalLabels,
    Shape,
    interval_shapes,
)
from greencert.reports.pdfbase import GREEN, GRID, INK, PALE
from greencert.reports.svg_charts import RINGS  # the web page's radar has the same rings


def radar(font: str, labels: list[str], percents: list[str], size: float = 250) -> Drawing:
    """Spider chart of the characteristics' percentages on a fixed 0–100 % scale."""
    drawing = Drawing(size + 160, size + 80, initialFontName=font)
    chart = SpiderChart()
    chart.x, chart.y, chart.width, chart.height = 80, 38, size, size
    values = [float(p) for p in percents]  # position only; the label is the string
    # Rings at the band edges and a 100 % outline fix the scale (the chart scales to its maximum).
    chart.data = [values, *([r] * len(values) for r in RINGS), [100] * len(values)]
    # Name and percentage together at the spoke's end, clear of the 100 % outline.
    chart.labels = [f"{name}\n{pct} %" for name, pct in zip(labels, percents, strict=True)]
    chart.spokes.labelRadius = 1.16
    chart.spokeLabels.fontName = font
    chart.spokeLabels.fontSize = 8
    chart.spokeLabels.fillColor = INK
    chart.spokes.strokeColor = GRID
    chart.strands.strokeColor = GRID
    chart.strands.strokeWidth = 0.3
    chart.strands.fillColor = None
    chart.strands[0].strokeColor = GREEN
    chart.strands[0].strokeWidth = 1.5
    chart.strands[0].fillColor = PALE
    chart.strands[len(chart.data) - 1].strokeWidth = 0.8
    drawing.add(chart)
    return drawing


def clause_bars(
    font: str, clause_ids: list[str], points: list[int | None], worth: list[int]
) -> Drawing:
    """Each clause's points beside what it is worth (an unrated clause shows no bar)."""
    width, height = 480, 190
    drawing = Drawing(width, height, initialFontName=font)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 35, width - 40, height - 60
    chart.data = [[p or 0 for p in points], list(worth)]
    chart.bars[0].fillColor = GREEN
    chart.bars[1].fillColor = PALE
    chart.bars.strokeColor = GRID
    chart.bars.strokeWidth = 0.3
    chart.groupSpacing = 4
    chart.barSpacing = 0.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(worth)
    chart.valueAxis.valueStep = 2
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = GRID
    chart.categoryAxis.categoryNames = clause_ids
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.strokeColor = GRID
    drawing.add(chart)
    legend = Legend()
    legend.fontName = font
    legend.fontSize = 7.5
    legend.x, legend.y = 40, height - 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(GREEN, "得分 points"), (PALE, "分值 worth")]
    drawing.add(legend)
    return drawing


def interval(font: str, statistics: dict, labels: IntervalLabels, scale: float = 0.76) -> Drawing:
    """The service score's interval on the grade scale: the page's chart
    (:func:`greencert.reports.interval_chart.interval_shapes`), drawn with ReportLab's shapes and
    shrunk by *scale* to the report's column.  The names' column is as wide as the longest name
    in *font* (a bilingual name is long: cut, it would lose its English)."""

    def measure(text: str, size: float) -> float:
        return stringWidth(text, font, size)

    layout = interval_shapes(statistics, labels, IntervalFrame(left=None), measure)
    height = layout.height
    drawing = Drawing(layout.width * scale, height * scale, initialFontName=font)
    group = Group(transform=(scale, 0, 0, scale, 0, 0))
    for s in layout.shapes:
        group.add(_pdf_shape(s, font, height))
    drawing.add(group)
    return drawing


def _pdf_shape(s: Shape, font: str, height: float):
    """One shape in ReportLab's coordinates (y upwards from the bottom)."""
    colour = colors.HexColor(s.colour)
    fill = colors.HexColor(s.fill) if s.fill else None
    p = s.points
    if s.kind == "line":
        return Line(
            p[0],
            height - p[1],
            p[2],
            height - p[3],
            strokeColor=colour,
            strokeWidth=s.width,
            strokeDashArray=[5, 3] if s.dash else None,
        )
    if s.kind == "rect":
        return Rect(
            p[0],
            height - p[1] - p[3],
            p[2],
            p[3],
            strokeColor=colour,
            strokeWidth=s.width,
            fillColor=fill,
        )
    if s.kind == "circle":
        return Circle(
            p[0], height - p[1], p[2], strokeColor=colour, strokeWidth=s.width, fillColor=fill
        )
    if s.kind == "polygon":
        flipped = [v if k % 2 == 0 else height - v for k, v in enumerate(p)]
        return Polygon(flipped, strokeColor=colour, strokeWidth=s.width, fillColor=fill)
    return String(
        p[0],
        height - p[1],
        s.text,
        fontName=font,
        fontSize=s.size,
        fillColor=colour,
        textAnchor=s.anchor,
    )
