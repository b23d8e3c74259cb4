"""A service blueprint (§4.2.2 2)①) in the PDF report, drawn from the shared layout.

The same shapes as the web page's SVG (:mod:`greencert.reports.blueprint_layout`),
flipped to ReportLab's upward y and set in the embedded CJK font.  A page
holds :data:`STEPS_PER_ROW` steps side by side; a longer blueprint continues
in further rows, each with its lane names and lines, numbered on.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Polygon, String
from reportlab.graphics.shapes import Line as PdfLine
from reportlab.graphics.shapes import Rect as PdfRect
from reportlab.lib import colors
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from greencert.core.blueprint import Blueprint
from greencert.reports.blueprint_layout import Diagram, Label, Line, Rect, diagram_width, layout
from greencert.reports.text import markup

STEPS_PER_ROW = 3
HEADING = "服务蓝图 Service blueprint（§4.2.2 2)①）"
NOTE = (
    "每个步骤自上而下：顾客行为、前台接触点（人员 / 设备设施 / 数字）、后台行为、支持过程；"
    "其间为互动分界线、可视分界线和内部互动分界线。"
    " Each step, top down: customer action, contact points (people / equipment / digital), "
    "backstage actions, support processes, between the lines of interaction, visibility and "
    "internal interaction."
)


def blueprint_flowables(entries: list[dict], st, width: float, height: float) -> list:
    """The report's blueprint part: for each ``{"site", "service", "blueprint"}``, its drawing.

    Rows are drawn to the page's *width*; a row taller than *height* (lanes
    full of long texts) is scaled down further to fit one page.
    """
    if not entries:
        return []
    # One scale for every row (a row of one step is no larger than a full one).
    scale = min(1.0, width / diagram_width(STEPS_PER_ROW))
    heading = [Paragraph(HEADING, st.h2), Paragraph(markup(NOTE), st.small)]
    out: list = []
    for entry in entries:
        blueprint = Blueprint.of(entry["blueprint"])
        title = Paragraph(f"<b>{markup(entry['site'])} · {markup(entry['service'])}</b>", st.body)
        rows = [
            _fitted(layout(blueprint, first, STEPS_PER_ROW), st.font, scale, height)
            for first in range(0, len(blueprint.steps), STEPS_PER_ROW)
        ]
        # The heading stays with the first drawing, not alone at the foot of a page.
        out.append(KeepTogether([*heading, Spacer(1, 6), title, rows[0]]))
        heading = []
        out += [item for row in rows[1:] for item in (Spacer(1, 4), row)]
    return out


def _fitted(diagram: Diagram, font: str, scale: float, height: float) -> Drawing:
    return diagram_drawing(diagram, font, min(scale, height / diagram.height))


def diagram_drawing(diagram: Diagram, font: str, scale: float = 1.0) -> Drawing:
    """The diagram as a ReportLab drawing, at *scale*."""
    drawing = Drawing(diagram.width * scale, diagram.height * scale, initialFontName=font)
    group = Group(transform=(scale, 0, 0, scale, 0, 0))
    for shape in diagram.shapes:
        for item in _shapes(shape, diagram.height, font):
            group.add(item)
    drawing.add(group)
    return drawing


def _shapes(shape, height: float, font: str) -> list:
    """One layout shape as ReportLab shapes, y flipped (the layout's y runs downwards)."""
    if isinstance(shape, Rect):
        return [
            PdfRect(
                shape.x,
                height - shape.y - shape.h,
                shape.w,
                shape.h,
                rx=3,
                ry=3,
                fillColor=colors.HexColor(shape.fill),
                strokeColor=colors.HexColor(shape.stroke),
                strokeWidth=0.8,
                strokeDashArray=[4, 2] if shape.dashed else None,
            )
        ]
    if isinstance(shape, Line):
        color = colors.HexColor(shape.color)
        y1, y2 = height - shape.y1, height - shape.y2
        out = [
            PdfLine(
                shape.x1,
                y1,
                shape.x2 - (4 if shape.arrow else 0),
                y2,
                strokeColor=color,
                strokeWidth=shape.width,
                strokeDashArray=[5, 3] if shape.dashed else None,
            )
        ]
        if shape.arrow:  # the layout's arrows run left to right
            x = shape.x2
            out.append(
                Polygon([x, y2, x - 6, y2 + 3, x - 6, y2 - 3], fillColor=color, strokeColor=None)
            )
        return out
    assert isinstance(shape, Label)
    return [
        String(
            shape.x,
            height - shape.y,
            shape.text,
            fontName=font,
            fontSize=shape.size,
            fillColor=colors.HexColor(shape.color),
            textAnchor=shape.anchor,
        )
    ]
