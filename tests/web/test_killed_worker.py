"""A gunicorn worker killed (SIGKILL) in the middle of saving a sheet with files leaves no
partial rows and no orphaned files.

The server is the product's gunicorn configuration (``greencert.web.gunicorn_conf``) plus
one test hook (:mod:`tests.web.fault_gunicorn`): a save whose evidence file is named
``pause-here…`` stops after its files are written and its rows inserted, just before the
commit, and says so.  The test kills that worker there and then checks, through a child
process reading the data folder: no evaluation, rating, evidence row or audit entry of
that save; no file in the media folder that no row names; no journal left; the files of an
earlier save kept; the audit chain intact; and the server saving the same sheet again.

On SQLite, and on PostgreSQL when the suite runs there (a fresh database beside the
suite's).  Before the journal of pending uploads (:mod:`greencert.web.uploads`), the two files of the
killed save stayed in the media folder, named by nothing.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.urls import reverse

from tests.web.sheet_helpers import sheet
from tests.web.test_sqlite_concurrency import (
    HOST,
    ROOT,
    Posts,
    child,
    free_port,
    server_env,
    wait_for,
)

SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
# The server gets a fresh database on the suite's engine: the PostgreSQL pass runs it again.
pytestmark = pytest.mark.suite_database


@contextmanager
def fresh_database(purpose: str = "killed_worker"):
    """The server's database: SQLite in its data folder, or — when the suite runs on
    PostgreSQL — a fresh PostgreSQL database beside the suite's, dropped afterwards.  Named
    for its *purpose* and the test process, so that two tests running at once never drop
    each other's."""
    if not SUITE_DATABASE.startswith("postgres"):
        yield {}
        return
    url = urllib.parse.urlsplit(SUITE_DATABASE)
    process = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{url.path.lstrip('/') or 'greencert'}_{purpose}_{process}"
    server = url._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": url._replace(path=f"/{name}").geturl()}
    finally:
        with psycopg.connect(server, autocommit=True) as db:
            db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "python:tests.web.fault_gunicorn"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class Uploads(Posts):
    """POST a sheet with evidence files (multipart), as the team leader."""

    def sheet_with_files(self, path: str, data: dict, files: dict) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in (data | {"csrfmiddlewaretoken": self.csrf}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for key, (name, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        conn.request(
            "POST",
            path,
            body,
            {"Cookie": self.cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {seconds} s")
        time.sleep(0.1)


@pytest.fixture
def database():
    with fresh_database() as settings:
        yield settings


@pytest.fixture
def server(tmp_path, database):
    data = tmp_path / "data"
    env = server_env(data) | database
    env["GREENCERT_FAULT_MARKER"] = str(tmp_path / "paused")
    seeded = child(env, "seed")
    port = free_port()
    log = (tmp_path / "server.log").open("w+")
    proc = subprocess.Popen(
        [*GUNICORN, "--bind", f"{HOST}:{port}", "--workers", "1", "greencert.web.wsgi:application"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_for(port, proc)
        yield port, proc, seeded, env, data / "media", tmp_path / "paused", log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:  # a worker still paused, when the test failed
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(20)


def test_a_worker_killed_while_saving_a_sheet_leaves_no_rows_and_no_files(server):
    port, proc, seeded, env, media, paused, log = server
    leader = Uploads(port, seeded["leader"])
    create = reverse("evaluation_create", args=(seeded["project"],))
    before = child(env, "files")

    # An earlier save with a file: stored, and its file must survive the recovery.
    kept = leader.sheet_with_files(create, sheet(code="KEPT"), {"evidence_1.1": ("kept.pdf", PDF)})
    assert kept[0] == 302, kept[1][:2000]

    # The save to be killed: two files, stopped just before its commit.
    files = {"evidence_1.1": ("pause-here.pdf", PDF), "evidence_2.1": ("pause-here.png", PNG)}
    answer: list = []

    def send() -> None:
        try:
            answer.append(leader.sheet_with_files(create, sheet(code="K1"), files))
        except OSError as exc:  # the connection dies with the worker
            answer.append((0, repr(exc)))

    thread = threading.Thread(target=send)
    thread.start()
    wait_until(paused.exists, 30, "the worker pausing before its commit")
    worker = int(paused.read_text())
    written = sorted(p.name for p in media.rglob("pause-here*"))
    assert written == ["pause-here.pdf", "pause-here.png"]  # on disk, their rows uncommitted
    assert list((media / ".uploading").iterdir())  # and journalled
    os.kill(worker, signal.SIGKILL)
    thread.join(30)
    assert answer and answer[0][0] != 302, answer  # the person was not told it was saved

    # The master sees the worker gone and removes the files no row names.
    wait_until(lambda: not list(media.rglob("pause-here*")), 20, "the files' removal")
    wait_for(port, proc)  # a new worker answers
    after = child(env, "files")
    assert after["codes"] == sorted([*before["codes"], "KEPT"])
    assert after["ratings"] == before["ratings"] + 19  # KEPT's, none of K1's
    assert after["evidence"] == ["kept.pdf"]
    assert after["evidence_entries"] == before["evidence_entries"] + 1
    assert [Path(f).name for f in after["files"]] == ["kept.pdf"]
    assert after["unnamed_files"] == [] and after["missing_files"] == []
    assert after["journals"] == []
    assert after["trail_intact"]
    log.seek(0)
    assert "removed 2 file(s) no row names" in log.read()

    # The same sheet saves afterwards: nothing of the killed save is in the way (no lock
    # held, the name K1 free).
    again = leader.sheet_with_files(create, sheet(code="K1"), {"evidence_1.1": ("again.pdf", PDF)})
    assert again[0] == 302, again[1][:2000]
    assert "K1" in child(env, "files")["codes"]
