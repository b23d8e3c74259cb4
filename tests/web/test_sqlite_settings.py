"""The embedded database's settings, on a real file (the suite's own SQLite is in memory).

Each test imports the product's settings in a fresh interpreter with a data
folder of its own, as ``greencert serve`` would, and asks SQLite itself.
"""

from __future__ import annotations

import json

from tests.web.test_settings import run_settings

CONNECT = """
import json, django
django.setup()
from django.db import connection
"""

PRAGMAS = (
    CONNECT
    + """
with connection.cursor() as c:
    found = {}
    for name in ("journal_mode", "synchronous", "busy_timeout", "temp_store", "foreign_keys"):
        c.execute(f"PRAGMA {name}")
        found[name] = c.fetchone()[0]
print(json.dumps(found))
"""
)

# A read-only atomic block: does it hold the write lock?  A second connection that will
# not wait (timeout 0) tries to take the write lock while the block is open.
LOCK = (
    CONNECT
    + """
import sqlite3
from django.db import transaction
from greencert.web.accounts.models import User
from django.core.management import call_command
call_command("migrate", "accounts", verbosity=0)
other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
with transaction.atomic():
    User.objects.count()
    try:
        other.execute("BEGIN IMMEDIATE")
        print("free")
        other.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        print(exc)
"""
)


def env(tmp_path) -> dict:
    return {"GREENCERT_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "greencert.web.settings"}


def test_sqlite_runs_in_wal_mode_with_durable_commits_and_a_busy_timeout(tmp_path):
    out = run_settings(env(tmp_path), PRAGMAS)
    assert out.returncode == 0, out.stderr
    # synchronous 2 is FULL; busy_timeout is Django's `timeout` (20 s) in milliseconds.
    assert json.loads(out.stdout) == {
        "journal_mode": "wal",
        "synchronous": 2,
        "busy_timeout": 20000,
        "temp_store": 2,  # MEMORY
        "foreign_keys": 1,
    }


def test_a_transaction_takes_the_write_lock_at_its_start(tmp_path):
    """IMMEDIATE: the lock is taken at BEGIN, so a writer waits there (up to the timeout)
    instead of failing when its first read turns into a write."""
    out = run_settings(env(tmp_path), LOCK)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "database is locked"


def test_postgresql_gets_none_of_the_sqlite_options(tmp_path):
    code = "from greencert.web import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))"
    out = run_settings(
        env(tmp_path) | {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/none"}, code
    )
    assert out.stdout.strip() == "{}"
