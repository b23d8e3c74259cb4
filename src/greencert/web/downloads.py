"""File responses: one place that names the file and keeps documents out of shared caches."""

from __future__ import annotations

from django.http import HttpResponse

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A file is no page: it may run nothing and load nothing (the site's page policy, with its
# report-uri and nonces, is for HTML).  Chromium's own PDF viewer shows an inline PDF under it
# (tests/browser/test_browser_policy.py).
FILE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def download(
    content: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_POLICY
    return response
