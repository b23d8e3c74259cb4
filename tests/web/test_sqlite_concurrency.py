"""Twenty people writing at once to the embedded database, through the real server.

``greencert serve`` (gunicorn, four worker processes) on SQLite in a fresh
data folder, seeded by a child process through the services
(:mod:`tests.web.live_sqlite`).  Twenty threads, released together by a
barrier, then

* create twenty distinct evaluations: twenty are stored, each once;
* save the same sheet with the same version: one is stored, nineteen are
  refused with 409 and the "changed by someone else" message;
* issue the certificate of the same decision: one certificate; the others
  are told it was already issued.

Not one answer may be a 500, and "database is locked" must appear nowhere
(neither in a page nor in the server's log).  Before the SQLite settings
(WAL, IMMEDIATE transactions), this test saw 500s from "database is locked".
It is about the embedded database: on PostgreSQL it is skipped.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.sheet_helpers import sheet

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
THREADS = 20
WORKERS = 4

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="about the embedded database (SQLite) only",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return env | {
        "GREENCERT_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DJANGO_SETTINGS_MODULE": "greencert.web.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        "LOG_LEVEL": "ERROR",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def child(
    env: dict, *args: str, module: str = "tests.web.live_sqlite", timeout: float = 120
) -> dict:
    """Run *module* with *args* in a child process with *env*; its last line, read as JSON."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def wait_for(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the server did not answer /healthz in time")


class Posts:
    """POST requests as a logged-in person reading English pages, many at once."""

    def __init__(self, port: int, session: str):
        self.port = port
        # Any 32-letter secret does: Django compares the cookie with the form field.
        self.csrf = secrets.token_hex(16)
        self.cookie = f"sessionid={session}; csrftoken={self.csrf}; django_language=en"

    def one(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data | {"csrfmiddlewaretoken": self.csrf})
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        conn.request(
            "POST",
            path,
            body,
            {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")

    def at_once(self, requests: list[tuple[str, dict]]) -> list[tuple[int, str]]:
        """Every request from its own thread, all released together."""
        barrier = threading.Barrier(len(requests))
        answers: list = [None] * len(requests)

        def run(n: int, path: str, data: dict) -> None:
            barrier.wait()
            try:
                answers[n] = self.one(path, data)
            except OSError as exc:
                answers[n] = (0, repr(exc))

        threads = [
            threading.Thread(target=run, args=(n, path, data))
            for n, (path, data) in enumerate(requests)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        return answers


@pytest.fixture
def server(tmp_path):
    env = server_env(tmp_path)
    seeded = child(env, "seed")
    port = free_port()
    log = (tmp_path / "server.log").open("w+")
    command = [sys.executable, "-m", "greencert", "serve", "--bind", f"{HOST}:{port}"]
    proc = subprocess.Popen(
        [*command, "--workers", str(WORKERS)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,  # the access log
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_for(port, proc)
        yield port, seeded, env, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)


def test_twenty_concurrent_writers_on_sqlite_store_each_write_once_or_refuse_it(server):
    began = time.monotonic()
    port, seeded, env, log = server
    project = seeded["project"]
    leader, pm = Posts(port, seeded["leader"]), Posts(port, seeded["pm"])

    # 1. Twenty new evaluations, each with its own id.
    create = reverse("evaluation_create", args=(project,))
    created = leader.at_once(
        [(create, sheet(every="0.8", code=f"C{n:02d}")) for n in range(1, THREADS + 1)]
    )
    # 2. The same sheet, opened at version 0 by twenty people, each typing another α.
    edit = reverse("evaluation_edit", args=(project, seeded["evaluation"]))
    alphas = [f"0.{n}" for n in range(50, 50 + THREADS)]  # 0.50 … 0.69
    saved = leader.at_once([(edit, sheet(every=a, code="E0", version="0")) for a in alphas])
    # 3. The certificate of one decision, issued by twenty clicks.
    issue = reverse("certificate_issue", args=(seeded["decision"],))
    issued = pm.at_once(
        [(issue, {"granted_on": "2026-06-02", "signatory": "周春阳", "confirmed": "yes"})] * THREADS
    )

    answers = created + saved + issued
    log.seek(0)
    server_log = log.read()
    assert [status for status, _ in answers if status in (0, 500)] == [], server_log
    assert not [page for _, page in answers if "database is locked" in page]
    assert "database is locked" not in server_log
    assert "Traceback" not in server_log, server_log

    assert sorted(status for status, _ in created) == [302] * THREADS
    assert sorted(status for status, _ in saved) == [302] + [409] * (THREADS - 1)
    refused = [page for status, page in saved if status == 409]
    assert all(
        "Evaluation E0 was changed by someone else after you opened it." in p for p in refused
    )
    assert sum(status == 302 for status, _ in issued) == 1
    others = [page for status, page in issued if status != 302]
    assert len(others) == THREADS - 1
    assert all("A certificate was already issued for this decision." in p for p in others)

    stored = child(env, "inspect", str(seeded["evaluation"]), str(seeded["decision"]))
    assert stored["codes"] == [f"C{n:02d}" for n in range(1, THREADS + 1)]
    assert stored["created_entries"] == THREADS  # one audit entry each, none twice
    assert stored["shared_version"] == 1  # saved once: 0 → 1
    assert len(stored["shared_alphas"]) == 1  # one person's sheet whole, not a mix
    assert stored["shared_alphas"][0] in alphas
    assert stored["shared_changes"] == 1
    assert stored["certificates"] == 1
    assert stored["issued_events"] == 1
    assert time.monotonic() - began < 30
