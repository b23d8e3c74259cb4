"""Benchmark: ``greencert backup`` and ``greencert restore`` of 10,000 projects, 200,000 evaluations.

Each evaluation has its 19 item ratings and its audit entry (the chain
computed as the product computes it), so the tables are those of a body
that has worked for years.  The baseline, measured in the same run on the
same disk, is the time to copy the SQLite database file; a restore is also
shown beside a bare ``migrate`` of an empty database (which every restore
runs first).  The commands run as a person runs them (child processes);
their peak memory shows that rows are streamed.  Not a test.

    .venv/bin/python benchmarks/bench_backup.py [--projects 10000] [--evaluations 200000]
        [--postgres postgres://postgres@127.0.0.1:5432/]   # also restore into PostgreSQL
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "benchmark-only-" + "x" * 40


def env_for(data_dir: Path, database: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"GREENCERT_DATA_DIR": str(data_dir), "SECRET_KEY": SECRET, "LOG_LEVEL": "ERROR"}
    return env | ({"DATABASE_URL": database} if database else {})


def timed_command(env: dict, *args) -> tuple[float, float]:
    """Seconds and peak memory (MB) of ``greencert ARGS`` in a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "greencert.cli.main", *map(str, args)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"greencert {' '.join(map(str, args))} failed ({child.returncode})")
    return seconds, usage.ru_maxrss / 1024


def generate(data_dir: Path, projects: int, evaluations: int) -> None:
    """The source database, filled in bulk (the services are timed elsewhere)."""
    os.environ |= env_for(data_dir) | {"DJANGO_SETTINGS_MODULE": "greencert.web.settings"}
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        sequence, last = fill(projects, evaluations)
        with connection.cursor() as cursor:  # the head at the start replaced, as a restore does
            from greencert.web.backup.restore import remove_chain_start

            remove_chain_start(cursor)
            cursor.execute(
                'INSERT INTO "audit_chainhead" ("id", "sequence", "hash") VALUES (1, %s, %s)',
                [sequence, last],
            )
    connection.close()


def fill(projects: int, evaluations: int) -> tuple[int, str]:
    """Projects, their assessments, evaluations, ratings and audit entries; the last entry's place."""
    from greencert.core.registry import default_scheme
    from greencert.web.accounts.models import Role, User
    from greencert.web.audit import chain
    from greencert.web.audit.models import AuditEntry
    from greencert.web.clients.models import Organisation
    from greencert.web.projects.models import Assessment, Evaluation, ItemRating, Project

    scheme = default_scheme()
    lead = User.objects.create_user("lead", password="bench-only-password", role=Role.AUDITOR)
    org = Organisation.objects.create(name="基准测试组织", address="-", uscc="91110000600037341L")
    start = datetime.date(2026, 5, 1)
    label, digest = scheme.label, scheme.hash
    made = Project.objects.bulk_create(
        Project(code=f"GC-2030-{i:05d}", organisation=org, kind="initial", scope="基准",
                scheme_label=label, scheme_hash=digest, planned_start=start, planned_end=start)
        for i in range(projects)
    )  # fmt: skip
    assessments = Assessment.objects.bulk_create(
        Assessment(kind="official", project=p, organisation=org, scheme_label=label,
                   scheme_hash=digest)
        for p in made
    )  # fmt: skip
    per = evaluations // projects
    previous, sequence = chain.GENESIS, 0
    for n, assessment in enumerate(assessments):
        sheets = Evaluation.objects.bulk_create(
            Evaluation(assessment=assessment, code=f"E{i}", evaluator="李明", date=start,
                       source="auditor", created_by=lead)
            for i in range(per)
        )  # fmt: skip
        ItemRating.objects.bulk_create(
            ItemRating(evaluation=e, item_id=item, alpha=Decimal(50 + (i * 7 + k) % 50) / 100)
            for i, e in enumerate(sheets)
            for k, item in enumerate(scheme.items)
        )
        entries = []
        for e in sheets:
            sequence += 1
            entry = AuditEntry(
                sequence=sequence, at=e.created_at, actor=lead, action="greencert.evaluation.created",
                project=assessment.project, organisation=org, object_type="evaluation",
                object_id=str(e.pk), object_repr=e.code, after={"code": e.code, "source": "auditor"},
                previous_hash=previous,
            )  # fmt: skip
            entry.hash = previous = chain.entry_hash(previous, entry)
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        if n % 1000 == 999:
            print(f"  {n + 1} projects filled", flush=True)
    return sequence, previous


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--evaluations", type=int, default=200_000)
    parser.add_argument("--postgres", help="a PostgreSQL server URL: also restore there")
    parser.add_argument("--fill", type=Path, help=argparse.SUPPRESS)  # the child that fills
    args = parser.parse_args()
    if args.fill:
        generate(args.fill, args.projects, args.evaluations)
        return
    with tempfile.TemporaryDirectory(prefix="greencert-bench-") as tmp:
        run(Path(tmp), args)


def run(tmp: Path, args) -> None:
    source = tmp / "source"
    print(f"filling {args.projects} projects, {args.evaluations} evaluations …", flush=True)
    # In a child process, so that this one stays small: a command's peak memory, as
    # the kernel counts it, includes what its parent held when it was started.
    subprocess.run(
        [sys.executable, __file__, "--fill", source, "--projects", str(args.projects),
         "--evaluations", str(args.evaluations)],
        check=True,
    )  # fmt: skip
    database = source / "greencert.sqlite3"
    size = database.stat().st_size / 1024 / 1024
    start = time.perf_counter()
    shutil.copyfile(database, tmp / "copy.sqlite3")
    rows = [("copy the database file (baseline)", time.perf_counter() - start, None)]
    rows.append(
        ("migrate an empty database", *timed_command(env_for(tmp / "m"), "manage", "migrate"))
    )
    archive = tmp / "backup.zip"
    rows.append(("greencert backup", *timed_command(env_for(source), "backup", "--out", archive)))
    restored = env_for(tmp / "restored")
    rows.append(("greencert restore (SQLite)", *timed_command(restored, "restore", archive)))
    if args.postgres:
        rows.append(
            ("greencert restore (PostgreSQL)", *restore_into_postgres(args.postgres, tmp, archive))
        )
    print(f"\ndatabase file {size:.0f} MB, archive {archive.stat().st_size / 1024 / 1024:.0f} MB")
    print(f"{'step':<34}{'seconds':>9}{'× copy':>9}{'peak MB':>9}")
    for name, seconds, peak in rows:
        memory = f"{peak:>9.0f}" if peak else ""
        print(f"{name:<34}{seconds:>9.2f}{seconds / rows[0][1]:>9.1f}{memory}")


def restore_into_postgres(server: str, tmp: Path, archive: Path) -> tuple[float, float]:
    import psycopg

    name = f"greencert_bench_backup_{os.getpid()}"
    with psycopg.connect(server.rstrip("/") + "/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = env_for(tmp / "pg", server.rstrip("/") + "/" + name)
        return timed_command(env, "restore", archive)
    finally:
        with psycopg.connect(server.rstrip("/") + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
