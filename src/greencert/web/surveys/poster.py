"""The printable A4 poster of a survey: who asks, a large QR code of the public link, the dates.

Set in the reports' Chinese font (:func:`greencert.reports.fonts.cjk_font`,
embedded, so it prints the same everywhere); the link under the code is
in Helvetica, so it stays plain text in the PDF.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from greencert.reports.fonts import cjk_font
from greencert.web.surveys.models import Survey

GREEN = colors.HexColor("#1b6b3a")
DARK = colors.HexColor("#1a1a1a")
QR_SIZE = 120 * mm
MARGIN = 20 * mm


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


def _qr(c, url: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


def poster_pdf(survey: Survey, url: str, *, compress: bool = True) -> bytes:
    """The poster as PDF bytes; *url* is the full public link the QR code encodes."""
    font = cjk_font()
    stream = io.BytesIO()
    c = canvas.Canvas(stream, pagesize=A4, pageCompression=1 if compress else 0)
    width, height = A4
    organisation = survey.project.organisation.name
    c.setTitle(f"{survey.code} {organisation} {survey.site.name}")
    c.setAuthor(settings.CERTIFICATION_BODY)

    band = 46 * mm
    c.setFillColor(GREEN)
    c.rect(0, height - band, width, band, fill=1, stroke=0)
    y = _paragraph(c, organisation, font, 24, height - 12 * mm, colors.white)
    _paragraph(c, survey.site.name, font, 15, y - 3 * mm, colors.white)

    y = _paragraph(c, _("How was our service today?"), font, 30, height - band - 12 * mm)
    y = _paragraph(
        c,
        _("Scan the code with WeChat or your phone's camera and answer a few short questions."),
        font,
        15,
        y - 4 * mm,
    )
    y -= 8 * mm
    _qr(c, url, (width - QR_SIZE) / 2, y - QR_SIZE, QR_SIZE)
    y -= QR_SIZE + 6 * mm
    c.setFillColor(DARK)
    c.setFont("Helvetica", 11)
    c.drawCentredString(width / 2, y, url)
    y = _paragraph(
        c,
        _("Open from %(start)s to %(end)s. Anonymous: no name or phone number is asked.")
        % {"start": survey.opens_on.isoformat(), "end": survey.closes_on.isoformat()},
        font,
        13,
        y - 6 * mm,
    )
    _paragraph(
        c,
        _(
            "Your answers are part of the green product service certification (%(scheme)s) by %(body)s."
        )
        % {"scheme": survey.project.scheme_label, "body": settings.CERTIFICATION_BODY},
        font,
        10,
        MARGIN + 12 * mm,
        colors.HexColor("#3d4a43"),
    )
    c.setFont("Helvetica", 8)
    c.setFillColor(colors.HexColor("#3d4a43"))
    c.drawRightString(width - MARGIN, 10 * mm, f"{survey.project.code} {survey.code}")
    c.showPage()
    c.save()
    return stream.getvalue()
