"""The assessment report's charts as inline SVG for the web page: the characteristics radar
and the bars of points beside what each row is worth (:mod:`greencert.reports.charts` draws
the same two in the PDF).

No Django, nothing scored here: the caller passes the result's own figure strings and the
labels in the page's language; a figure is turned into a number only to place a shape, and
every figure written on a chart is the string given.  Every text is escaped (the page marks
the SVG safe).  Colours are presentation attributes, never ``style`` attributes: the site's
Content-Security-Policy refuses inline styles.

The radar's first spoke points up and the spokes go clockwise, as in the PDF:

>>> radar_point(0, 4, "50", cx=100, cy=100, radius=80)
(100.0, 60.0)
>>> radar_point(1, 4, "100", cx=100, cy=100, radius=80)
(180.0, 100.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from greencert.reports.blueprint_svg import FONTS

RINGS = (20, 40, 60, 80)  # the Likert band edges, in percent (the PDF's rings)
# The PDF's colours (reports.pdfbase), as SVG colour values.
GREEN, PALE, GRID, INK = "#2e7d4f", "#e8f2ec", "#9aa9a0", "#1f2a24"


def _number(figure: str | int | None) -> float:
    """A figure string as a position (never shown); a missing figure is 0."""
    return float(Decimal(str(figure))) if figure not in (None, "") else 0.0


def _fmt(value: float) -> str:
    return f"{round(value, 2):g}"


def _svg_open(width: float, height: float, css_class: str, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}" '
        f'height="{_fmt(height)}" font-family="{FONTS}">',
        f"<title>{escape(title)}</title>",
    ]


# -- radar -------------------------------------------------------------------


def radar_point(
    k: int, n: int, percent: str | float, *, cx: float, cy: float, radius: float
) -> tuple[float, float]:
    """Where *percent* (0–100, clamped) lies on spoke *k* of *n*: up first, then clockwise."""
    share = min(max(_number(percent), 0.0), 100.0) / 100
    angle = 2 * math.pi * k / n
    x = cx + radius * share * math.sin(angle)
    y = cy - radius * share * math.cos(angle)
    return round(x, 2) + 0.0, round(y, 2) + 0.0  # + 0.0: no "-0.0"


@dataclass(frozen=True)
class RadarFrame:
    """The radar's size: a square plot of *radius* with room for the labels around it."""

    width: float = 560  # room beside the left and right spokes for "7 Service specifications"
    height: float = 380
    radius: float = 120

    @property
    def centre(self) -> tuple[float, float]:
        return self.width / 2, self.height / 2


def radar_svg(
    labels: list[str], percents: list[str], *, title: str, frame: RadarFrame = RadarFrame()
) -> str:
    """The characteristics' percentages on a fixed 0–100 % scale, rings at the band edges.

    *labels*: each spoke's name; *percents*: the result's percentage strings, same order.
    """
    if len(labels) != len(percents) or len(labels) < 3:
        raise ValueError("a radar needs three or more spokes, each with a label and a figure")
    n = len(labels)
    cx, cy = frame.centre
    at = {"cx": cx, "cy": cy, "radius": frame.radius}
    parts = _svg_open(frame.width, frame.height, "radar", title)
    for ring in (*RINGS, 100):
        corners = " ".join(
            f"{x:g},{y:g}" for x, y in (radar_point(k, n, ring, **at) for k in range(n))
        )
        width = "0.8" if ring == 100 else "0.4"
        parts.append(
            f'<polygon points="{corners}" fill="none" stroke="{GRID}" stroke-width="{width}"/>'
        )
    for k in range(n):
        x, y = radar_point(k, n, 100, **at)
        parts.append(
            f'<line x1="{cx:g}" y1="{cy:g}" x2="{x:g}" y2="{y:g}" stroke="{GRID}" stroke-width="0.4"/>'
        )
    points = [radar_point(k, n, p, **at) for k, p in enumerate(percents)]
    corners = " ".join(f"{x:g},{y:g}" for x, y in points)
    parts.append(
        f'<polygon class="radar-figures" points="{corners}" fill="{PALE}" fill-opacity="0.8" '
        f'stroke="{GREEN}" stroke-width="1.5"/>'
    )
    for (x, y), label, pct in zip(points, labels, percents, strict=True):
        parts.append(
            f'<circle cx="{x:g}" cy="{y:g}" r="3" fill="{GREEN}">'
            f"<title>{escape(f'{label}: {pct} %')}</title></circle>"
        )
    for k, (label, pct) in enumerate(zip(labels, percents, strict=True)):
        parts.append(_spoke_label(k, n, label, pct, at))
    parts.append("</svg>")
    return "".join(parts)


def _spoke_label(k: int, n: int, label: str, pct: str, at: dict) -> str:
    """Name and percentage together beyond the spoke's end, clear of the 100 % outline."""
    x, y = _beyond(k, n, at)
    anchor = "middle" if abs(x - at["cx"]) < 1 else ("start" if x > at["cx"] else "end")
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="12" fill="{INK}" text-anchor="{anchor}">'
        f"<tspan>{escape(label)}</tspan>"
        f'<tspan x="{x:g}" dy="13" fill="{GREEN}" font-weight="bold">{escape(pct)} %</tspan></text>'
    )


