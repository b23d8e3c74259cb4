"""The service score's interval drawn on the grade scale (issue 18 §3), for the page (SVG) and
the PDF (:func:`greencert.reports.charts.interval`).

No Django, nothing computed from evaluations: the input is the ``"statistics"`` of
``greencert score --json`` (:func:`greencert.core.statistics.output.statistics_dict`), figure
strings, and a figure is turned into a number only to place a shape.  :func:`interval_shapes`
lays the chart out once as plain shapes; :func:`interval_svg` and the PDF's drawing only
translate them, so the two cannot drift apart.

The frame sets the drawing's width and its text size; the names' column is as wide as the
longest name needs (measured by the caller's font, or estimated), and on a narrow frame each
row's name stands above its row, so that the plot keeps the whole width.

The stretch of the scale drawn keeps every threshold of the scheme, the score, the intervals
and the sources' means in view, on whole fives within 0–100.  An interval is drawn and
labelled as shown to people, ``interval_shown`` (within the scale); where the t interval as
computed, ``interval``, reaches past the scale, an arrow marks the cut end and the tip gives the
t interval's own ends.  (A result stored before ``interval_shown`` existed is drawn from
``interval``, cut at the scale's end.)

>>> figures = {"score": "92.0", "interval": {"low": "91.53", "high": "92.47"},
...            "thresholds": [{"grade": "AAA", "score": "80.0"}, {"grade": "AAAA", "score": "90.0"}]}
>>> shown_range(figures)
(75, 95)
>>> shown_range({"score": "50.0", "interval": {"low": "-20", "high": "140"}, "thresholds": []})
(0, 100)
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from html import escape

from greencert.reports.blueprint_svg import FONTS
from greencert.reports.svg_charts import GREEN, GRID, INK, PALE

SCALE = (0, 100)  # the grade scale (§5.1.2: the service score is a percentage)
NARROWEST = 10  # points: a narrower stretch would magnify a tiny spread into a wide bar
BOOTSTRAP = "#b26b00"
THRESHOLD = "#8c2f39"
PLAIN = "#ffffff"
SOURCE_COLOURS = {"auditor": "#1f5fa8", "mystery_shopper": "#7b3fa0", "customer": "#00838f"}
SOURCES = ("auditor", "mystery_shopper", "customer")


@dataclass(frozen=True)
class IntervalLabels:
    """The words of the chart, in the reader's language (the caller translates)."""

    title: str
    score: str  # the row of the service score and its t interval
    bootstrap: str  # the row of the bootstrap interval
    sources: dict[str, str]  # source → its name
    single: str  # said instead of an interval when there is one evaluation


@dataclass(frozen=True)
class IntervalFrame:
    """The drawing's width and text size (in its own units: the SVG's viewBox, the PDF's
    points before scaling).  *left*: room for the rows' names, ``None`` to fit the longest;
    *names_above*: each name on a line of its own above its row (a narrow screen)."""

    width: float = 640
    left: float | None = 170
    right: float = 24
    text: float = 10
    names_above: bool = False

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def top(self) -> float:
        """Room for the thresholds' names, on two staggered lines."""
        return 2 * (self.text + 4) + 16

    @property
    def row(self) -> float:
        return self.text + 30 if self.names_above else max(30, 3 * self.text)

    def centre(self, i: int) -> float:
        """The middle of the *i*-th row's marks."""
        if self.names_above:
            return self.top + self.row * i + self.text + 17
        return self.top + self.row * (i + 0.5)

    def name_line(self, i: int) -> float:
        """The baseline of the *i*-th row's name."""
        if self.names_above:
            return self.top + self.row * i + self.text + 2
        return self.centre(i) + self.text * 0.4


# The page draws the chart three times and its stylesheet shows the one that suits the width it
# has: names beside the rows, the text 12 units on 800 (a box of 860 px and more: 13 px and
# more) or on 560 (a box of 520–860 px: 11–18 px); on a phone, names above the rows, the text
# 14 units on 320 (about 12 px at 360 px).
PAGE_WIDE = IntervalFrame(width=800, left=None, text=12)
PAGE_MEDIUM = IntervalFrame(width=560, left=None, text=12)
PAGE_NARROW = IntervalFrame(width=320, left=None, right=14, text=14, names_above=True)


