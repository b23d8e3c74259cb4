"""``greencert restore``: an archive into an empty database and an empty file storage.

Before anything is written the archive is checked whole (every part there,
each giving its SHA-256), its migrations must be those of this GreenCert,
and the target must be empty.  Then the target is migrated and every row
is inserted in one transaction, with the ids it had: the foreign keys of
both engines are checked at commit, so the order of the tables does not
matter.  Inserting breaks no trigger (they refuse UPDATE and DELETE only),
with one exception: ``migrate`` creates the audit chain's head at the
chain's start (sequence 0), and its trigger lets it move only one entry at
a time.  Walking it on entry by entry is quadratic on PostgreSQL (each
step's old row version stays until the transaction ends: 29 s for 20,000
entries), so that one row is deleted under the triggers' permit
(:data:`~greencert.web.audit.triggers.PERMIT`, as the test suite's flush
does), in the load's transaction, after checking it is the start's; the
archive's head is then inserted like any row, and must be the archive's
last entry.  The content types and permissions ``migrate`` fills are replaced by
the archive's, which other rows' ids point at.  Files are written through
Django's storage in the same ``try``: if the transaction fails they are
removed again.
"""

from __future__ import annotations

import io
import json
import zipfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader

from greencert.web.audit.chain import GENESIS
from greencert.web.audit.triggers import PERMIT
from greencert.web.backup.archive import (
    BackupError,
    check_parts,
    open_archive,
    opened,
    read_manifest,
)
from greencert.web.backup.tables import (
    CHAIN_HEAD,
    MADE_BY_MIGRATE,
    archived_models,
    columns,
    loader,
)

BATCH = 2000


def restore(path, *, using: str = "default") -> dict:
    """Restore the archive at *path* into the empty database *using* and storage; its manifest."""
    connection = connections[using]
    with open_archive(path) as archive:
        manifest = read_manifest(archive)
        check_schema(manifest)
        check_parts(archive, manifest)
        if table := occupied_table(connection, manifest):
            raise BackupError("target.table_not_empty", table=table)
        if name := first_stored_file(default_storage):
            raise BackupError("target.files_not_empty", name=name)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        written: list[str] = []
        try:
            with transaction.atomic(using=using):
                load_tables(archive, manifest, connection)
                write_files(archive, manifest, written)
        except BaseException as exc:
            for name in written:
                default_storage.delete(name)
            if isinstance(exc, DatabaseError):  # e.g. a foreign key, checked at commit
                raise BackupError("rows.refused", error=str(exc)) from exc
            raise
    return manifest


def check_schema(manifest: dict) -> None:
    """The archive's migrations are exactly the ones this GreenCert has."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    apps = {app for app, _name in known}
    archived = {tuple(m) for m in manifest["migrations"] if m[0] in apps}
    if archived != known:
        raise BackupError(
            "archive.schema",
            version=manifest.get("greencert_version", "?"),
            only_archive=", ".join(f"{a}.{n}" for a, n in sorted(archived - known)) or "—",
            only_here=", ".join(f"{a}.{n}" for a, n in sorted(known - archived)) or "—",
        )


def occupied_table(connection, manifest: dict) -> str | None:
    """The first archived table that holds a row in the target (the head at its start aside)."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    # The head last: a table of records names better what the target already holds.
    for entry in sorted(manifest["tables"], key=lambda e: e["model"] == CHAIN_HEAD):
        table = entry["table"]
        if table not in existing or entry["model"] in MADE_BY_MIGRATE:
            continue
        where = ' WHERE "sequence" <> 0' if entry["model"] == CHAIN_HEAD else ""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {quote(table)}{where} LIMIT 1")
            if cursor.fetchone():
                return table
    return None


