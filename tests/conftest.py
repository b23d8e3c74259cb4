"""Fixtures for the whole suite: one headless Chromium per test process.

Headless Chromium (Debian's package) is driven by Playwright against the live test server.

Playwright's own browser download is not used: ``executable_path`` points at
Debian's ``chromium``.  Without it the tests are skipped on a developer's
machine, but fail in CI, where the bootstrap script installs it.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: scripts/bootstrap --test installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the Django ORM
    # calls made by fixtures are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session", autouse=True)
def _flush_may_empty_written_records():
    """Let the flush after a transactional or live-server test empty the protected tables.

    The database refuses to delete audit entries and decided records
    (:mod:`greencert.web.audit.triggers`) unless the permit table holds a row.
    The row is written, the tables flushed and the row removed in one
    transaction: no other connection ever sees the permit.  The product writes
    it only in a restore, into an empty database (greencert.web.backup.restore).
    """
    from django.db import transaction
    from django.db.backends.base.operations import BaseDatabaseOperations

    from greencert.web.audit.triggers import PERMIT

    flush = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute(f'INSERT INTO "{PERMIT}" ("id") VALUES (1)')
            flush(self, sql_list)
            with self.connection.cursor() as cursor:
                cursor.execute(f'DELETE FROM "{PERMIT}"')

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = flush


# The fixtures through which a test reaches the test database (pytest-django's and ours).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
    | {"live_server", "client", "admin_client", "admin_user", "django_user_model"}
)


def pytest_addoption(parser):
    parser.addoption(
        "--only-database-tests",
        action="store_true",
        help="run only the tests that use the test database (DATABASE_URL): CI's second pass, "
        "on PostgreSQL, repeats just what the engine can change",
    )


def uses_test_database(item) -> bool:
    """Whether *item* reaches the test database: a django_db or suite_database mark, or one
    of the database fixtures, directly or through the fixtures it uses (pytest resolves the
    closure for us)."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("suite_database"):
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--only-database-tests"):
        return
    kept, left = [], []
    for item in items:
        (kept if uses_test_database(item) else left).append(item)
    config.hook.pytest_deselected(items=left)
    items[:] = kept