def estimated_width(text: str, size: float) -> float:
    """A generous guess at *text*'s width in a sans-serif font of *size* (a wide character as
    wide as the size, any other 0.6 of it), for a drawing whose font only the browser knows.

    >>> estimated_width("审核员 (n = 2)", 10)  # 3 × 10 + 8 × 6
    78.0
    """
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return round(wide * size + (len(text) - wide) * 0.6 * size, 2)


Measure = Callable[[str, float], float]


def wrapped(text: str, size: float, room: float, measure: Measure = estimated_width) -> list[str]:
    """*text* in lines no wider than *room* where it can be: broken between words, or between
    two wide (Chinese) characters.

    >>> wrapped("One evaluation only: no interval can be drawn.", 10, 150)
    ['One evaluation only: no', 'interval can be drawn.']
    >>> wrapped("只有 1 份测评，无法画出区间", 10, 60)
    ['只有 1 份测', '评，无法画出', '区间']
    """
    lines, line = [], ""
    for piece in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", text):
        if line and measure((line + piece).rstrip(), size) > room:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


@dataclass(frozen=True)
class Shape:
    """One mark of the chart in SVG coordinates (y downwards); *kind* is line, rect, circle,
    polygon or text.  *role* names what it shows (a class in the SVG, read by tests)."""

    kind: str
    role: str = ""
    points: tuple[float, ...] = ()  # line: x1 y1 x2 y2; rect: x y w h; circle: cx cy r; polygon
    colour: str = INK
    fill: str | None = None
    width: float = 1.0
    dash: bool = False
    text: str = ""
    size: float = 10
    anchor: str = "start"  # start, middle, end
    bold: bool = False
    tip: str = ""
    data: dict = field(default_factory=dict)
    halo: bool = False  # text: a white edge, to stay legible across the thresholds' lines


@dataclass(frozen=True)
class IntervalLayout:
    width: float
    height: float
    shapes: tuple[Shape, ...]
    low: int  # the stretch of the scale drawn
    high: int


def _number(figure) -> float | None:
    return None if figure in (None, "") else float(Decimal(str(figure)))


def _clip(value: float) -> float:
    return min(max(value, SCALE[0]), SCALE[1])


def _figures_drawn(statistics: dict) -> list[float]:
    values = [_number(statistics.get("score")), _number(statistics.get("mean"))]
    values += [_number(t["score"]) for t in statistics.get("thresholds", [])]
    for interval in (_drawn(statistics), statistics.get("bootstrap")):
        if interval:
            values += [_number(interval["low"]), _number(interval["high"])]
    for sample in (statistics.get("by_source") or {}).values():
        values.append(_number(sample["mean"]))
        if shown := _drawn(sample):
            values += [_number(shown["low"]), _number(shown["high"])]
    return [_clip(v) for v in values if v is not None]


def shown_range(statistics: dict) -> tuple[int, int]:
    """The stretch of the 0–100 scale drawn: all that is shown, a point to spare, on fives."""
    values = _figures_drawn(statistics) or list(SCALE)
    low = max(SCALE[0], 5 * math.floor((min(values) - 1) / 5))
    high = min(SCALE[1], 5 * math.ceil((max(values) + 1) / 5))
    while high - low < NARROWEST:  # widen towards the side there is room on
        if high < SCALE[1]:
            high += 5
        else:
            low -= 5
    return low, high


def _tick_step(span: int) -> int:
    return 1 if span <= 10 else 2 if span <= 20 else 5 if span <= 50 else 10


def _rows(statistics: dict) -> list[str]:
    by_source = statistics.get("by_source") or {}
    rows = ["score"]
    if statistics.get("bootstrap"):
        rows.append("bootstrap")
    return rows + [s for s in SOURCES if s in by_source]


def _name(row: str, statistics: dict, labels: IntervalLabels) -> str:
    if row == "score":
        return labels.score
    if row == "bootstrap":
        return labels.bootstrap
    sample = statistics["by_source"][row]
    return f"{labels.sources.get(row, row)} (n = {sample['n']})"


