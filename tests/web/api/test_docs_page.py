"""The documentation page is served from the product's own static files: no CDN, and the
browser policy (CSP) unchanged: scripts and styles from our own origin only."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_the_docs_page_loads_only_our_own_files(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "GreenCert API" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    for source in sources:
        assert source.startswith("/static/"), source  # nothing from another origin
        assert finders.find(source.removeprefix("/static/")), f"{source} is not shipped"
    assert "<script>" not in page  # no inline script: the settings travel as JSON data
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # The page finds the schema it documents.
    assert '"url": "/api/v1/openapi.json"' in page
