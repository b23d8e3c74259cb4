"""The Chinese font the PDFs are set in: found once, checked, registered once, embedded.

ReportLab embeds TrueType (glyf) fonts only; the CFF-based Noto Sans CJK
cannot be embedded, so the default is WenQuanYi Zen Hei from the Debian
package ``fonts-wqy-zenhei``.  An operator may name another TrueType font
with the environment variable ``GREENCERT_CJK_FONT``.  Without a usable font
we refuse (:class:`FontMissing`) rather than print a PDF of empty boxes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from greencert.core.exceptions import GreenCertError

ENV_VAR = "GREENCERT_CJK_FONT"
DEBIAN_PACKAGE = "fonts-wqy-zenhei"
# Known TrueType CJK fonts on Debian, best first: (path, sub-font of a .ttc).
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)

_TRUETYPE = (b"\x00\x01\x00\x00", b"true")
_registered: dict[str, str] = {}
_lock = threading.Lock()


class FontMissing(GreenCertError):
    """No usable (TrueType, embeddable) Chinese font: say what to install or set."""


def _advice() -> str:
    return (
        f"install the Debian package {DEBIAN_PACKAGE} "
        f"(apt-get install {DEBIAN_PACKAGE}) or set {ENV_VAR} to the path of a TrueType "
        "Chinese font (.ttf/.ttc)"
    )


def _check_truetype(path: Path) -> None:
    """Refuse CFF/OpenType outlines (ReportLab cannot embed them) before ReportLab fails obscurely."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
            if head[:4] == b"ttcf":  # a collection: look at its first font
                offset = int.from_bytes(head[12:16], "big")
                f.seek(offset)
                head = f.read(4)
    except OSError as exc:
        raise FontMissing(f"Chinese font {path} cannot be read ({exc}): {_advice()}") from None
    if head[:4] not in _TRUETYPE:
        raise FontMissing(
            f"Chinese font {path} is not a TrueType font (CFF/OpenType outlines cannot be "
            f"embedded in PDFs): {_advice()}"
        )


def find_cjk_font(candidates: tuple[str, ...] | None = None) -> Path:
    """The path of the Chinese font to use; raises :class:`FontMissing` with what to do.

    ``GREENCERT_CJK_FONT`` wins when set (a wrong path is an error, not a
    silent fall-back); otherwise the first of *candidates* (default: the
    known Debian paths) that exists.
    """
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        path = Path(chosen)
        if not path.is_file():
            raise FontMissing(f"{ENV_VAR}={chosen}: no such file; {_advice()}")
        _check_truetype(path)
        return path
    for name in KNOWN_FONTS if candidates is None else candidates:
        path = Path(name)
        if path.is_file():
            _check_truetype(path)
            return path
    raise FontMissing(f"no Chinese font found for PDF reports: {_advice()}")


def cjk_font() -> str:
    """The ReportLab name of the Chinese font, registered on first use (once per font file)."""
    path = find_cjk_font()
    key = str(path)
    name = _registered.get(key)
    if name is None:
        with _lock:
            name = _registered.get(key)
            if name is None:
                name = _register(path)
                _registered[key] = name
    return name


def _register(path: Path) -> str:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = "GreenCertCJK-" + hashlib.sha1(str(path).encode()).hexdigest()[:8]
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except TTFError as exc:
        raise FontMissing(f"Chinese font {path} cannot be used ({exc}): {_advice()}") from None
    pdfmetrics.registerFont(font)
    # One face only: <b> in a paragraph stays in this (embedded) font instead of Helvetica-Bold.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)
    return name
