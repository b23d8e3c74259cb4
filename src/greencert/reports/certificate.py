"""The certificate (绿色产品服务认证证书), A4 landscape.

Input: a plain dict (the web builds it from a Certificate, see
:func:`greencert.reports.adapters.certificate_fields`):

``number`` (the permanent number), ``revision`` (0 for the first issue),
``organisation``, ``address``, ``scope``, ``sites`` ([{"name", "address"}] or
text), ``scheme_label``, ``scheme_title``, ``grade``, ``granted_on``,
``expires_on``, ``signatory``, ``issuer``, ``issuer_en``, ``site_url`` and
``draft`` (a specimen not yet issued).

The QR code is drawn as vector shapes (:mod:`greencert.reports.qr`) encoding the
full verification address ``{site_url}/verify/{number}``.  It names the
permanent number, not the revision: a printed certificate stays verifiable
after a reissue, and the page shows its current revision and status.
"""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from greencert.reports.fonts import cjk_font
from greencert.reports.pdfbase import GREEN, GRID, INK, PALE, draw_draft_stamp
from greencert.reports.qr import qr_drawing
from greencert.reports.text import date_text, date_zh, markup, nfc

TITLE = "绿色产品服务认证证书"
TITLE_EN = "Green Product Service Certification Certificate"
DEFAULT_ISSUER = "江西腾标认证有限公司"
DEFAULT_ISSUER_EN = "Jiangxi Tengbiao Certification Co., Ltd."
REQUIRED = ("number", "organisation", "grade", "granted_on", "expires_on", "site_url")


def certificate_number(number: object) -> str:
    """Certificate numbers are upper case without spaces (as the register requires)."""
    return "".join(nfc(number).split()).upper()


def display_number(number: object, revision: int = 0) -> str:
    """``TB-GPS-2026-0001``, or ``TB-GPS-2026-0001-R1`` once reissued."""
    base = certificate_number(number)
    return f"{base}-R{revision}" if revision else base


def verification_url(site_url: str, number: object) -> str:
    return f"{nfc(site_url).strip().rstrip('/')}/verify/{certificate_number(number)}"


