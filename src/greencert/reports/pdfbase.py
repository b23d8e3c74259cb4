"""What every PDF shares: paragraph styles in the embedded Chinese font, page furniture, the draft stamp.

Every piece of text (charts included) is set in the one registered CJK font
and the canvas starts in it too, so the PDF holds no un-embedded standard
font (ReportLab would otherwise add Helvetica to every page).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from greencert.reports.fonts import cjk_font

INK = colors.HexColor("#1f2a24")
GREEN = colors.HexColor("#2e7d4f")
PALE = colors.HexColor("#e8f2ec")
GRID = colors.HexColor("#9aa9a0")
DRAFT_RED = colors.HexColor("#c62828")

DRAFT_TEXT = "草稿 DRAFT"
DRAFT_NOTE = "草稿：不是认证决定 / Draft: not a certification decision"


@dataclass(frozen=True)
class Styles:
    font: str
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    big: ParagraphStyle


def styles() -> Styles:
    font = cjk_font()
    body = ParagraphStyle(
        "body", fontName=font, fontSize=10, leading=15, textColor=INK, wordWrap="CJK"
    )
    return Styles(
        font=font,
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=11),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
        cell_bold=ParagraphStyle(
            "cell_bold", parent=body, fontSize=8.5, leading=11, textColor=GREEN
        ),
        h1=ParagraphStyle(
            "h1", parent=body, fontSize=15, leading=21, spaceBefore=6, spaceAfter=8, textColor=GREEN
        ),
        h2=ParagraphStyle(
            "h2", parent=body, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=4
        ),
        title=ParagraphStyle(
            "title", parent=body, fontSize=24, leading=34, alignment=TA_CENTER, textColor=GREEN
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=11, leading=16, alignment=TA_CENTER
        ),
        big=ParagraphStyle(
            "big", parent=body, fontSize=30, leading=38, alignment=TA_CENTER, textColor=GREEN
        ),
    )


def draw_draft_stamp(canvas, font: str, width: float, height: float) -> None:
    """A large diagonal 草稿 DRAFT across the page and a plain line at its top edge."""
    canvas.saveState()
    canvas.setFillColor(DRAFT_RED)
    canvas.setFillAlpha(0.13)
    canvas.setFont(font, min(width, height) / 6)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -min(width, height) / 18, DRAFT_TEXT)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(DRAFT_RED)
    canvas.setFont(font, 9)
    canvas.drawCentredString(width / 2, height - 9 * mm, DRAFT_NOTE)
    canvas.restoreState()


class PageFurniture:
    """``onPage`` callback: footer on every page, the draft stamp on every page of a draft."""

    def __init__(self, font: str, footer: str, draft: bool):
        self.font, self.footer, self.draft = font, footer, draft

    def __call__(self, canvas, doc) -> None:
        width, height = canvas._pagesize
        if self.draft:
            draw_draft_stamp(canvas, self.font, width, height)
        canvas.saveState()
        canvas.setFont(self.font, 7.5)
        canvas.setFillColor(GRID)
        canvas.drawString(doc.leftMargin, 10 * mm, self.footer)
        canvas.drawRightString(
            width - doc.rightMargin, 10 * mm, f"第 {doc.page} 页 / page {doc.page}"
        )
        canvas.restoreState()


def grid_table(
    rows: list[list],
    widths: list[float],
    font: str,
    extra: tuple = (),
    header: bool = True,
    row_heights: list | None = None,
):
    """A ruled table in the embedded font (a Table's default font would be Helvetica)."""
    from reportlab.platypus import Table, TableStyle

    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), PALE))
    table = Table(
        rows, colWidths=widths, rowHeights=row_heights, repeatRows=1 if header else 0, hAlign="LEFT"
    )
    table.setStyle(TableStyle(commands + list(extra)))
    return table
