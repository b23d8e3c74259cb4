"""``greencert backup`` and ``greencert restore`` (issue 12, part 4), run as a person runs them.

A source is seeded in a child process through the services (the test world:
a certificate issued, evidence files on a sheet and on a checklist row,
:mod:`tests.cli.backup_world`), backed up with ``greencert backup``, and
inspected: row counts of every archived table, every stored file's SHA-256,
``audit verify``, and what the project pages and the public certificate
check show.  Restored into an empty target, on the same engine or the other,
the target must show exactly the same, and go on working (the next id, the
next audit entry).  A damaged, incomplete or foreign archive and a non-empty
target are refused, naming the part, table or file, and nothing is changed.

PostgreSQL databases (``greencert_backup_*``) are made and dropped here;
without a reachable PostgreSQL on 127.0.0.1 those cases are skipped, except
under CI, where they must run.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.web.test_sqlite_concurrency import child as run_child

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432/"
ENGINES = ("sqlite", "postgresql")


def env_for(data_dir: Path, database: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {
        "GREENCERT_DATA_DIR": str(data_dir),
        "SECRET_KEY": "only-for-tests-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "greencert.web.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        "LOG_LEVEL": "ERROR",
        # The pages are compared as the administrator sees them, logged in without a code.
        "SECOND_FACTOR_ROLES": "",
    }
    return env | ({"DATABASE_URL": database} if database else {})


def child(env: dict, *args: str) -> dict:
    return run_child(env, *args, module="tests.cli.backup_world", timeout=600)


def greencert(env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "greencert.cli.main", *map(str, args)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


class Postgres:
    """Databases made on the local PostgreSQL and dropped again."""

    def __init__(self, psycopg):
        self.psycopg, self.made = psycopg, []

    def admin(self, sql: str) -> None:
        with self.psycopg.connect(SERVER + "postgres", autocommit=True) as connection:
            connection.execute(sql)

    def database(self, name: str) -> str:
        full = f"greencert_backup_{name}_{os.getpid()}"
        self.admin(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)')
        self.admin(f'CREATE DATABASE "{full}"')
        self.made.append(full)
        return SERVER + full

    def drop_all(self) -> None:
        for name in self.made:
            self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def postgres():
    import psycopg

    try:
        psycopg.connect(SERVER + "postgres", connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable on 127.0.0.1:5432: {exc}")
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    databases = Postgres(psycopg)
    yield databases
    databases.drop_all()


@dataclass(frozen=True)
class Source:
    archive: Path
    seen: dict  # backup_world inspect, taken right after the backup


def built_once(tmp_path_factory, name: str, build) -> Path:
    """A folder *build* fills once for every test process (pytest-xdist's shared-folder recipe)."""
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent  # the run's folder, above each worker's own
    shared = run / f"backup-{name}"
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "seen.json").exists():
            seen = build(shared)
            (shared / "seen.json").write_text(json.dumps(seen, ensure_ascii=False))
    return shared


def source_in(folder: Path) -> Source:
    return Source(folder / "backup.zip", json.loads((folder / "seen.json").read_text()))


def take_backup(env: dict, folder: Path) -> dict:
    child(env, "seed")
    done = greencert(env, "backup", "--out", folder / "backup.zip", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Backup written to {folder / 'backup.zip'}: "), done.stdout
    return child(env, "inspect")


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory) -> Source:
    return source_in(
        built_once(
            tmp_path_factory, "sqlite", lambda folder: take_backup(env_for(folder / "data"), folder)
        )
    )


@pytest.fixture(scope="module")
def postgresql_source(tmp_path_factory, postgres) -> Source:
    def build(folder: Path) -> dict:
        database = postgres.database("source")
        try:
            return take_backup(env_for(folder / "data", database), folder)
        finally:
            postgres.admin(f'DROP DATABASE "{database.rsplit("/", 1)[1]}" WITH (FORCE)')

    return source_in(built_once(tmp_path_factory, "postgresql", build))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """Make a data folder whose SQLite database is migrated and empty (migrating takes long)."""

    def build(folder: Path) -> dict:
        done = greencert(env_for(folder), "manage", "migrate", "--verbosity", "0")
        assert done.returncode == 0, done.stderr
        return {}

    database = built_once(tmp_path_factory, "migrated", build) / "greencert.sqlite3"

    def make(folder: Path) -> dict:
        folder.mkdir(parents=True)
        shutil.copy(database, folder / "greencert.sqlite3")
        return env_for(folder)

    return make


