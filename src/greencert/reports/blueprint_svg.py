"""A service blueprint (§4.2.2 2)①) as inline SVG for the web page, from the shared layout.

Every text is escaped here (the page marks the result safe); CJK text is
set in the system's CJK sans-serif.  The drawing keeps its own size in
points and scales down with ``max-width: 100%`` — the page lets a wide one
scroll.

>>> from greencert.core.blueprint import Blueprint
>>> svg = blueprint_svg(Blueprint.of({"steps": [{"customer": "<进店> & 咨询"}]}))
>>> svg.startswith("<svg") and "&lt;进店&gt; &amp; 咨询" in svg
True
"""

from __future__ import annotations

from html import escape

from greencert.core.blueprint import Blueprint
from greencert.reports.blueprint_layout import Diagram, Label, Line, Rect, layout

FONTS = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"


def blueprint_svg(
    blueprint: Blueprint, title: str = "", scale: float = 1.0, lang: str | None = None
) -> str:
    """The drawing, named in both languages or in *lang* alone (see ``layout``)."""
    return diagram_svg(layout(blueprint, lang=lang), title, scale)


def diagram_svg(diagram: Diagram, title: str = "", scale: float = 1.0) -> str:
    """The SVG, *scale* pixels to the layout's point (the page reads 9 pt text better larger)."""
    w, h = f"{diagram.width:g}", f"{diagram.height:g}"
    size = f'width="{diagram.width * scale:g}" height="{diagram.height * scale:g}"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="blueprint" role="img" '
        f'{size} viewBox="0 0 {w} {h}" font-family="{FONTS}">',
        f"<title>{escape(title)}</title>" if title else "",
        '<defs><marker id="bp-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#2e7d4f"/></marker></defs>',
    ]
    parts += [_shape(s) for s in diagram.shapes]
    parts.append("</svg>")
    return "".join(parts)


def _shape(shape) -> str:
    if isinstance(shape, Rect):
        dash = ' stroke-dasharray="4 2"' if shape.dashed else ""
        return (
            f'<rect x="{shape.x:g}" y="{shape.y:g}" width="{shape.w:g}" height="{shape.h:g}" '
            f'rx="3" fill="{shape.fill}" stroke="{shape.stroke}" stroke-width="0.8"{dash}/>'
        )
    if isinstance(shape, Line):
        dash = ' stroke-dasharray="5 3"' if shape.dashed else ""
        arrow = ' marker-end="url(#bp-arrow)"' if shape.arrow else ""
        return (
            f'<line x1="{shape.x1:g}" y1="{shape.y1:g}" x2="{shape.x2:g}" y2="{shape.y2:g}" '
            f'stroke="{shape.color}" stroke-width="{shape.width:g}"{dash}{arrow}/>'
        )
    assert isinstance(shape, Label)
    anchor = ' text-anchor="middle"' if shape.anchor == "middle" else ""
    weight = ' font-weight="bold"' if shape.bold else ""
    return (
        f'<text x="{shape.x:g}" y="{shape.y:g}" font-size="{shape.size:g}" '
        f'fill="{shape.color}"{anchor}{weight}>{escape(shape.text)}</text>'
    )
