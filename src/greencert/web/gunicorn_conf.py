"""gunicorn's settings for ``greencert serve`` (``--config python:greencert.web.gunicorn_conf``).

A worker that dies in the middle of saving a sheet with files (killed, out of memory, timed
out) commits none of its rows, but the files it had written stay on disk: as soon as the
master sees the worker gone, it deletes those that no row names (:mod:`greencert.web.uploads`).
"""

from __future__ import annotations

import os

import django
from django.apps import apps
from django.db import connections

from greencert.web.periodic import start_if_eager
from greencert.web.uploads import recover_uploads


def child_exit(server, worker) -> None:
    """Called by the master when a worker has exited, however it ended."""
    if not apps.ready:  # gunicorn started without ``greencert serve``
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencert.web.settings")
        django.setup()
    try:
        deleted = recover_uploads(pid=worker.pid)
    except Exception:  # the master must go on serving; the next start recovers them
        server.log.exception("could not recover the uploads of worker %s", worker.pid)
        return
    finally:
        # The master forks the next workers: none may inherit its database connection.
        connections.close_all()
    if deleted:
        server.log.warning(
            "worker %s died while saving: removed %d file(s) no row names: %s",
            worker.pid,
            len(deleted),
            ", ".join(deleted),
        )


def post_worker_init(worker) -> None:
    """Without a broker there is no Celery worker: each web worker runs the periodic work."""
    start_if_eager()