def target_env(request, source: str, target: str, folder: Path) -> dict:
    """An empty target: migrated already, or (from the same engine) blank, so that restore migrates."""
    if target == "sqlite":
        return env_for(folder) if source == target else request.getfixturevalue("migrated")(folder)
    return env_for(folder, request.getfixturevalue("postgres").database("target"))


def test_the_source_holds_what_the_restores_are_compared_on(sqlite_source):
    seen = sqlite_source.seen
    counts = seen["counts"]
    assert counts["certification_certificate"] == 1 and counts["certification_decision"] == 1
    assert counts["projects_evidence"] == 2 and counts["projects_verdictevidence"] == 1
    assert counts["projects_itemrating"] == 3 * 19 and counts["audit_auditentry"] > 10
    assert len(seen["files"]) == 3 and "evidence/2/计量证书.pdf" in seen["files"]
    assert seen["audit"]["ok"] and seen["audit"]["checked"] == counts["audit_auditentry"]
    assert seen["pages"]["project 1"]["grade"] == "AAAA"
    assert ["E1", "审核员", "2026-05-11", "—", "Auditor", "90.00"] in seen["pages"]["project 1"][
        "evaluations"
    ]
    last_item = seen["pages"]["project 1"]["service"][-1]
    assert last_item[:3] == ["7.1 Service specifications", "8", "0.90"]
    assert "TB-GPS-2026-0001" in seen["pages"]["certificate TB-GPS-2026-0001"]
    manifest = json.loads(zipfile.ZipFile(sqlite_source.archive).read("manifest.json"))
    assert {t["table"]: t["rows"] for t in manifest["tables"]} == counts
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == seen["files"]
    assert manifest["audit_chain"] == {
        "sequence": counts["audit_auditentry"],
        "hash": seen["audit"]["hash"],
    }
    assert "django_session" not in counts


@pytest.mark.parametrize("target", ENGINES)
@pytest.mark.parametrize("source", ENGINES)
def test_a_backup_restores_on_either_engine_the_same(request, tmp_path, source, target):
    archived: Source = request.getfixturevalue(f"{source}_source")
    env = target_env(request, source, target, tmp_path / "target")

    done = greencert(env, "restore", archived.archive, "--lang", "en")

    assert done.returncode == 0, done.stderr
    checked = archived.seen["audit"]["checked"]
    assert f"The audit trail's chain holds: {checked} entries checked." in done.stdout
    assert child(env, "inspect") == archived.seen
    # The restored database goes on: the next id after the restored ones, the next audit entry.
    added = child(env, "add")
    assert added["evaluation"] > archived.seen["counts"]["projects_evaluation"]
    assert added == added | {"checked": checked + 1, "ok": True}


def flip_byte(archive: Path, part: str) -> None:
    """Change one byte in the middle of *part*'s data, where it lies in the ZIP file."""
    info = zipfile.ZipFile(archive).getinfo(part)
    with open(archive, "r+b") as file:
        file.seek(info.header_offset + 26)
        name_length, extra_length = (int.from_bytes(file.read(2), "little") for _ in range(2))
        at = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
        file.seek(at)
        byte = file.read(1)[0]
        file.seek(at)
        file.write(bytes([byte ^ 0x01]))


def rewritten(archive: Path, to: Path, *, drop: str = "", manifest=None, parts=None) -> Path:
    """A copy of *archive* without the part *drop*, its manifest changed by *manifest*,
    or with other *parts* (name → content)."""
    with zipfile.ZipFile(archive) as old, zipfile.ZipFile(to, "w") as new:
        for info in old.infolist():
            data = (parts or {}).get(info.filename) or old.read(info)
            if info.filename == drop:
                continue
            if info.filename == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            new.writestr(info, data)
    return to


def untouched(folder: Path) -> None:
    """The target data folder holds no table and no stored file."""
    database = folder / "greencert.sqlite3"
    if database.exists():
        with sqlite3.connect(database) as connection:
            tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            assert tables.fetchall() == []
    assert not (folder / "media").exists() or not any((folder / "media").rglob("*.*"))


