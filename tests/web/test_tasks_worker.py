"""A real Celery worker and beat on Redis do the background work queued by the web side.

The product's own commands, ``greencert worker`` and ``greencert beat``, in child
processes with a data folder of their own (and, when the suite runs on PostgreSQL,
a fresh PostgreSQL database); Redis on loopback, a database of its own emptied
first.  Answers left waiting by the public survey page become responses with no
page view and no command: beat queues the drain every second, the worker runs it.
Then the worker alone takes a drain queued by another process.

Needs Redis (``.ci/run`` starts it); outside CI the test is skipped without one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import redis

from tests.web.test_killed_worker import fresh_database
from tests.web.test_sqlite_concurrency import ROOT, child, server_env

REDIS_URL = os.environ.get("GREENCERT_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"needs Redis at {REDIS_URL}")
    return client


def tasks_child(env: dict, *args: str) -> dict:
    return child(env, *args, module="tests.web.live_tasks")


def start(env: dict, *command: str, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "greencert", *command],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def wait_for_state(env: dict, wanted: dict, seconds: float, procs, log_path) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = tasks_child(env, "state")
        if state == wanted:
            return state
        for proc in procs:
            assert proc.poll() is None, log_path.read_text()[-3000:]
        if time.monotonic() > deadline:
            pytest.fail(f"still {state} after {seconds} s; log:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.5)


@pytest.fixture
def broker():
    client = _redis_or_skip()
    client.flushdb()
    yield
    client.flushdb()


def test_beat_and_worker_drain_the_survey_answers_without_a_page_view(tmp_path, broker):
    with fresh_database("tasks_worker") as database:
        env = server_env(tmp_path / "data") | database
        seeded = tasks_child(env, "seed", "3")  # on the embedded default: nothing queued
        assert seeded["survey"]
        assert tasks_child(env, "state") == {"waiting": 3, "responses": 0}
        queued = env | {"REDIS_URL": REDIS_URL, "SURVEY_DRAIN_SECONDS": "1"}
        log_path = tmp_path / "celery.log"
        with log_path.open("w") as log:
            worker = start(queued, "worker", "--concurrency", "1", log=log)
            beat = start(queued, "beat", log=log)
            try:
                wait_for_state(env, {"waiting": 0, "responses": 3}, 90, (worker, beat), log_path)
            finally:
                stop(beat)
            try:
                # Beat stopped: answers wait until a drain is queued, by any process.
                tasks_child(env, "more", "2")
                time.sleep(3)
                assert tasks_child(env, "state") == {"waiting": 2, "responses": 3}
                tasks_child(queued, "queue")
                wait_for_state(env, {"waiting": 0, "responses": 5}, 60, (worker,), log_path)
            finally:
                stop(worker)
        # Beat keeps when each entry last ran in the data folder, not where it was started.
        assert any(p.name.startswith("celerybeat-schedule") for p in (tmp_path / "data").iterdir())
