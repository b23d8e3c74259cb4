"""A fingerprint of the stored data: per table, its row count and a hash of its rows.

Taken before and after a request, it says which tables the request changed —
whatever the status code says.  Every table of an installed model is read (the
many-to-many tables too), ordered by primary key; the bookkeeping tables that a
request may touch without changing anything a person stored (sessions) are left
out, as are the tables that only migrations fill (content types, permissions).
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db import connection

# Not data anyone stores through a page: sessions change on every log-in; the others
# are written by migrations only.
BOOKKEEPING = {"django_session", "django_content_type", "auth_permission"}
# What every audited write changes besides its own tables: the entry and the chain's head.
AUDIT_TABLES = frozenset({"audit_auditentry", "audit_chainhead"})


def _tables() -> list[tuple[str, str]]:
    """(table, primary-key column) of every installed model, bookkeeping left out."""
    return sorted(
        {
            (model._meta.db_table, model._meta.pk.column)
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and model._meta.db_table not in BOOKKEEPING
        }
    )


def fingerprint() -> dict[str, tuple[int, str]]:
    """table → (rows, SHA-256 of the rows in primary-key order)."""
    quote = connection.ops.quote_name
    prints = {}
    with connection.cursor() as cursor:
        for table, pk in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
            rows = cursor.fetchall()
            prints[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return prints


def changed_tables(before: dict, after: dict) -> set[str]:
    """The tables whose fingerprint differs.

    >>> changed_tables({"a": (1, "x"), "b": (2, "y")}, {"a": (1, "x"), "b": (3, "z")})
    {'b'}
    """
    return {
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    }
