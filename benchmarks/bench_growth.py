"""Benchmark: the pages as the projects grow — 1,000, 10,000 and 100,000 projects in PostgreSQL.

At each size it times, through the Django test client, the median and p95 of:
the project page of one typical project (ten evaluations, decided, certificate
issued), the project list (first page in the default order, a page filtered by
state, a search), the public ``/verify`` of a certificate (found, and a number
not found), and a bare view (``/healthz``: one query, no template) as the
baseline of the moment.  Then, per URL, each size's median divided by its
median at the first size: the target at 100,000 projects is at most 2×
(issue 15).  Not a test.

The database is its own (``greencert_growth_bench`` on the local server, or
DATABASE_URL's), created, migrated and filled by :mod:`bulk_data` (set-based
SQL, about ten evaluations with their 19 item ratings per project: a million
evaluations at 100,000 projects, with maturity sheets, checklist verdicts,
organisations, sites, decisions and certificates); the typical project and the
demo data come from the services, so the pages show real figures.

    .venv/bin/python benchmarks/bench_growth.py [--sizes 1000,10000,100000] [--repeat 30]
        [--keep]    # leave the database for another run (or for issue 18's benchmark)
        [--reuse]   # start from a kept database (its projects count towards the sizes)
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/greencert_growth_bench"
TARGET = 2.0  # at the largest size, at most this many times the latency at the first
NOT_FOUND = "TB-GPS-2099-9999"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the database after the run")
    parser.add_argument("--reuse", action="store_true", help="start from a kept database")
    args = parser.parse_args()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("bench_growth measures PostgreSQL: DATABASE_URL must be postgres://…")
    if not args.reuse:
        recreate(url)
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            setup(url, data_dir)
            rows = run(sizes, args.repeat, data_dir)
        report(sizes, rows)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop(url)


def _admin_url(url: str) -> tuple[str, str]:
    """The server's maintenance database URL, and the benchmark database's name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def recreate(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def setup(url: str, data_dir: str) -> None:
    os.environ |= {
        "DATABASE_URL": url,
        "GREENCERT_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "greencert.web.settings",
        "LOG_LEVEL": "ERROR",
        # The look-ups are timed, not limited.
        "VERIFY_RATE_PER_MINUTE": "1000000",
    }
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.pop("REDIS_URL", None)
    sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the timed 404s
    call_command("migrate", verbosity=0)


def timed(client, url: str, repeat: int, status: int = 200) -> tuple[float, float]:
    """Median and p95 (seconds) of *repeat* GETs after one to warm up."""
    client.get(url)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == status, (url, response.status_code)
    return statistics.median(samples), statistics.quantiles(samples, n=20)[18]


def pages(world) -> list[tuple[str, str, int]]:
    """(label, URL, expected status) of every timed page."""
    return [
        ("bare view (/healthz)", "/healthz", 200),
        ("project page (10 evaluations)", f"/projects/{world.project_id}/", 200),
        ("project list", "/projects/", 200),
        ("project list, in progress", "/projects/?state=in_progress", 200),
        ("project list, search", "/projects/?q=增长基准组织+0001", 200),
        ("/verify, found", f"/verify/{world.certificate_number}", 200),
        ("/verify, not found", f"/verify/{NOT_FOUND}", 404),
    ]


def run(sizes: list[int], repeat: int, data_dir: str) -> dict[str, list[tuple[float, float]]]:
    import bulk_data
    from django.test import Client

    from greencert.web.accounts.models import User

    world = bulk_data.find_world()
    if world is None:
        print("building the demo data and the typical project (services) …")
        world = bulk_data.build_world(Path(data_dir))
    rows: dict[str, list[tuple[float, float]]] = {}
    for size in sizes:
        if bulk_data.project_count() > size:
            sys.exit(f"the database holds more than {size:,} projects: drop --reuse")
        print(f"growing to {size:,} projects …")
        bulk_data.grow(world, projects=size)
        staff = Client()
        staff.force_login(User.objects.get(username="pm"))
        public = Client()
        for label, url, status in pages(world):
            client = staff if url.startswith("/projects") else public
            # The bare view needs more samples to settle: it takes about a millisecond.
            times = repeat * 5 if url == "/healthz" else repeat
            rows.setdefault(label, []).append(timed(client, url, times, status))
        _check_page(staff, world)
    return rows


def _check_page(client, world) -> None:
    """The project page shows the typical project's figures, not an empty shell."""
    html = client.get(f"/projects/{world.project_id}/").content.decode()
    assert "E10" in html and world.certificate_number in html, "the project page lacks its figures"


def report(sizes: list[int], rows: dict[str, list[tuple[float, float]]]) -> None:
    head = "".join(f"{f'{s:,}':>19}" for s in sizes)
    print(f"\n{'median ms (p95 ms) at':<32}{head}   ×{sizes[-1]:,}/{sizes[0]:,}  target")
    for label, timings in rows.items():
        cells = "".join(f"{m * 1000:>10.1f} ({p * 1000:>6.1f})" for m, p in timings)
        ratio = timings[-1][0] / timings[0][0]
        verdict = "" if label.startswith("bare") else ("MET" if ratio <= TARGET else "NOT MET")
        print(f"{label:<32}{cells}{ratio:>10.2f}×  {verdict}")
    print(f"target: ≤ {TARGET:g}× the latency at {sizes[0]:,} projects")


if __name__ == "__main__":
    main()