def build_certificate(fields: dict) -> bytes:
    """The certificate as PDF bytes. Raises FontMissing, or ValueError naming missing fields."""
    missing = [key for key in REQUIRED if not nfc(fields.get(key)).strip()]
    if missing:
        raise ValueError(f"certificate fields missing: {', '.join(missing)}")
    font = cjk_font()
    buffer = io.BytesIO()
    size = landscape(A4)
    canvas = Canvas(buffer, pagesize=size, initialFontName=font, pageCompression=1)
    number = display_number(fields["number"], int(fields.get("revision") or 0))
    canvas.setTitle(f"{TITLE} {number}")
    canvas.setAuthor(nfc(fields.get("issuer") or DEFAULT_ISSUER))
    _Page(canvas, font, size, fields).draw()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Page:
    def __init__(self, canvas: Canvas, font: str, size: tuple[float, float], fields: dict):
        self.c, self.font, self.f = canvas, font, fields
        self.width, self.height = size

    def text(self, x, y, value, size, color=INK, align="left"):
        self.c.setFont(self.font, size)
        self.c.setFillColor(color)
        draw = {
            "left": self.c.drawString,
            "centre": self.c.drawCentredString,
            "right": self.c.drawRightString,
        }[align]
        draw(x, y, nfc(value))

    def para(self, x, top, width, value_markup, size, dry=False) -> float:
        """A wrapped paragraph with its top at *top*; returns where it ends (*dry*: measure only)."""
        style = ParagraphStyle(
            "p",
            fontName=self.font,
            fontSize=size,
            leading=size * 1.45,
            textColor=INK,
            wordWrap="CJK",
        )
        p = Paragraph(value_markup, style)
        _, h = p.wrapOn(self.c, width, self.height)
        if not dry:
            p.drawOn(self.c, x, top - h)
        return top - h

    def body(self, left: float, top: float, width: float, scale: float, dry=False) -> float:
        """Organisation, address, scope, sites and scheme; returns where the text ends."""
        f = self.f
        y = top
        if not dry:
            self.text(left, y, "兹证明 This is to certify that", 10)
        parts = [
            (4, f"<b>{markup(f['organisation'])}</b>", 17),
            (1, "地址 Address：" + markup(f.get("address")), 9.5),
            (3, "认证范围 Scope：" + markup(f.get("scope")), 10.5),
        ]
        sites = _sites_text(f.get("sites"))
        if sites:
            parts.append((1.5, "服务场所 Sites：" + sites, 9.5))
        scheme = nfc(f.get("scheme_label"))
        if f.get("scheme_title"):
            scheme = f"{nfc(f['scheme_title'])} {scheme}"
        parts.append((3, "经评价，符合认证依据 conforms to：" + markup(scheme), 10.5))
        for gap, text, size in parts:
            y = self.para(left, y - gap * mm * scale, width, text, size * scale, dry)
        return y

    def draw(self) -> None:
        f, w, h = self.f, self.width, self.height
        if f.get("draft"):
            draw_draft_stamp(self.c, self.font, w, h)
        self.frame()
        self.heading()
        left, body_w = 30 * mm, 170 * mm
        base = 36 * mm
        # A long scope or many sites shrink the body text rather than run into the dates.
        for scale in (1, 0.9, 0.8, 0.7, 0.6, 0.5):
            if self.body(left, h - 74 * mm, body_w, scale, dry=True) > base + 20 * mm:
                break
        self.body(left, h - 74 * mm, body_w, scale)
        self.grade_box(w - 95 * mm, h - 140 * mm, 60 * mm, 52 * mm)
        self.dates(left, base)
        self.signature(w - 140 * mm, base)
        self.qr_code(base)

    def heading(self) -> None:
        """Issuer and title centred at the top; the number (and revision) at the right."""
        f, w, h = self.f, self.width, self.height
        cx = w / 2
        revision = int(f.get("revision") or 0)
        self.text(cx, h - 30 * mm, f.get("issuer") or DEFAULT_ISSUER, 14, GREEN, "centre")
        self.text(cx, h - 36 * mm, f.get("issuer_en") or DEFAULT_ISSUER_EN, 8.5, GRID, "centre")
        self.text(cx, h - 52 * mm, TITLE, 28, GREEN, "centre")
        self.text(cx, h - 60 * mm, TITLE_EN, 11, INK, "centre")
        right = w - 24 * mm
        self.text(
            right,
            h - 22 * mm,
            "证书编号 No. " + display_number(f["number"], revision),
            10,
            INK,
            "right",
        )
        if revision:
            self.text(
                right, h - 27 * mm, f"第 {revision} 次换发 / Revision {revision}", 8.5, INK, "right"
            )

    def dates(self, left: float, base: float) -> None:
        """Grant and expiry dates, and the surveillance note, along the bottom."""
        f = self.f
        self.text(
            left,
            base + 10 * mm,
            f"颁证日期 Date of grant：{date_zh(f['granted_on'])}  ({date_text(f['granted_on'])})",
            10,
        )
        self.text(
            left,
            base + 4 * mm,
            f"有效期至 Valid until：{date_zh(f['expires_on'])}  ({date_text(f['expires_on'])})",
            10,
        )
        self.text(
            left,
            base - 4 * mm,
            "获证组织须接受年度监督审核，证书有效性以认证机构网站查询结果为准。",
            7.5,
            GRID,
        )
        self.text(
            left,
            base - 8 * mm,
            "Subject to annual surveillance; the certificate is valid as shown by the verification page.",
            7.5,
            GRID,
        )

    def signature(self, sign_x: float, base: float) -> None:
        c = self.c
        c.setStrokeColor(INK)
        c.setLineWidth(0.5)
        c.line(sign_x, base + 8 * mm, sign_x + 60 * mm, base + 8 * mm)
        self.text(sign_x, base + 10 * mm, self.f.get("signatory") or "", 11)
        self.text(sign_x, base + 3 * mm, "授权签字人 Authorised signatory", 8.5)

    def qr_code(self, base: float) -> None:
        """The verification QR code (vector) and its URL, bottom right."""
        c = self.c
        url = verification_url(self.f["site_url"], self.f["number"])
        qr = 30 * mm
        qx, qy = self.width - 24 * mm - qr, base - 12 * mm
        c.setFillColor(colors.white)
        c.rect(qx, qy, qr, qr, stroke=0, fill=1)
        renderPDF.draw(qr_drawing(url, qr, self.font), c, qx, qy)
        self.text(qx + qr / 2, qy - 3.5 * mm, "扫码验证 Scan to verify", 7.5, INK, "centre")
        self.text(qx + qr, qy - 7 * mm, url, 6.5, GRID, "right")

    def frame(self) -> None:
        c, w, h = self.c, self.width, self.height
        c.setStrokeColor(GREEN)
        c.setLineWidth(2.2)
        c.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
        c.setLineWidth(0.6)
        c.rect(13 * mm, 13 * mm, w - 26 * mm, h - 26 * mm)

    def grade_box(self, x, y, width, height) -> None:
        c = self.c
        c.setFillColor(PALE)
        c.setStrokeColor(GREEN)
        c.setLineWidth(1)
        c.roundRect(x, y, width, height, 4 * mm, stroke=1, fill=1)
        self.text(x + width / 2, y + height - 10 * mm, "认证等级 Grade", 10, INK, "centre")
        grade = nfc(self.f["grade"])
        size = 40 if len(grade) <= 4 else 32
        self.text(x + width / 2, y + height / 2 - size / 2.6, grade, size, GREEN, "centre")


def _sites_text(sites: object) -> str:
    """Sites as one line of markup: "name（address）；name（address）"."""
    if not sites:
        return ""
    if isinstance(sites, str):
        return markup(sites)
    parts = []
    for site in sites:
        if isinstance(site, dict):
            name, address = nfc(site.get("name")).strip(), nfc(site.get("address")).strip()
            parts.append(f"{name}（{address}）" if address else name)
        else:
            parts.append(nfc(site).strip())
    return markup("；".join(p for p in parts if p))