def _fitted(frame: IntervalFrame, names: list[str], measure: Measure) -> IntervalFrame:
    """*frame* with its names' column settled: the longest name and a gap, or, with the names
    above the rows, just room for an arrow past the scale's end."""
    if frame.names_above:
        return replace(frame, left=max(frame.right, 12))
    if frame.left is None:
        longest = max(measure(name, frame.text) for name in names)
        return replace(frame, left=math.ceil(longest + frame.text + 6))
    return frame


def interval_shapes(
    statistics: dict,
    labels: IntervalLabels,
    frame: IntervalFrame = IntervalFrame(),
    measure: Measure = estimated_width,
) -> IntervalLayout:
    """The chart as shapes: one row for the score and its t interval, one for the bootstrap
    interval (when there is one), one per source with its mean and interval; the thresholds as
    labelled lines across all rows; the scale below.  *measure*: a text's width at a size."""
    low, high = shown_range(statistics)
    rows = _rows(statistics)
    names = [_name(row, statistics, labels) for row in rows]
    frame = _fitted(frame, names, measure)

    def x(value) -> float:
        share = (_clip(_number(value)) - low) / (high - low)
        return round(frame.left + frame.plot_width * min(max(share, 0.0), 1.0), 2)

    bottom = frame.top + frame.row * len(rows)
    text = frame.text
    said = []  # the lines said instead of an interval, when there is one evaluation
    if statistics.get("interval") is None:
        said = wrapped(labels.single, text + 1, frame.width - frame.left - frame.right, measure)
    height = bottom + 2 * text + 10 + len(said) * (text + 8)
    shapes: list[Shape] = [
        Shape(
            "rect",
            "plot",
            (frame.left, frame.top, frame.plot_width, bottom - frame.top),
            GRID,
            fill=PALE,
            width=0.4,
        ),
    ]
    shapes += _scale(low, high, x, frame, bottom)
    shapes += _thresholds(statistics.get("thresholds", []), x, frame, bottom, measure)
    for i, (row, name) in enumerate(zip(rows, names, strict=True)):
        shapes.append(_row_name(name, frame.name_line(i), frame))
        shapes += _row(row, name, frame.centre(i), statistics, labels, x, frame, measure)
    for k, line in enumerate(said):
        at = (frame.left, bottom + 3 * text + 10 + k * (text + 8))
        shapes.append(Shape("text", "single", at, INK, text=line, size=text + 1))
    return IntervalLayout(frame.width, height, tuple(shapes), low, high)


def _scale(low: int, high: int, x, frame: IntervalFrame, bottom: float) -> list[Shape]:
    out = [
        Shape(
            "line",
            "axis",
            (frame.left, bottom, frame.left + frame.plot_width, bottom),
            GRID,
            width=0.8,
        )
    ]
    step = _tick_step(high - low)
    for tick in range(step * math.ceil(low / step), high + 1, step):
        at = x(tick)
        out.append(Shape("line", "tick", (at, bottom, at, bottom + 4), GRID, width=0.8))
        out.append(
            Shape(
                "text",
                "tick-label",
                (at, bottom + frame.text + 5),
                INK,
                text=str(tick),
                size=frame.text,
                anchor="middle",
            )
        )
    return out


def _thresholds(
    thresholds: list[dict], x, frame: IntervalFrame, bottom: float, measure: Measure
) -> list[Shape]:
    """Each grade's threshold as a dashed line; names alternate between two lines above the
    plot, so that thresholds five points apart on the whole scale do not overwrite each other,
    and a name near either edge is moved in to stay whole."""
    out = []
    for k, t in enumerate(sorted(thresholds, key=lambda t: _number(t["score"]))):
        at = x(t["score"])
        out.append(
            Shape(
                "line",
                "threshold",
                (at, frame.top - 4, at, bottom),
                THRESHOLD,
                width=1.2,
                dash=True,
                data={"grade": t["grade"], "score": t["score"]},
            )
        )
        y = frame.top - 8 - (frame.text + 4 if k % 2 else 0)
        name = f"{t['grade']} {t['score']}"
        half = measure(name, frame.text) * 1.1 / 2  # bold
        out.append(
            Shape(
                "text",
                "threshold-label",
                (min(max(at, half + 1), frame.width - half - 1), y),
                THRESHOLD,
                text=name,
                size=frame.text,
                anchor="middle",
                bold=True,
            )
        )
    return out


