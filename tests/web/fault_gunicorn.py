"""gunicorn settings for the fault test: the product's own (``greencert.web.gunicorn_conf``),
and a worker that stops just before committing a sheet saved with a file whose name holds
``pause-here`` — its files written, its rows inserted — and says so in the file
``GREENCERT_FAULT_MARKER`` (its process id), so that the test kills it exactly there."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from greencert.web.gunicorn_conf import *  # noqa: F403  (the product's hooks, child_exit)


def post_worker_init(worker) -> None:
    # The worker has loaded Django by now, so the services can be imported.
    from greencert.web.projects.services import evidence

    saving = evidence.files_removed_on_failure

    @contextmanager
    def paused_before_commit():
        with saving() as pending:
            yield pending
            if any("pause-here" in field.name for field in pending.fields):
                marker = Path(os.environ["GREENCERT_FAULT_MARKER"])
                marker.with_suffix(".part").write_text(str(os.getpid()))
                marker.with_suffix(".part").rename(marker)  # seen whole, or not at all
                time.sleep(300)  # until the test kills this worker

    evidence.files_removed_on_failure = paused_before_commit
