"""The verdict of a permission matrix cell, shared by every area's matrix, and the
check that every page the matrices open (GET) writes nothing."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_outcome(client, response, *, allowed: bool, method: str) -> None:
    """Who may: the page (GET) or a redirect after a write that succeeded (POST).
    Who may not: 404, so that nothing leaks about what exists."""
    if not allowed:
        assert response.status_code == 404
        return
    expected = 302 if method == "post" else 200
    assert response.status_code == expected, response.content[:2000]
    if expected == 302:
        # A successful write goes on to a page, never back to the log-in form ...
        assert "/accounts/login/" not in response["Location"]
        # ... and is not a refusal that redirects with an error message.
        follow = client.get(response["Location"])
        assert 'class="error"' not in follow.content.decode(), follow.content[:2000]


# A page view never writes: the bookkeeping of sessions, caches and rate limits aside.
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
BOOKKEEPING = re.compile(r'\b(django_session|django_cache\w*|\w*ratelimit\w*)\b"?', re.IGNORECASE)


def writes_in(statements: list[str]) -> list[str]:
    """The statements that change stored data, bookkeeping tables left out.

    >>> writes_in(['SELECT 1', 'INSERT INTO "audit_auditentry" VALUES (1)',
    ...            'UPDATE "django_session" SET x = 1', 'SAVEPOINT "s1"'])
    ['INSERT INTO "audit_auditentry" VALUES (1)']
    """
    return [sql for sql in statements if WRITE.match(sql) and not BOOKKEEPING.search(sql)]


def get_reading_only(http, url: str, data=None):
    """GET *url* with *http* (a test client) and fail if the request wrote anything."""
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url, data or {})
    written = writes_in([q["sql"] for q in captured.captured_queries])
    assert written == [], f"GET {url} wrote: {written}"
    return response
