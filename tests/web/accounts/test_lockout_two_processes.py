"""The lockout holds across server processes: two ``greencert serve`` processes on one
SQLite data folder; wrong passwords typed on either, from different addresses, lock the
account on both.  (django-axes keeps its counts in the database, not in a process.)"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import urllib.parse

import pytest

from tests.web.accounts.live_accounts import PASSWORD, USERNAME
from tests.web.test_sqlite_concurrency import HOST, ROOT, free_port, server_env, wait_for

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="two servers on one SQLite file (PostgreSQL is shared by nature)",
)


def child(env: dict, command: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.web.accounts.live_accounts", command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def log_in(port: int, password: str, address: str) -> int:
    """One log-in attempt as a browser behind the proxy at *address* would make it."""
    csrf = secrets.token_hex(16)
    body = urllib.parse.urlencode(
        {"username": USERNAME, "password": password, "csrfmiddlewaretoken": csrf}
    )
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.request(
        "POST",
        "/accounts/login/",
        body,
        {
            "Cookie": f"csrftoken={csrf}; django_language=en",
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": address,
        },
    )
    response = conn.getresponse()
    response.read()
    return response.status


@pytest.fixture
def two_servers(tmp_path):
    env = server_env(tmp_path) | {"BEHIND_PROXY": "1", "LOGIN_FAILURE_LIMIT": "3"}
    child(env, "seed")
    servers = []
    try:
        for n in range(2):
            port = free_port()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "greencert",
                    "serve",
                    "--bind",
                    f"{HOST}:{port}",
                    "--workers",
                    "1",
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=(tmp_path / f"server{n}.log").open("w"),
                start_new_session=True,
            )
            servers.append((port, proc))
        for port, proc in servers:
            wait_for(port, proc)
        yield [port for port, _ in servers], env
    finally:
        for _, proc in servers:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)


def test_wrong_passwords_on_two_processes_lock_the_account_on_both(two_servers):
    (a, b), env = two_servers
    assert log_in(a, "guess-1", "203.0.113.1") == 200  # the form again, with its error
    assert log_in(b, "guess-2", "203.0.113.2") == 200
    assert log_in(a, "guess-3", "198.51.100.3") == 429  # the third: locked
    # The right password, on either process, from yet another address: still locked.
    assert log_in(b, PASSWORD, "192.0.2.4") == 429
    assert log_in(a, PASSWORD, "192.0.2.5") == 429
    actions = child(env, "inspect")["actions"]
    assert actions.count("greencert.account.locked_out") == 1
    assert actions.count("greencert.account.login_failed") == 5
    assert "greencert.account.logged_in" not in actions