@pytest.mark.parametrize(
    "part",
    [
        "files/evidence/2/photo.jpg",
        "tables/projects_itemrating.jsonl",
        "tables/audit_auditentry.jsonl",
    ],
)
def test_a_damaged_archive_is_refused_naming_the_part(sqlite_source, tmp_path, part):
    damaged = tmp_path / "damaged.zip"
    shutil.copy(sqlite_source.archive, damaged)
    flip_byte(damaged, part)
    env = env_for(tmp_path / "target")

    english = greencert(env, "restore", damaged, "--lang", "en")
    chinese = greencert(env, "restore", damaged)

    assert english.returncode == chinese.returncode == 2
    assert english.stderr.strip() == (
        f"The backup is damaged: the part {part} does not give its SHA-256."
    )
    assert chinese.stderr.strip() == f"备份已损坏：部分 {part} 与其 SHA-256 校验值不符。"
    untouched(tmp_path / "target")


def test_an_archive_missing_a_part_is_refused_naming_it(sqlite_source, tmp_path):
    part = "files/evidence/2/checklist/校准记录.txt"
    incomplete = rewritten(sqlite_source.archive, tmp_path / "incomplete.zip", drop=part)
    done = greencert(env_for(tmp_path / "target"), "restore", incomplete, "--lang", "en")
    assert done.returncode == 2
    assert done.stderr.strip() == f"The backup is incomplete: the part {part} is missing."
    untouched(tmp_path / "target")


def test_an_archive_of_another_version_is_refused(sqlite_source, tmp_path):
    def older(manifest: dict) -> dict:
        manifest["migrations"].remove(["projects", "0007_pin_checklists"])
        return manifest | {"greencert_version": "0.0.9"}

    archive = rewritten(sqlite_source.archive, tmp_path / "older.zip", manifest=older)
    done = greencert(env_for(tmp_path / "target"), "restore", archive, "--lang", "en")
    assert done.returncode == 2
    assert "taken by GreenCert 0.0.9" in done.stderr
    assert "only here: projects.0007_pin_checklists" in done.stderr
    untouched(tmp_path / "target")

    newer = rewritten(
        sqlite_source.archive, tmp_path / "newer.zip", manifest=lambda m: m | {"format_version": 2}
    )
    done = greencert(env_for(tmp_path / "target"), "restore", newer, "--lang", "en")
    assert done.returncode == 2
    assert "format is version 2; this GreenCert reads version 1" in done.stderr


def test_a_file_that_is_no_archive_is_refused(tmp_path):
    not_a_backup = tmp_path / "notes.zip"
    not_a_backup.write_text("hello")
    done = greencert(env_for(tmp_path / "target"), "restore", not_a_backup, "--lang", "en")
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == f"{not_a_backup} is not a GreenCert backup (no readable manifest.json)."
    )


def with_part(archive: Path, to: Path, part: str, change) -> Path:
    """A copy of *archive* whose *part* (a table) is changed row by row, its SHA-256 with it."""
    with zipfile.ZipFile(archive) as old:
        lines = [json.dumps(change(json.loads(line))) for line in old.read(part).splitlines()]
    data = "".join(line + "\n" for line in lines).encode()

    def manifest(m: dict) -> dict:
        for entry in m["tables"]:
            if entry["part"] == part:
                entry["sha256"] = hashlib.sha256(data).hexdigest()
        return m

    return rewritten(archive, to, manifest=manifest, parts={part: data})


def test_rows_the_database_refuses_leave_no_row_and_no_file(sqlite_source, migrated, tmp_path):
    # The second evidence row points at an assessment the archive does not hold: the foreign
    # key fails at commit, after the files were written.
    def orphan(row: list) -> list:
        return [row[0], 999, *row[2:]] if row[0] == 2 else row

    broken = with_part(
        sqlite_source.archive, tmp_path / "b.zip", "tables/projects_evidence.jsonl", orphan
    )
    env = migrated(tmp_path / "target")

    done = greencert(env, "restore", broken, "--lang", "en")

    assert done.returncode == 2
    assert "The database refused the backup's rows; no row and no file was kept: " in done.stderr
    seen = child(env, "inspect")
    assert seen["files"] == {}
    assert {t: n for t, n in seen["counts"].items() if n} == {
        "audit_chainhead": 1,
        "django_content_type": sqlite_source.seen["counts"]["django_content_type"],
        "auth_permission": sqlite_source.seen["counts"]["auth_permission"],
    }


