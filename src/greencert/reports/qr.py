"""QR codes, made in one place: the certificate's and the survey poster's (vector shapes in a
PDF) and the survey page's (inline SVG).

segno encodes every one of them the same way: a regular QR code (never a
Micro QR), error correction level M (segno raises it when that costs no
extra size), with the standard quiet zone of 4 modules.  In a PDF the dark
modules are drawn as vector rectangles, one per run of a row, so the code
prints sharp at any size (as pretix draws its tickets).

>>> len(matrix("https://cert.example.cn/verify/TB-GPS-2026-0001"))  # version 4: 33 modules and 2 × 4 of quiet zone
41
>>> qr_drawing("https://example.cn/", 80, "Helvetica").contents[0].value
'https://example.cn/'
"""

from __future__ import annotations

import segno
from reportlab.graphics.shapes import Drawing, Group, Rect
from reportlab.graphics.widgetbase import Widget
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isNumber, isString

QUIET_ZONE = 4  # modules of light border, as the QR code standard asks


def qr_code(value: str) -> segno.QRCode:
    return segno.make_qr(value, error="m")


def matrix(value: str) -> list[list[bool]]:
    """The modules of the code of *value*, quiet zone included, top row first (True: dark)."""
    return [
        [bool(module) for module in row]
        for row in qr_code(value).matrix_iter(scale=1, border=QUIET_ZONE)
    ]


def _runs(row: list[bool]):
    """(first column, length) of each run of dark modules in *row*."""
    start = None
    for column, dark in enumerate([*row, False]):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            yield start, column - start
            start = None


class QrCode(Widget):
    """A QR code as ReportLab vector shapes, *size* points square, quiet zone included."""

    _attrMap = AttrMap(
        value=AttrMapValue(isString, desc="the text encoded"),
        size=AttrMapValue(isNumber, desc="width and height in points"),
    )

    def __init__(self, value: str = "", size: float = 100):
        self.value = value
        self.size = size

    def draw(self) -> Group:
        rows = matrix(self.value)
        module = self.size / len(rows)
        group = Group()
        for y, row in enumerate(rows):
            bottom = self.size - (y + 1) * module
            for start, length in _runs(row):
                group.add(
                    Rect(
                        start * module,
                        bottom,
                        length * module,
                        module,
                        fillColor=colors.black,
                        strokeColor=None,
                        strokeWidth=0,
                    )
                )
        return group


def qr_drawing(value: str, size: float, font: str) -> Drawing:
    """A drawing of the QR code of *value*, *size* points square, quiet zone included."""
    # Started in our font: a drawing's default (Helvetica) would be an un-embedded font.
    drawing = Drawing(size, size, initialFontName=font)
    drawing.add(QrCode(value, size))
    return drawing


def qr_svg(value: str, *, scale: int = 5) -> str:
    """The QR code of *value* as inline SVG markup (titled with *value*)."""
    return qr_code(value).svg_inline(scale=scale, title=value, dark="#000", light="#fff")
