"""Uploaded files that stay only if the transaction storing their rows commits — even when
the process dies in between.

A sheet and its evidence files are saved together: each file is written to storage, then
the row that names it, and the transaction commits.  When the transaction fails, the files
are deleted again (:func:`files_removed_on_failure`).  When the process dies instead (a
worker killed, the machine stopped) nothing of it runs any more, and the database forgets
the rows it had not committed: the files would stay, named by nothing.  So before a file is
written its name goes into a journal of this save (``MEDIA_ROOT/.uploading/<process>-<…>``),
which is removed once the transaction has committed or the files have been deleted.

:func:`recover_uploads` reads the journals of processes that are gone: a file that no row
names is deleted (its transaction never committed); one that a row names is kept (it
committed, and the process died before removing the journal).  It runs when gunicorn sees
a worker gone (``greencert.web.gunicorn_conf``), when ``greencert serve`` starts, and as
``greencert manage recover_uploads``.  Files are written before their rows commit, so a
committed row always has its file; the journal only ever removes files.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, models, transaction

JOURNALS = ".uploading"
# <process id>-<its start time, 0 if unknown>-<PostgreSQL session, 0 if none>-<token>
JOURNAL_NAME = re.compile(r"(?P<pid>\d+)-(?P<started>\d+)-(?P<session>\d+)-[0-9a-f]+")
# How long recovery waits for a dead process's PostgreSQL session to end (its COMMIT may
# still be on its way); a journal whose session lives on is left for the next recovery.
SESSION_WAIT_SECONDS = 10.0


def journal_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / JOURNALS


def _started(pid: int) -> str:
    """When process *pid* started (Linux: clock ticks since boot), so that a reused
    process id is not taken for the process that wrote a journal; "" elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _alive(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not started or _started(pid) in ("", started)


def _session_id() -> int:
    """The PostgreSQL server process of this connection (0 on other databases)."""
    if connection.vendor != "postgresql":
        return 0
    connection.ensure_connection()
    return connection.connection.info.backend_pid


class PendingUploads:
    """The files written by one save, journalled until its transaction is over."""

    def __init__(self):
        self.fields: list = []
        self.journal: Path | None = None

    def save(self, field_file, content) -> None:
        """Write *content* as *field_file* (a model's FileField value, before its row is saved),
        its name journalled before the file exists."""
        field = field_file.field
        name = field.generate_filename(field_file.instance, content.name)
        name = field_file.storage.get_available_name(name, max_length=field.max_length)
        self._note(name)
        field_file.name = field_file.storage.save(name, content, max_length=field.max_length)
        self.fields.append(field_file)
        if field_file.name != name:
            # Taken meanwhile by another upload: the storage chose another name, and the
            # first one is that upload's, not this save's.
            self._note(field_file.name)
            self._write([f.name for f in self.fields])
        field_file._committed = True

    def _note(self, name: str) -> None:
        if self.journal is None:
            pid = os.getpid()
            folder = journal_folder()
            folder.mkdir(parents=True, exist_ok=True)
            token = secrets.token_hex(8)
            self.journal = folder / f"{pid}-{_started(pid) or 0}-{_session_id()}-{token}"
        with self.journal.open("a", encoding="utf-8") as journal:
            journal.write(name + "\n")

    def _write(self, names: list[str]) -> None:
        self.journal.write_text("".join(f"{name}\n" for name in names), encoding="utf-8")

    def delete_files(self) -> None:
        for field_file in self.fields:
            field_file.storage.delete(field_file.name)
        self.forget()

    def forget(self) -> None:
        if self.journal is not None:
            self.journal.unlink(missing_ok=True)


@contextmanager
def files_removed_on_failure():
    """One transaction, yielding a :class:`PendingUploads` to write its files with: if the
    transaction fails they are deleted again; if the process dies, recovery deletes them."""
    pending = PendingUploads()
    try:
        with transaction.atomic():
            yield pending
            transaction.on_commit(pending.forget)
    except BaseException:
        pending.delete_files()
        raise


def delete_after_commit(files) -> None:
    """Delete the stored *files* (FieldFiles of rows being deleted) once the transaction commits.

    Not before: a rolled-back delete keeps its rows, which must still have their files.  A
    storage that fails then is logged (robust), not raised: the rows are gone already.
    """
    for f in files:
        if f:  # each its own callback: one that fails does not keep the others
            transaction.on_commit(partial(f.storage.delete, f.name), robust=True)


def _file_fields() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def _named_by_a_row(name: str, fields) -> bool:
    return any(model._default_manager.filter(**{f: name}).exists() for model, f in fields)


def _session_ended(session: int) -> bool:
    if not session or connection.vendor != "postgresql":
        return True
    deadline = time.monotonic() + SESSION_WAIT_SECONDS
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [session])
            if cursor.fetchone() is None:
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def recover_uploads(*, pid: int | None = None) -> list[str]:
    """Delete the files of saves whose process is gone and whose rows never committed
    (only the journals of process *pid*, if given).  Returns the names deleted."""
    folder = journal_folder()
    if not folder.is_dir():
        return []
    fields, deleted = _file_fields(), []
    for journal in sorted(folder.iterdir()):
        named = JOURNAL_NAME.fullmatch(journal.name)
        if named is None:  # not a journal of ours
            continue
        owner, started, session = int(named["pid"]), named["started"], int(named["session"])
        started = "" if started == "0" else started
        if (pid is not None and owner != pid) or _alive(owner, started):
            continue
        if not _session_ended(session):
            continue
        for name in dict.fromkeys(journal.read_text(encoding="utf-8").splitlines()):
            if name and not _named_by_a_row(name, fields) and default_storage.exists(name):
                default_storage.delete(name)
                deleted.append(name)
        journal.unlink()
    return deleted
