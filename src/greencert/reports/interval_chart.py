"""The service score's interval drawn on the grade scale (issue 18 §3), for the page (SVG) and
the PDF (:func:`greencert.reports.charts.interval`).

No Django, nothing computed from evaluations: the input is the ``"statistics"`` of
``greencert score --json`` (:func:`greencert.core.statistics.output.statistics_dict`), figure
strings, and a figure is turned into a number only to place a shape.  :func:`interval_shapes`
lays the chart out once as plain shapes; :func:`interval_svg` and the PDF's drawing only
translate them, so the two cannot drift apart.

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
from dataclasses import dataclass, field
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
    width: float = 640
    left: float = 170  # room for the rows' names
    right: float = 24
    top: float = 44  # room for the thresholds' names, on two staggered lines
    row: float = 30

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right


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


def interval_shapes(
    statistics: dict, labels: IntervalLabels, frame: IntervalFrame = IntervalFrame()
) -> IntervalLayout:
    """The chart as shapes: one row for the score and its t interval, one for the bootstrap
    interval (when there is one), one per source with its mean and interval; the thresholds as
    labelled lines across all rows; the scale below."""
    low, high = shown_range(statistics)

    def x(value) -> float:
        share = (_clip(_number(value)) - low) / (high - low)
        return round(frame.left + frame.plot_width * min(max(share, 0.0), 1.0), 2)

    by_source = statistics.get("by_source") or {}
    rows = ["score"]
    if statistics.get("bootstrap"):
        rows.append("bootstrap")
    rows += [s for s in SOURCES if s in by_source]
    bottom = frame.top + frame.row * len(rows)
    single = statistics.get("interval") is None
    height = bottom + 30 + (18 if single else 0)
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
    shapes += _thresholds(statistics.get("thresholds", []), x, frame, bottom)
    for i, row in enumerate(rows):
        y = frame.top + frame.row * (i + 0.5)
        if row == "score":
            shapes += _score_row(statistics, labels, x, y, frame)
        elif row == "bootstrap":
            shapes += _interval_row(
                statistics["bootstrap"], labels.bootstrap, "bootstrap", BOOTSTRAP, x, y, frame
            )
        else:
            sample = by_source[row]
            name = f"{labels.sources.get(row, row)} (n = {sample['n']})"
            shapes += _interval_row(
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
    if single:
        shapes.append(
            Shape("text", "single", (frame.left, bottom + 40), INK, text=labels.single, size=11)
        )
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
                (at, bottom + 15),
                INK,
                text=str(tick),
                size=9,
                anchor="middle",
            )
        )
    return out


def _thresholds(thresholds: list[dict], x, frame: IntervalFrame, bottom: float) -> list[Shape]:
    """Each grade's threshold as a dashed line; names alternate between two lines above the
    plot, so that thresholds five points apart on the whole scale do not overwrite each other."""
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
        y = frame.top - 8 - (14 if k % 2 else 0)
        out.append(
            Shape(
                "text",
                "threshold-label",
                (at, y),
                THRESHOLD,
                text=f"{t['grade']} {t['score']}",
                size=10,
                anchor="middle",
                bold=True,
            )
        )
    return out


def _row_name(name: str, y: float, frame: IntervalFrame) -> Shape:
    return Shape(
        "text", "row-label", (frame.left - 8, y + 4), INK, text=name, size=10, anchor="end"
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


def _score_row(statistics: dict, labels: IntervalLabels, x, y: float, frame) -> list[Shape]:
    out = [_row_name(labels.score, y, frame)]
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
    # A white ground under the score's figure, so that a threshold's line does not cross it.
    ground = 6.2 * len(str(score)) + 4
    out.append(
        Shape(
            "rect",
            "score-ground",
            (at - ground / 2, y - 20, ground, 12),
            PLAIN,
            fill=PLAIN,
            width=0,
        )
    )
    out.append(
        Shape(
            "text",
            "score-label",
            (at, y - 10),
            INK,
            text=str(score),
            size=10,
            anchor="middle",
            bold=True,
        )
    )
    return out


def _interval_row(
    interval, name, role, colour, x, y, frame, *, mean=None, computed=None, cut=None
) -> list[Shape]:
    """A row of one interval (*interval*: as shown; *computed*: the t interval, if another)."""
    out = [_row_name(name, y, frame)]
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
        return (
            f'<text class="{s.role}" x="{_f(p[0])}" y="{_f(p[1])}" font-size="{_f(s.size)}" '
            f'fill="{s.colour}" text-anchor="{s.anchor}"{weight}>{escape(s.text)}</text>'
        )
    return f"{body}>{tip}</{body[1 : body.index(' ')]}>" if tip else f"{body}/>"


def interval_svg(
    statistics: dict, labels: IntervalLabels, frame: IntervalFrame = IntervalFrame()
) -> str:
    """The chart as inline SVG; every text escaped, colours as attributes (the site's CSP)."""
    layout = interval_shapes(statistics, labels, frame)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart interval" role="img" '
        f'viewBox="0 0 {_f(layout.width)} {_f(layout.height)}" width="{_f(layout.width)}" '
        f'height="{_f(layout.height)}" font-family="{FONTS}" data-low="{layout.low}" '
        f'data-high="{layout.high}">',
        f"<title>{escape(labels.title)}</title>",
        *(_svg_shape(s) for s in layout.shapes),
        "</svg>",
    ]
    return "".join(parts)
