"""A real Celery worker and beat on Redis do the background work queued by the web side.

The product's own commands, ``greencert worker`` and ``greencert beat``, in child
processes with a data folder of their own (and, when the suite runs on PostgreSQL,
a fresh PostgreSQL database); Redis on loopback, a database of its own emptied
first.  Answers left waiting by the public survey page become responses with no
page view and no command: beat queues the drain every second, the worker runs it.
Then the worker alone takes a drain queued by another process.  A bulk export asked
for on its page (POST) waits on the broker until the worker makes it, and is then
downloaded through the web side from the storage the worker wrote it to.

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

# The worker's database is made on the suite's engine (fresh_database): run on each.
pytestmark = pytest.mark.suite_database

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


def wait_for_state(
    env: dict, wanted: dict, seconds: float, procs, log_path, command: str = "state"
) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = tasks_child(env, command)
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


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One world for the module's tests (migrating and building it is most of their time):
    three survey answers waiting and the beta project's certificate, made on the embedded
    default (nothing queued).  Yields the server's environment, its data folder and what
    the seed reported."""
    _redis_or_skip()
    data = tmp_path_factory.mktemp("tasks_worker") / "data"
    with fresh_database("tasks_worker") as database:
        env = server_env(data) | database
        yield env, data, tasks_child(env, "seed", "3")


def test_beat_and_worker_drain_the_survey_answers_without_a_page_view(tmp_path, broker, seeded):
    env, data, seed = seeded
    assert seed["survey"]
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
    assert any(p.name.startswith("celerybeat-schedule") for p in data.iterdir())


def test_the_worker_makes_the_export_asked_for_on_the_page(tmp_path, broker, seeded):
    env, _data, seed = seeded
    queued = env | {"REDIS_URL": REDIS_URL}
    # Asked with a broker: the web side queues the work and does none of it.
    assert tasks_child(queued, "ask") == {"status": 302, "state": "queued"}
    time.sleep(1)
    assert tasks_child(env, "export") == {"state": "queued"}
    assert tasks_child(env, "download") == {"status": 404}  # nothing to download yet
    log_path = tmp_path / "celery.log"
    with log_path.open("w") as log:
        worker = start(queued, "worker", "--concurrency", "1", log=log)
        try:
            wait_for_state(env, {"state": "ready"}, 60, (worker,), log_path, "export")
        finally:
            stop(worker)
    # Made by the worker into the data folder, downloaded through the web side.
    assert tasks_child(queued, "download") == {"status": 200, "numbers": [seed["number"]]}
