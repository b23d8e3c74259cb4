"""The printable A4 poster of a customer survey: who asks, a large QR code of the public
link, the dates.

Input: plain values (the web fills them from a survey, words already in the
customers' language; see :class:`PosterText`).  Set in the reports' Chinese
font (:func:`greencert.reports.fonts.cjk_font`, embedded, so it prints the
same everywhere); the link under the code is in Helvetica, so it stays
plain text in the PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from greencert.reports.fonts import cjk_font
from greencert.reports.qr import qr_drawing

GREEN = colors.HexColor("#1b6b3a")
DARK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#3d4a43")
QR_SIZE = 120 * mm
MARGIN = 20 * mm


@dataclass(frozen=True)
class PosterText:
    """What the poster says, in the customers' language."""

    organisation: str
    site: str
    url: str  # the full public link: encoded in the QR code and printed under it
    heading: str  # "How was our service today?"
    instruction: str  # how to answer
    dates: str  # when the survey is open
    footer: str  # who asks, under which scheme
    reference: str  # project and survey codes, bottom right
    title: str  # PDF metadata
    author: str  # the certification body (PDF metadata)


def _paragraph(c, text: str, font: str, size: float, top: float, color=DARK) -> float:
    """Centred, wrapped text whose top is at *top*; returns the y just below it."""
    width = A4[0] - 2 * MARGIN
    style = ParagraphStyle(
        "p",
        fontName=font,
        fontSize=size,
        leading=size * 1.3,
        alignment=TA_CENTER,
        textColor=color,
        wordWrap="CJK",
    )
    paragraph = Paragraph(escape(text), style)
    _w, height = paragraph.wrapOn(c, width, A4[1])
    paragraph.drawOn(c, MARGIN, top - height)
    return top - height


def _band(c, text: PosterText, font: str) -> float:
    """The green band naming who asks; returns its lower edge."""
    width, height = A4
    band = 46 * mm
    c.setFillColor(GREEN)
    c.rect(0, height - band, width, band, fill=1, stroke=0)
    y = _paragraph(c, text.organisation, font, 24, height - 12 * mm, colors.white)
    _paragraph(c, text.site, font, 15, y - 3 * mm, colors.white)
    return height - band


def build_poster(text: PosterText, *, compress: bool = True) -> bytes:
    """The poster as PDF bytes."""
    font = cjk_font()
    stream = io.BytesIO()
    c = canvas.Canvas(stream, pagesize=A4, pageCompression=1 if compress else 0)
    width = A4[0]
    c.setTitle(text.title)
    c.setAuthor(text.author)
    y = _paragraph(c, text.heading, font, 30, _band(c, text, font) - 12 * mm)
    y = _paragraph(c, text.instruction, font, 15, y - 4 * mm) - 8 * mm
    renderPDF.draw(qr_drawing(text.url, QR_SIZE, font), c, (width - QR_SIZE) / 2, y - QR_SIZE)
    y -= QR_SIZE + 6 * mm
    c.setFillColor(DARK)
    c.setFont("Helvetica", 11)
    c.drawCentredString(width / 2, y, text.url)
    _paragraph(c, text.dates, font, 13, y - 6 * mm)
    _paragraph(c, text.footer, font, 10, MARGIN + 12 * mm, MUTED)
    c.setFont("Helvetica", 8)
    c.setFillColor(MUTED)
    c.drawRightString(width - MARGIN, 10 * mm, text.reference)
    c.showPage()
    c.save()
    return stream.getvalue()