def _row_name(name: str, y: float, frame: IntervalFrame) -> Shape:
    if frame.names_above:
        at, anchor = (frame.left, y), "start"
    else:
        at, anchor = (frame.left - 8, y), "end"
    return Shape(
        "text",
        "row-label",
        at,
        INK,
        text=name,
        size=frame.text,
        anchor=anchor,
        halo=frame.names_above,
    )


def _drawn(figures: dict) -> dict | None:
    """The interval as shown to people (within the scale), or, in a result stored before it
    was given, the t interval as computed (drawn cut at the scale's end all the same)."""
    return figures.get("interval_shown") or figures.get("interval")


def _tip(name: str, shown: dict, computed: dict | None) -> str:
    """*name*: the interval shown; and the t interval's own ends when they differ."""
    tip = f"{name}: {shown['low']}–{shown['high']}"
    if computed and computed != shown:
        tip += f" (t: {computed['low']}–{computed['high']})"
    return tip


def _row(row: str, name: str, y: float, statistics: dict, labels, x, frame, measure):
    """The marks of one row: the score's, the bootstrap's or a source's."""
    if row == "score":
        name_end = frame.left + measure(name, frame.text) if frame.names_above else None
        return _score_row(statistics, labels, x, y, frame, measure, name_end)
    if row == "bootstrap":
        return _interval_row(statistics["bootstrap"], name, "bootstrap", BOOTSTRAP, x, y, frame)
    sample = statistics["by_source"][row]
    return _interval_row(
        _drawn(sample),
        name,
        f"source {row}",
        SOURCE_COLOURS[row],
        x,
        y,
        frame,
        mean=sample["mean"],
        computed=sample.get("interval"),
        cut=sample.get("cut"),
    )


def _score_row(
    statistics: dict, labels: IntervalLabels, x, y: float, frame, measure, name_end=None
) -> list[Shape]:
    """The score as a diamond on its t interval, its figure above it; with the names above the
    rows, the figure stands on the name's line, moved right of the name if it would touch it."""
    out = []
    interval = _drawn(statistics)
    computed = statistics.get("interval")
    score = statistics["score"]
    if interval:
        tip = _tip(labels.score, interval, computed)
        left, right = x(interval["low"]), x(interval["high"])
        out.append(
            Shape(
                "rect",
                "t-interval",
                (left, y - 5, right - left, 10),
                GREEN,
                fill=GREEN,
                width=0.5,
                tip=tip,
                data={"low": interval["low"], "high": interval["high"]},
            )
        )
        out += _cut_ends(computed, x, y, GREEN, statistics.get("cut"))
    at = x(score)
    out.append(
        Shape(
            "polygon",
            "score",
            (at, y - 8, at + 6, y, at, y + 8, at - 6, y),
            INK,
            fill=PLAIN,
            width=1.5,
            tip=f"{labels.score}: {score}",
            data={"score": score},
        )
    )
    return out + _score_figure(score, at, y, frame, measure, name_end)


def _score_figure(score, at: float, y: float, frame, measure, name_end) -> list[Shape]:
    """The score's figure over its diamond at *at*, on a white ground so that a threshold's
    line does not cross it."""
    text = frame.text
    ground = measure(str(score), text) * 1.05 + 4
    base = y - text
    if name_end is not None:
        base = y - 15  # the name's line (IntervalFrame.name_line)
        at = min(max(at, name_end + text + ground / 2), frame.width - frame.right - ground / 2)
    return [
        Shape(
            "rect",
            "score-ground",
            (at - ground / 2, base - text, ground, text + 2),
            PLAIN,
            fill=PLAIN,
            width=0,
        ),
        Shape(
            "text",
            "score-label",
            (at, base),
            INK,
            text=str(score),
            size=text,
            anchor="middle",
            bold=True,
        ),
    ]


def _interval_row(
    interval, name, role, colour, x, y, frame, *, mean=None, computed=None, cut=None
) -> list[Shape]:
    """A row of one interval (*interval*: as shown; *computed*: the t interval, if another)."""
    out = []
    if interval:
        left, right = x(interval["low"]), x(interval["high"])
        tip = _tip(name, interval, computed)
        data = {"low": interval["low"], "high": interval["high"]}
        out.append(
            Shape(
                "line",
                f"{role} interval",
                (left, y, right, y),
                colour,
                width=2.5,
                tip=tip,
                data=data,
            )
        )
        for end in (left, right):
            out.append(Shape("line", f"{role} cap", (end, y - 5, end, y + 5), colour, width=1.5))
        out += _cut_ends(computed or interval, x, y, colour, cut)
    if mean is not None:
        out.append(
            Shape(
                "circle",
                f"{role} mean",
                (x(mean), y, 4.5),
                colour,
                fill=colour,
                tip=f"{name}: {mean}",
                data={"mean": mean},
            )
        )
    return out


