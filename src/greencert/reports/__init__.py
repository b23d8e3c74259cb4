"""Reports and certificates as documents: PDF assessment report, PDF certificate, Excel exports.

No Django here: the command line prints the same documents as the web.
Each builder takes plain data and returns bytes; the web wraps them in a
response, the command line writes a file.

- :func:`build_assessment_report` (``Assessment.as_dict()`` + context) → PDF
- :func:`build_certificate` (certificate fields) → PDF
- :func:`project_workbook`, :func:`certificate_register` (lists of dicts) → .xlsx
- :func:`greencert.reports.poster.build_poster` (a survey's words and link) → PDF
- :mod:`greencert.reports.qr`: every QR code (PDF drawing or inline SVG)
- :func:`find_cjk_font` / :class:`FontMissing`: the embedded Chinese font, for a start-up check
"""

from greencert.reports.assessment_report import build_assessment_report
from greencert.reports.certificate import build_certificate, display_number, verification_url
from greencert.reports.fonts import FontMissing, find_cjk_font
from greencert.reports.workbooks import certificate_register, project_workbook

__all__ = [
    "FontMissing",
    "build_assessment_report",
    "build_certificate",
    "certificate_register",
    "display_number",
    "find_cjk_font",
    "project_workbook",
    "verification_url",
]
