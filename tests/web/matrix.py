"""The verdict of a permission matrix cell, shared by every area's matrix: the status a
person gets, and what the request did to the stored data.

A page (GET) writes nothing.  A POST names its effect (:class:`Writes`): the tables an
allowed POST changes and the audit entries it records — or :data:`NOTHING`, for a preview
or a form shown again.  A refused POST (404, or sent to log in) must leave every table
as it was: the tables are fingerprinted before and after (:mod:`tests.web.fingerprint`),
so a refusal that redirects cannot pass for a write, nor a write that changes the wrong
things for a refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from greencert.web.audit.models import AuditEntry
from tests.web.fingerprint import AUDIT_TABLES, changed_tables, fingerprint

# Everyone a permission matrix asks, in the order its tables list them (tests/web/conftest.py).
PERSONAS = [
    "admin",
    "pm",
    "leader",
    "evaluator",
    "auditor_off",
    "reviewer",
    "decider",
    "client",
    "beta_client",
]


@dataclass(frozen=True)
class Writes:
    """What an allowed POST must do: change exactly *tables* (models by label, e.g.
    ``"projects.Evaluation"``; the audit trail's own tables aside), record the audit
    *actions*, and leave the data so that *check* (called without arguments) is true."""

    tables: tuple[str, ...] = ()
    audit: tuple[str, ...] = ()
    check: Callable[[], bool] | None = None

    def db_tables(self) -> set[str]:
        named = {apps.get_model(label)._meta.db_table for label in self.tables}
        return named | (set(AUDIT_TABLES) if self.audit else set())


def writes(*tables: str, audit: str | tuple[str, ...], check=None) -> Writes:
    """An audited write: ``writes("projects.Evaluation", audit="greencert.evaluation.created")``."""
    return Writes(tuple(tables), (audit,) if isinstance(audit, str) else tuple(audit), check)


# An allowed POST that stores nothing: a preview, a form shown again with its errors.
NOTHING = Writes()


def _last_entry() -> int:
    return AuditEntry.objects.aggregate(last=Max("sequence"))["last"] or 0


def post_checked(http, url: str, data: dict | None, *, allowed: bool, effect: Writes):
    """POST *data* to *url* and check what it changed: *effect* if *allowed*, else nothing."""
    assert isinstance(effect, Writes), f"POST {url}: name its effect (Writes or NOTHING)"
    before, last = fingerprint(), _last_entry()
    response = http.post(url, data or {})
    changed = changed_tables(before, fingerprint())
    if not allowed:
        assert changed == set(), f"refused POST {url} ({response.status_code}) changed {changed}"
        return response
    assert changed == effect.db_tables(), (
        f"POST {url} ({response.status_code}) changed {sorted(changed)}, "
        f"expected {sorted(effect.db_tables())}"
    )
    recorded = set(AuditEntry.objects.filter(sequence__gt=last).values_list("action", flat=True))
    assert set(effect.audit) <= recorded, f"POST {url} recorded {recorded}, not {effect.audit}"
    if effect.check is not None:
        assert effect.check(), f"POST {url}: the stored data is not what the write should leave"
    return response


@contextmanager
def undone():
    """Whatever happens inside is rolled back, so the next persona starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


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
