"""The periodic work in the server process, when there is no broker (the embedded default).

``greencert beat`` queues the schedule's tasks for the workers when a broker is
configured.  Without one there is no worker either, so the server process runs
the same schedule itself, in a thread: each entry of ``CELERY_BEAT_SCHEDULE``,
when Celery's own schedule object says it is due, as an eager task.  The tasks
are safe to run in several processes at once (each is written to be).
"""

from __future__ import annotations

import logging
import threading

from celery.schedules import maybe_schedule
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from greencert.web.tasks import app

log = logging.getLogger("greencert.periodic")


class InProcessBeat:
    """Runs the beat schedule's tasks in this process; :meth:`tick` runs what is due."""

    def __init__(self, schedule: dict | None = None):
        entries = settings.CELERY_BEAT_SCHEDULE if schedule is None else schedule
        self.entries = {
            name: (entry["task"], maybe_schedule(entry["schedule"], app=app))
            for name, entry in entries.items()
        }
        now = timezone.now()
        self.last_run = dict.fromkeys(self.entries, now)
        self._stop = threading.Event()

    def tick(self) -> tuple[list[str], float]:
        """Run each entry that is due now; the names run, and seconds until the next."""
        now = timezone.now()
        ran, wait = [], 60.0
        for name, (task, schedule) in self.entries.items():
            due, next_in = schedule.is_due(self.last_run[name])
            if due:
                self.last_run[name] = now
                try:
                    app.tasks[task].apply()
                except Exception:  # the next tick tries again; the server goes on serving
                    log.exception("periodic task %s failed", task)
                finally:
                    close_old_connections()
                ran.append(name)
            wait = min(wait, next_in)
        return ran, max(wait, 0.5)

    def run_forever(self) -> None:
        while not self._stop.is_set():
            _ran, wait = self.tick()
            self._stop.wait(wait)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="greencert-beat", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


def start_if_eager() -> InProcessBeat | None:
    """In a server process without a broker, start the in-process beat; otherwise nothing."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    app.autodiscover_tasks(force=True)  # every app's tasks registered by name
    beat = InProcessBeat()
    beat.start()
    return beat
