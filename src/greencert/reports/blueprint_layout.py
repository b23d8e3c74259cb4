"""Where everything of a service blueprint goes: one layout for the web's SVG and the PDF.

The layout places the shapes of a :class:`~greencert.core.blueprint.Blueprint`
(§4.2.2 2)①) on a plane in points, origin top left, y downwards (as in
SVG; the PDF drawing flips it).  Each step is a column; the four lanes are
rows — customer actions, contact points, backstage actions, support
processes — separated by the line of interaction, the line of visibility
and the line of internal interaction.  A lane is as tall as its fullest
step, so the lines run straight across.

Text is wrapped here, by an estimate of its width that both drawings share:
a wide (CJK) character takes one em, any other 0.6 em, which is at least
what the embedded font and the browser's sans-serif draw.

>>> from greencert.core.blueprint import Blueprint
>>> bp = Blueprint.of({"steps": [{"customer": "进店"}, {"customer": "付款"}]})
>>> d = layout(bp)
>>> [s.text for s in d.shapes if isinstance(s, Label) and s.text.startswith("步骤")]
['步骤 1 Step 1', '步骤 2 Step 2']
>>> [s.text for s in layout(bp, lang="en").shapes if isinstance(s, Label)][:3]
['Customer actions', 'line of interaction', 'Contact points (onstage)']
>>> wrap("顾客在前台办理入住手续", 40, 10)
['顾客在前', '台办理入', '住手续']
>>> wrap("scan the QR code", 50, 10)
['scan the', 'QR code']
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from greencert.core.blueprint import CONTACT_NAMES, LANE_NAMES, LINES, Blueprint, Step

INK = "#1f2a24"
GRID = "#9aa9a0"
GREEN = "#2e7d4f"
LANE_FILL = {
    "customer": "#e8f2ec",
    "contacts": "#ffffff",
    "backstage": "#f4f6f5",
    "support": "#eceff1",
}
BOX_FILL = {
    "customer": "#d4eadb",
    "people": "#fff1dc",
    "equipment": "#e2effa",
    "digital": "#efe4f6",
    "backstage": "#ffffff",
    "support": "#ffffff",
}

SIZE = 9  # box text
LEADING = 11.5
TAG_SIZE = 6.5  # the contact point's type, above its text
LABEL_W = 112  # the lane names on the left
COL_W = 128
GAP = 16
HEADER_H = 20
PAD = 5  # inside a box
BOX_GAP = 5
LANE_PAD = 8
LINE_LABEL_H = 20  # room for a line's name above it
MIN_LANE_H = 40  # the lane's own name (and its line's name, LINE_LABEL_H more)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = GRID
    dashed: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str = GRID
    width: float = 0.8
    dashed: bool = False
    arrow: bool = False


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # the baseline
    text: str
    size: float = SIZE
    anchor: str = "start"  # or "middle"
    bold: bool = False
    color: str = INK


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    shapes: tuple  # Rect, Line and Label, in painting order


def char_width(ch: str, size: float) -> float:
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6 * size


def text_width(text: str, size: float) -> float:
    return sum(char_width(ch, size) for ch in text)


def wrap(text: str, width: float, size: float) -> list[str]:
    """*text* in lines no wider than *width*: breaks between CJK characters or at spaces."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        candidate = (line + token) if line else token.lstrip()
        if text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line.rstrip())
        line = token.lstrip()
        while text_width(line, size) > width:  # a word longer than the line: cut it
            cut = _fit(line, width, size)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Each wide character alone; other runs as words with the space before them."""
    tokens: list[str] = []
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        if wide or not tokens or ch == " " or _is_wide(tokens[-1][-1]):
            tokens.append(ch)
        else:
            tokens[-1] += ch
    return tokens


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _fit(text: str, width: float, size: float) -> int:
    used, n = 0.0, 0
    for ch in text:
        used += char_width(ch, size)
        if used > width and n:
            break
        n += 1
    return n


@dataclass(frozen=True)
class _Box:
    fill: str
    lines: tuple[str, ...]
    tag: str = ""
    dashed: bool = False

    @property
    def height(self) -> float:
        return 2 * PAD + len(self.lines) * LEADING + (TAG_SIZE + 2 if self.tag else 0)


def _boxes(step: Step, lane: str, lang: str | None) -> list[_Box]:
    inner = COL_W - 2 * PAD
    if lane == "customer":
        return [_Box(BOX_FILL["customer"], tuple(wrap(step.customer, inner, SIZE)))]
    if lane == "contacts":
        return [
            _Box(BOX_FILL[c.kind], tuple(wrap(c.text, inner, SIZE)), tag=_contact_tag(c.kind, lang))
            for c in step.contacts
        ]
    texts = step.backstage if lane == "backstage" else step.support
    return [
        _Box(BOX_FILL[lane], tuple(wrap(t, inner, SIZE)), dashed=lane == "support") for t in texts
    ]


def _contact_tag(kind: str, lang: str | None) -> str:
    return " ".join(_words(CONTACT_NAMES[kind], lang))


def _words(names: tuple[str, str], lang: str | None) -> tuple[str, ...]:
    """Both names (zh, en) of a bilingual drawing, or the one of *lang* ('zh-hans' or 'en')."""
    if lang is None:
        return names
    return (names[1],) if lang == "en" else (names[0],)


def layout(
    blueprint: Blueprint, first: int = 0, count: int | None = None, lang: str | None = None
) -> Diagram:
    """The shapes of steps ``first … first+count-1`` (all by default), numbered as in the blueprint.

    Named in Chinese and English (the PDF's bilingual drawing), or in *lang* alone (a web page
    read in that language).
    """
    steps = blueprint.steps[first : None if count is None else first + count]
    columns = [{lane: _boxes(step, lane, lang) for lane in LANE_NAMES} for step in steps]
    heights = {
        lane: max(
            [MIN_LANE_H + (LINE_LABEL_H if lane in LINES else 0)]
            + [
                2 * LANE_PAD
                + (LINE_LABEL_H if lane in LINES else 0)
                + sum(b.height for b in col[lane])
                + BOX_GAP * max(len(col[lane]) - 1, 0)
                for col in columns
            ]
        )
        for lane in LANE_NAMES
    }
    width = diagram_width(len(steps))
    height = HEADER_H + sum(heights.values())
    tops, y = {}, HEADER_H
    for lane, h in heights.items():
        tops[lane] = y
        y += h
    # Every lane's ground first, so no lane covers the line drawn along its neighbour's edge.
    shapes: list = [
        Rect(0, tops[k], width, h, LANE_FILL[k], LANE_FILL[k]) for k, h in heights.items()
    ]
    for lane, h in heights.items():
        shapes += _lane(lane, tops[lane], h, width, lang)
    for n, col in enumerate(columns):
        x = LABEL_W + GAP + n * (COL_W + GAP)
        shapes += _column(first + n + 1, x, col, tops, lang)
    shapes += _customer_arrows(len(columns), tops["customer"])
    return Diagram(width, height, tuple(shapes))


def diagram_width(steps: int) -> float:
    return LABEL_W + steps * (COL_W + GAP) + GAP


def _lane(lane: str, top: float, h: float, width: float, lang: str | None) -> list:
    name, *second = _words(LANE_NAMES[lane], lang)
    shapes: list = [Label(6, top + 15, name, size=9.5, bold=True, color=GREEN)]
    shapes += [Label(6, top + 26, text, size=7) for text in second]
    if lane in LINES:  # the line below this lane, named just above it
        bottom = top + h
        shapes.append(
            Line(0, bottom, width, bottom, color=GREEN, width=1.2, dashed=lane != "customer")
        )
        *first, last = _words(LINES[lane], lang)
        shapes += [Label(6, bottom - 11, text, size=7, color=GREEN) for text in first]
        shapes.append(Label(6, bottom - 3, last, size=6.5, color=GREEN))
    return shapes


def _column(number: int, x: float, col: dict, tops: dict, lang: str | None) -> list:
    step = " ".join(_words((f"步骤 {number}", f"Step {number}"), lang))
    shapes: list = [Label(x + COL_W / 2, HEADER_H - 6, step, 8, "middle", True)]
    mid = x + COL_W / 2
    previous_bottom = None
    for lane, boxes in col.items():
        y = tops[lane] + LANE_PAD
        if boxes and previous_bottom is not None:  # this step's path across the line above
            shapes.append(Line(mid, previous_bottom, mid, y, color=GRID, dashed=True))
        for box in boxes:
            shapes += _box(box, x, y)
            y += box.height + BOX_GAP
        if boxes:
            previous_bottom = y - BOX_GAP
    return shapes


def _box(box: _Box, x: float, y: float) -> list:
    shapes: list = [Rect(x, y, COL_W, box.height, box.fill, dashed=box.dashed)]
    baseline = y + PAD
    if box.tag:
        baseline += TAG_SIZE
        shapes.append(Label(x + PAD, baseline, box.tag, TAG_SIZE, color=GREEN))
        baseline += 2
    for text in box.lines:
        baseline += LEADING
        shapes.append(Label(x + PAD, baseline - 2.5, text))
    return shapes


def _customer_arrows(n: int, top: float) -> list:
    """Customer actions in order, left to right."""
    y = top + LANE_PAD + PAD + LEADING / 2
    return [
        Line(
            LABEL_W + GAP + i * (COL_W + GAP) + COL_W,
            y,
            LABEL_W + GAP + (i + 1) * (COL_W + GAP),
            y,
            color=GREEN,
            width=1,
            arrow=True,
        )
        for i in range(n - 1)
    ]
