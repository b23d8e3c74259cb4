"""File responses: one place that names the file and keeps documents out of shared caches."""

from __future__ import annotations

from django.http import HttpResponse

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A file is no page: it may run nothing and load nothing.  The browser's own PDF viewer shows
# an inline PDF in a page it makes up, with inline styles and the file embedded from here;
# the site's page policy (set only where no policy is yet) would leave that page blank.
FILE_POLICY = (
    "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def download(
    content: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = FILE_POLICY
    return response
