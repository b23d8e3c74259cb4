"""A real worker and beat on Redis deliver a webhook and retry it: the product's own
``greencert worker`` and ``greencert beat`` in child processes (SQLite in a data folder
of their own), Redis database 9 emptied first, the receiver on loopback in this process.

The event is queued by another process; the receiver fails once (500), so the first
attempt is logged with its next time, beat's sweep finds it due a second later and the
worker sends it again (200).  Skipped without Redis outside CI, as the other worker test.
"""

from __future__ import annotations

import os
import time

import pytest
import redis

from tests.web.test_sqlite_concurrency import child, server_env
from tests.web.test_tasks_worker import start, stop
from tests.web.webhooks.receiver import Receiver, verify

REDIS_URL = os.environ.get("GREENCERT_TEST_WEBHOOK_REDIS_URL", "redis://127.0.0.1:6379/9")
SECRET = "a-secret-typed-for-the-worker-test"


@pytest.fixture
def broker():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"needs Redis at {REDIS_URL}")
    client.flushdb()
    yield
    client.flushdb()


def webhooks_child(env: dict, *args: str) -> dict:
    return child(env, *args, module="tests.web.webhooks.live_webhooks")


def test_the_worker_delivers_and_beat_brings_the_retry(tmp_path, broker):
    receiver = Receiver(statuses=[500, 200]).start()
    try:
        env = server_env(tmp_path / "data") | {
            "WEBHOOK_ALLOW_LOOPBACK": "1",
            "WEBHOOK_RETRY_BASE_SECONDS": "1",
            "WEBHOOK_RETRY_SWEEP_SECONDS": "1",
        }
        webhooks_child(env, "seed", receiver.url(), SECRET)
        queued = env | {"REDIS_URL": REDIS_URL}
        log_path = tmp_path / "celery.log"
        with log_path.open("w") as log:
            worker = start(queued, "worker", "--concurrency", "1", log=log)
            beat = start(queued, "beat", log=log)
            try:
                webhooks_child(queued, "event")  # queued: this process sends nothing itself
                state = _wait(env, (worker, beat), log_path)
            finally:
                stop(beat)
                stop(worker)
    finally:
        receiver.stop()
    assert state == {"attempts": [[1, 500], [2, 200]], "states": ["delivered"]}
    first, second = receiver.requests
    assert second.at - first.at >= 1  # the retry waited its second
    for request in (first, second):
        assert verify(SECRET, request.headers["GreenCert-Signature"], request.body, now=request.at)


def _wait(env, procs, log_path, seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        state = webhooks_child(env, "state")
        if state["states"] == ["delivered"]:
            return state
        for proc in procs:
            assert proc.poll() is None, log_path.read_text()[-3000:]
        if time.monotonic() > deadline:
            pytest.fail(f"still {state} after {seconds} s; log:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.5)
