"""Background work: the Celery application and its schedule.

With a broker (``CELERY_BROKER_URL``, or ``REDIS_URL``), work queued by the web
processes is done by ``greencert worker`` and the periodic work is queued by
``greencert beat``.  Without one — the embedded default — a task runs in the
process that asks for it, at once (Celery's eager mode), and the periodic work
is run by :mod:`greencert.web.periodic` inside the server process.  Each task
lives in the app that owns what it changes (``<app>/tasks.py``).
"""

from __future__ import annotations

from celery import Celery

app = Celery("greencert")
# Every CELERY_* setting of greencert.web.settings; the tasks of each installed app.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