def first_stored_file(storage, folder: str = "") -> str | None:
    """A file the storage holds, if it holds any."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return None
    if files:
        return f"{folder}/{files[0]}" if folder else files[0]
    for sub in folders:
        if found := first_stored_file(storage, f"{folder}/{sub}" if folder else sub):
            return found
    return None


def load_tables(archive: zipfile.ZipFile, manifest: dict, connection) -> None:
    """Every row of the archive, in place of what ``migrate`` wrote."""
    models = {m._meta.label_lower: m for m in archived_models()}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label in MADE_BY_MIGRATE:  # permissions first: they point at content types
            cursor.execute(f"DELETE FROM {quote(models[label]._meta.db_table)}")
        remove_chain_start(cursor)
    for entry in manifest["tables"]:
        model = models.get(entry["model"])
        if model is None or entry["columns"] != [f.column for f in columns(model)]:
            raise BackupError("archive.table_unknown", table=entry["table"])
        try:
            insert_rows(connection, model, read_rows(archive, entry["part"]))
        except DatabaseError as exc:
            raise BackupError("part.refused", part=entry["part"], error=str(exc)) from exc
    for sql in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
        with connection.cursor() as cursor:
            cursor.execute(sql)
    check_counts(connection, manifest)
    check_chain_head(connection, manifest["audit_chain"])


def remove_chain_start(cursor) -> None:
    """Delete the head ``migrate`` made at the chain's start (and nothing else), under the permit."""
    cursor.execute('SELECT "sequence", "hash" FROM "audit_chainhead"')
    if cursor.fetchall() not in ([], [(0, GENESIS)]):
        raise BackupError("target.table_not_empty", table="audit_chainhead")
    cursor.execute(f'INSERT INTO "{PERMIT}" ("id") VALUES (1)')
    cursor.execute('DELETE FROM "audit_chainhead"')
    cursor.execute(f'DELETE FROM "{PERMIT}"')


def check_chain_head(connection, expected: dict) -> None:
    """The restored head is the archive's, and the last restored entry's."""
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT h."sequence", h."hash" FROM "audit_chainhead" h '
            'LEFT JOIN "audit_auditentry" e ON e."sequence" = h."sequence" '
            'WHERE e."hash" = h."hash" OR h."sequence" = 0'
        )
        found = cursor.fetchall()
    if found != [(expected["sequence"], expected["hash"])] and (found or expected["sequence"]):
        raise BackupError("chain.head", sequence=expected["sequence"], error=str(found))


def read_rows(archive: zipfile.ZipFile, part: str):
    with opened(archive, part) as stream:
        for line in io.TextIOWrapper(stream, encoding="utf-8"):
            yield json.loads(line)


def insert_rows(connection, model, rows) -> None:
    """Insert *rows* (JSON values, in the model's column order) in batches."""
    fields = columns(model)
    convert = [loader(f, connection) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    batch: list = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([c(v) if c else v for c, v in zip(convert, row, strict=True)])
            if len(batch) == BATCH:
                write_batch(connection, cursor, table, names, batch)
                batch = []
        if batch:
            write_batch(connection, cursor, table, names, batch)


def write_batch(connection, cursor, table: str, names: str, batch: list) -> None:
    if connection.vendor == "postgresql":  # COPY: several times faster than INSERT
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(batch[0]))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)


def check_counts(connection, manifest: dict) -> None:
    """Each table holds as many rows as the archive lists."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for entry in manifest["tables"]:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(entry['table'])}")
            found = cursor.fetchone()[0]
            if found != entry["rows"]:
                raise BackupError(
                    "part.rows", part=entry["part"], expected=entry["rows"], found=found
                )


def write_files(archive: zipfile.ZipFile, manifest: dict, written: list[str]) -> None:
    """Each archived file through the storage, under the name its rows give."""
    for entry in manifest["files"]:
        with opened(archive, entry["part"]) as stream:
            content = File(stream, name=entry["name"])
            content.size = entry["size"]
            saved = default_storage.save(entry["name"], content)
        written.append(saved)
        if saved != entry["name"]:
            raise BackupError("file.renamed", name=entry["name"], saved=saved)