def _beyond(k: int, n: int, at: dict) -> tuple[float, float]:
    """The label's anchor: 1.16 radii out (the PDF's label radius), its first line's baseline
    a little above the spoke's line so the two lines sit about it."""
    x, y = radar_point(k, n, 100, cx=at["cx"], cy=at["cy"], radius=at["radius"] * 1.16)
    return x, y - 2


# -- bars --------------------------------------------------------------------


@dataclass(frozen=True)
class BarFrame:
    """The plot area of a bar chart, in its own units (the SVG scales to the page)."""

    left: float = 34
    top: float = 30
    plot_width: float = 560
    plot_height: float = 150
    group_gap: float = 4  # between two rows' pairs of bars
    bar_gap: float = 0.5  # between a row's two bars

    @property
    def bottom(self) -> float:
        return self.top + self.plot_height


def bar_geometry(
    i: int, n: int, value: str | int, maximum: float, *, second: bool, frame: BarFrame
):
    """(x, y, width, height) of row *i*'s bar (of *n* rows) for *value* on a 0–*maximum* axis;
    *second*: the right-hand bar of the pair (what the row is worth)."""
    group = frame.plot_width / n
    width = (group - frame.group_gap - frame.bar_gap) / 2
    x = frame.left + i * group + frame.group_gap / 2 + (width + frame.bar_gap if second else 0)
    height = frame.plot_height * min(max(_number(value), 0.0), maximum) / maximum
    return round(x, 2), round(frame.bottom - height, 2), round(width, 2), round(height, 2)


def bars_svg(
    rows: list[str],
    values: list[str | int | None],
    worth: list[str | int],
    *,
    title: str,
    legend: tuple[str, str],
    step: int = 2,
    frame: BarFrame = BarFrame(),
) -> str:
    """Each row's figure (green) beside what it is worth (pale); a row without a figure (an
    unrated clause) shows no green bar.  *legend*: the words for the two bars."""
    if not rows or not (len(rows) == len(values) == len(worth)):
        raise ValueError("each row needs a value and what it is worth")
    maximum = max(_number(w) for w in worth) or 1.0
    n = len(rows)
    width = frame.left + frame.plot_width + 6
    parts = _svg_open(width, frame.bottom + 22, "bars", title)
    parts += _value_axis(maximum, step, frame)
    parts += _legend(legend, frame)
    group = frame.plot_width / n
    for i, (row, value, most) in enumerate(zip(rows, values, worth, strict=True)):
        tip = escape(f"{row}: {'—' if value is None else value} / {most}")
        if value is not None:
            parts.append(
                _bar(bar_geometry(i, n, value, maximum, second=False, frame=frame), GREEN, tip)
            )
        parts.append(_bar(bar_geometry(i, n, most, maximum, second=True, frame=frame), PALE, tip))
        centre = frame.left + (i + 0.5) * group
        parts.append(
            f'<text x="{centre:.2f}" y="{frame.bottom + 13:g}" font-size="9" fill="{INK}" '
            f'text-anchor="middle">{escape(row)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _bar(geometry, colour: str, tip: str) -> str:
    x, y, w, h = geometry
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="{colour}" '
        f'stroke="{GRID}" stroke-width="0.3"><title>{tip}</title></rect>'
    )


def _value_axis(maximum: float, step: int, frame: BarFrame) -> list[str]:
    out = [
        f'<line x1="{frame.left:g}" y1="{frame.bottom:g}" x2="{frame.left + frame.plot_width:g}" '
        f'y2="{frame.bottom:g}" stroke="{GRID}" stroke-width="0.8"/>'
    ]
    tick = 0
    while tick <= maximum:
        y = frame.bottom - frame.plot_height * tick / maximum
        out.append(
            f'<line x1="{frame.left:g}" y1="{y:.2f}" x2="{frame.left + frame.plot_width:g}" '
            f'y2="{y:.2f}" stroke="{GRID}" stroke-width="0.3"/>'
            f'<text x="{frame.left - 4:g}" y="{y + 3:.2f}" font-size="9" fill="{INK}" '
            f'text-anchor="end">{tick}</text>'
        )
        tick += step
    return out


def _legend(legend: tuple[str, str], frame: BarFrame) -> list[str]:
    out, x = [], frame.left
    for colour, words in zip((GREEN, PALE), legend, strict=True):
        out.append(
            f'<rect x="{x:g}" y="8" width="10" height="10" fill="{colour}" stroke="{GRID}" '
            f'stroke-width="0.3"/><text x="{x + 14:g}" y="17" font-size="10" fill="{INK}">'
            f"{escape(words)}</text>"
        )
        x += 14 + 11 * max(len(words), 4)
    return out