def test_a_target_with_data_is_refused_and_left_as_it_was(sqlite_source, migrated, tmp_path):
    env = migrated(tmp_path / "target")
    first = greencert(env, "restore", sqlite_source.archive)  # in Chinese unless told
    assert first.returncode == 0, first.stderr
    assert "张表共" in first.stdout and "审计记录链完整" in first.stdout
    child(env, "add")
    before = child(env, "inspect")

    again = greencert(env, "restore", sqlite_source.archive, "--lang", "en")

    assert again.returncode == 2
    assert "The target database is not empty: the table " in again.stderr
    assert "nothing was changed" in again.stderr
    assert child(env, "inspect") == before


def test_a_target_with_stored_files_is_refused(sqlite_source, tmp_path):
    stray = tmp_path / "target" / "media" / "evidence" / "9" / "old.pdf"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"%PDF-1.4 an old file")
    done = greencert(env_for(tmp_path / "target"), "restore", sqlite_source.archive, "--lang", "en")
    assert done.returncode == 2
    assert "The target file storage is not empty: it holds evidence/9/old.pdf." in done.stderr
    assert (
        not (tmp_path / "target" / "greencert.sqlite3").exists()
        or not sqlite3.connect(tmp_path / "target" / "greencert.sqlite3")
        .execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetchall()
    )


def test_a_database_not_migrated_is_not_backed_up(tmp_path):
    done = greencert(
        env_for(tmp_path / "empty"), "backup", "--out", tmp_path / "b.zip", "--lang", "en"
    )
    assert done.returncode == 2
    assert "The database is not at this version (migrations not applied: " in done.stderr
    assert list(tmp_path.glob("*.zip")) == [] and list(tmp_path.glob(".*partial")) == []


def parts(archive: Path) -> tuple[dict, dict[str, list[dict]]]:
    """The manifest, and each table's rows as read from its part (column → value)."""
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        rows = {
            t["table"]: [
                dict(zip(t["columns"], json.loads(line), strict=True))
                for line in opened.read(t["part"]).splitlines()
            ]
            for t in manifest["tables"]
        }
    return manifest, rows


def test_a_backup_taken_while_someone_writes_is_one_moment(sqlite_source, migrated, tmp_path):
    """Evaluations (each with its ratings and audit entry) are stored while the backup reads.

    The backup pauses after every table, so writes land between the tables it
    reads; read outside one snapshot, the later tables would hold evaluations
    or audit entries the earlier ones do not.
    """
    env = migrated(tmp_path / "live")
    assert greencert(env, "restore", sqlite_source.archive).returncode == 0
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.cli.backup_world", "write", str(stop)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(3)  # the writer is under way
        window = child(env, "slow-backup", str(tmp_path / "live.zip"))
    finally:
        stop.touch()
        out, _ = writer.communicate(timeout=120)
    written = json.loads(out.splitlines()[-1])["written"]
    during = [t for t in written if window["started"] < t < window["finished"]]
    assert len(during) >= 5, "the writer did not write while the backup ran"

    manifest, rows = parts(tmp_path / "live.zip")
    assert {t: len(r) for t, r in rows.items()} == {
        t["table"]: t["rows"] for t in manifest["tables"]
    }
    evaluations = {row["id"] for row in rows["projects_evaluation"]}
    rated = {row["evaluation_id"] for row in rows["projects_itemrating"]}
    created = {
        int(row["object_id"])
        for row in rows["audit_auditentry"]
        if row["action"] == "greencert.evaluation.created"
    }
    assert rated == evaluations == created
    assert len(rows["projects_itemrating"]) == 19 * len(evaluations)
    head = rows["audit_chainhead"][0]["sequence"]
    assert head == manifest["audit_chain"]["sequence"] == len(rows["audit_auditentry"])
    assert 0 < len(evaluations) - 3 < len(written)  # some writes are in it, the later ones not

    restored_env = migrated(tmp_path / "restored")
    done = greencert(restored_env, "restore", tmp_path / "live.zip", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert f"chain holds: {head} entries checked" in done.stdout
