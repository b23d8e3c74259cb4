"""One QR helper for the certificate, the survey poster and the survey page."""

from __future__ import annotations

import doctest

from greencert.reports import qr


def test_the_examples_in_the_docstring_hold():
    failures, _tried = doctest.testmod(qr)
    assert failures == 0


def test_the_svg_and_the_drawing_encode_the_same_modules():
    url = "https://greencert.example.cn/s/abcdefghijabcdefghijab/"
    modules = qr.matrix(url)
    assert len(modules) == len(modules[0])
    svg = qr.qr_svg(url)
    assert svg.startswith("<svg") and f"<title>{url}</title>" in svg
    drawing = qr.qr_drawing(url, 100, "Helvetica")
    rects = drawing.contents[0].draw().contents
    dark = sum(sum(row) for row in modules)
    assert sum(round(r.width / (100 / len(modules))) for r in rects) == dark
