"""Workbooks made by hand, part by part, as someone crafting a hostile upload would.

An ``.xlsx`` file is a zip of XML parts; these are the fewest parts openpyxl
opens, with whatever sheet XML a test gives.  Zipping the XML ourselves is
the quick way to a million cells (openpyxl would take minutes to write them).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def sheet_xml(rows: Iterable[bytes]) -> bytes:
    """A worksheet whose ``<sheetData>`` holds *rows* (each a ``<row>…</row>``), with no
    ``<dimension>``: openpyxl then reads it to the end just to learn its size."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
    return head.encode() + b"".join(rows) + b"</sheetData></worksheet>"


def grid(rows: int, columns: int) -> Iterable[bytes]:
    """*rows* × *columns* numbers, each cell with its reference, as Excel writes them."""
    letters = [_letters(c) for c in range(1, columns + 1)]
    for r in range(1, rows + 1):
        cells = b"".join(
            b'<c r="%s%d"><v>%d</v></c>' % (letters[c], r, c + r) for c in range(columns)
        )
        yield b'<row r="%d">%s</row>' % (r, cells)


def xlsx(sheets: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """The zipped workbook: one part per sheet (in order), plus *extra* parts as given."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(1, len(sheets) + 1)
    )
    listed = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    targets = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            f'main+xml"/>{overrides}</Types>'
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{listed}</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{targets}'
            "</Relationships>"
        ).encode(),
    }
    parts |= {f"xl/worksheets/sheet{n}.xml": xml for n, xml in enumerate(sheets.values(), 1)}
    parts |= extra or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _letters(column: int) -> bytes:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters.encode()
