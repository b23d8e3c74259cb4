"""File responses: one place that names the file and keeps documents out of every cache.

``no-store``: a certificate, a report or a client's evidence must not stay behind in a
proxy or in a shared computer's browser cache once the person has logged out.
"""

from __future__ import annotations

import io

from django.http import FileResponse, Http404, HttpResponse

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A file is no page: it may run nothing and load nothing (the site's page policy, with its
# report-uri and nonces, is for HTML).  Chromium's own PDF viewer shows an inline PDF under it
# (tests/browser/test_browser_policy.py).
FILE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
NO_STORE = "private, no-store"


def download(
    content: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return _as_file(response)


def stored_file(field, filename: str) -> FileResponse:
    """An uploaded file (a ``FieldFile``) sent back as *filename*; a file gone from disk is a 404.

    Always an attachment: an uploaded HTML or SVG file must never render in our origin.
    """
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return _as_file(FileResponse(handle, as_attachment=True, filename=filename))


def _as_file(response):
    """Kept out of every cache, and allowed to run or load nothing."""
    response["Cache-Control"] = NO_STORE
    response["Content-Security-Policy"] = FILE_POLICY
    return response


def streamed(content: bytes, content_type: str, filename: str) -> FileResponse:
    """*content* sent in blocks as an attachment named *filename* (the API's downloads)."""
    response = FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type
    )
    return _as_file(response)
