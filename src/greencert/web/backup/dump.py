"""``greencert backup``: every table read in one snapshot, the files its rows name, a manifest.

The snapshot is a read-only transaction, so the server goes on writing
while the rows are read and the archive still holds the data as it was at
one moment: on PostgreSQL ``REPEATABLE READ, READ ONLY`` (what ``pg_dump``
uses); on SQLite a deferred transaction, which in WAL mode reads the
database as it was at its first read and takes no write lock.  Rows are
streamed from the database into the archive, never all held at once.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from greencert import __version__
from greencert.web.audit.chain import GENESIS
from greencert.web.audit.models import ChainHead
from greencert.web.backup.archive import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    HashingWriter,
    file_part,
    member,
    table_part,
)
from greencert.web.backup.tables import archived_models, columns, to_json

# One encoder for every row (json.dumps with options would build one per call).
ROW = json.JSONEncoder(default=to_json, ensure_ascii=False, separators=(",", ":"))


def write_backup(path: Path, *, using: str = "default") -> dict:
    """Write the archive to *path* (through a temporary file beside it); its manifest."""
    connection = connections[using]
    partial = path.with_name(f".{path.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            with snapshot(connection):
                applied = sorted(MigrationRecorder(connection).applied_migrations())
                check_migrated(applied)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "greencert_version": __version__,
                    "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                    "engine": connection.vendor,
                    "migrations": applied,
                    "audit_chain": chain_head(using),
                    "tables": [write_table(archive, model, using) for model in archived_models()],
                }
                names = file_names(using)
            manifest["files"], manifest["missing_files"] = write_files(archive, names)
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def check_migrated(applied: list) -> None:
    """A backup is of a database with every migration this GreenCert has."""
    pending = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes) - set(applied)
    if pending:
        raise BackupError(
            "database.not_migrated", pending=", ".join(f"{a}.{n}" for a, n in sorted(pending))
        )


@contextmanager
def snapshot(connection):
    """One read-only transaction: every read inside sees the database at one moment."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # The product's transactions take the write lock at BEGIN (IMMEDIATE); a
        # backup only reads, so its transaction is deferred and blocks no writer.
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic(using=connection.alias):
                yield
        finally:
            connection.transaction_mode = mode
    else:
        raise BackupError("database.engine", engine=connection.vendor)


def chain_head(using: str) -> dict:
    head = ChainHead.objects.using(using).filter(pk=1).values("sequence", "hash").first()
    return head or {"sequence": 0, "hash": GENESIS}


def write_table(archive: zipfile.ZipFile, model, using: str) -> dict:
    """One table as JSON lines, in primary-key order; its entry in the manifest."""
    fields = columns(model)
    rows = (
        model._base_manager.using(using)
        .order_by("pk")
        .values_list(*[f.attname for f in fields])
        .iterator(chunk_size=2000)
    )
    part, count = table_part(model._meta.db_table), 0
    with archive.open(member(part, compressed=True), "w", force_zip64=True) as stream:
        hashed = HashingWriter(stream)
        with io.BufferedWriter(hashed, CHUNK) as out:
            for row in rows:
                out.write(ROW.encode(row).encode("utf-8") + b"\n")
                count += 1
    return {
        "table": model._meta.db_table,
        "model": model._meta.label_lower,
        "columns": [f.column for f in fields],
        "rows": count,
        "part": part,
        "sha256": hashed.sha256.hexdigest(),
    }


def file_names(using: str) -> list[tuple[str, object]]:
    """Every stored file the rows name, with its storage (each once)."""
    found: dict[str, object] = {}
    for model in archived_models():
        for field in columns(model):
            if field.get_internal_type() not in ("FileField", "ImageField"):
                continue
            names = model._base_manager.using(using).exclude(**{field.attname: ""})
            for name in names.values_list(field.attname, flat=True).iterator(chunk_size=2000):
                found.setdefault(name, field.storage)
    return sorted(found.items())


def write_files(archive: zipfile.ZipFile, names) -> tuple[list[dict], list[str]]:
    """Copy each file into the archive, stored as it is; the missing ones are listed."""
    written, missing = [], []
    for name, storage in names:
        info = member(file_part(name), compressed=False)
        try:
            source = storage.open(name, "rb")
        except FileNotFoundError:
            missing.append(name)
            continue
        with source, archive.open(info, "w", force_zip64=True) as stream:
            hashed = HashingWriter(stream)
            shutil.copyfileobj(source, hashed, CHUNK)
        written.append(
            {
                "name": name,
                "part": info.filename,
                "size": hashed.size,
                "sha256": hashed.sha256.hexdigest(),
            }
        )
    return written, missing
