"""What ``/readyz`` checks: each part this node needs to serve, as ``ok`` or why not.

``/healthz`` only says the process and its database answer (a liveness probe: restart
me if not); a node that is alive may still not be ready — a migration not applied yet,
Redis or the object storage out of reach — and a balancer should then send requests
elsewhere.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from greencert.web.tasks import app

PROBE_KEY = "greencert.readyz"
_migrated = False  # once true, true for this process: migrations are not undone under it


def check_all() -> dict[str, str]:
    checks = {"database": _check(_database), "migrations": _check(_migrations)}
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        checks["redis"] = _check(_redis)
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = _check(_broker)
    checks["storage"] = _check(_storage)
    return checks


def _check(probe) -> str:
    try:
        return probe() or "ok"
    except Exception as exc:  # a probe that fails says why, in one line
        return f"{type(exc).__name__}: {exc}"[:200]


def _database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def _migrations() -> str | None:
    global _migrated
    if _migrated:
        return None
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"{len(pending)} migration(s) not applied"
    _migrated = True
    return None


def _redis() -> str | None:
    cache.set(PROBE_KEY, "1", 30)
    return None if cache.get(PROBE_KEY) == "1" else "the cache did not keep a value"


def _broker() -> None:
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)


def _storage() -> None:
    default_storage.exists(PROBE_KEY)  # answers False when the storage is reachable