def _cut_ends(interval: dict, x, y: float, colour: str, cut=None) -> list[Shape]:
    """An arrow where an interval runs past the end of the scale (it is drawn cut there):
    the ends *cut* names, as the sentence says them (rounded as the score is); a result
    stored before ``cut`` existed compares the figures themselves."""
    if cut is None:
        cut = [end for end, past in (("low", _number(interval["low"]) < SCALE[0]),
                                     ("high", _number(interval["high"]) > SCALE[1])) if past]  # fmt: skip
    out = []
    if "low" in cut:
        at = x(SCALE[0])
        out.append(Shape("polygon", "cut", (at - 7, y, at, y - 5, at, y + 5), colour, fill=colour))
    if "high" in cut:
        at = x(SCALE[1])
        out.append(Shape("polygon", "cut", (at + 7, y, at, y - 5, at, y + 5), colour, fill=colour))
    return out


# -- SVG ---------------------------------------------------------------------


def _f(value: float) -> str:
    return f"{round(value, 2):g}"


def _svg_shape(s: Shape) -> str:
    common = f'class="{s.role}" stroke="{s.colour}" stroke-width="{_f(s.width)}"'
    common += "".join(f' data-{k}="{escape(str(v))}"' for k, v in s.data.items())
    if s.dash:
        common += ' stroke-dasharray="5 3"'
    tip = f"<title>{escape(s.tip)}</title>" if s.tip else ""
    p = s.points
    if s.kind == "line":
        body = f'<line x1="{_f(p[0])}" y1="{_f(p[1])}" x2="{_f(p[2])}" y2="{_f(p[3])}" {common}'
    elif s.kind == "rect":
        body = (
            f'<rect x="{_f(p[0])}" y="{_f(p[1])}" width="{_f(p[2])}" height="{_f(p[3])}" '
            f'fill="{s.fill or "none"}" {common}'
        )
    elif s.kind == "circle":
        body = (
            f'<circle cx="{_f(p[0])}" cy="{_f(p[1])}" r="{_f(p[2])}" '
            f'fill="{s.fill or "none"}" {common}'
        )
    elif s.kind == "polygon":
        corners = " ".join(f"{_f(a)},{_f(b)}" for a, b in zip(p[::2], p[1::2], strict=True))
        body = f'<polygon points="{corners}" fill="{s.fill or "none"}" {common}'
    else:
        weight = ' font-weight="bold"' if s.bold else ""
        if s.halo:
            weight += f' stroke="{PLAIN}" stroke-width="3" paint-order="stroke"'
        return (
            f'<text class="{s.role}" x="{_f(p[0])}" y="{_f(p[1])}" font-size="{_f(s.size)}" '
            f'fill="{s.colour}" text-anchor="{s.anchor}"{weight}>{escape(s.text)}</text>'
        )
    return f"{body}>{tip}</{body[1 : body.index(' ')]}>" if tip else f"{body}/>"


def interval_svg(
    statistics: dict,
    labels: IntervalLabels,
    frame: IntervalFrame = IntervalFrame(),
    css_class: str = "",
) -> str:
    """The chart as inline SVG, as wide as its box (the viewBox keeps its proportions); every
    text escaped, colours as attributes (the site's CSP).  *css_class*: added to the SVG's."""
    layout = interval_shapes(statistics, labels, frame)
    classes = f"chart interval {css_class}".strip()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" role="img" '
        f'viewBox="0 0 {_f(layout.width)} {_f(layout.height)}" width="100%" '
        f'font-family="{FONTS}" data-low="{layout.low}" data-high="{layout.high}">',
        f"<title>{escape(labels.title)}</title>",
        *(_svg_shape(s) for s in layout.shapes),
        "</svg>",
    ]
    return "".join(parts)
