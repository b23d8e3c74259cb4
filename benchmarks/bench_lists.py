"""Benchmark: the five long lists with 10,000 rows each, sorted, searched and paged.

Each page is timed beside a bare Django view (``/healthz``: one query, no template) through the
same Django test client and database in the same run; the ratios are what to compare between
runs and machines.  Not a test (tests/web/test_lists.py checks the queries and the indexes).

    .venv/bin/python benchmarks/bench_lists.py [--rows 10000] [--repeat 20]

Uses a throw-away SQLite database, or DATABASE_URL (PostgreSQL) if set — then it creates and
drops a test database like the test suite does.  The rows are bulk-written beside the test
suite's world (its personas, and one issued certificate whose decision the others share).
"""

from __future__ import annotations

import argparse
import datetime

from bench_pages import in_throwaway_database, timed

# A list page of 10,000 rows at most this many times the bare view, whatever its order, filter
# or page (the project list's own target in bench_pages.py is 149×, measured on commit 9538827).
LIST_TARGET = 149


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    in_throwaway_database(run, parser.parse_args())


def fill(world, certificate, n: int) -> None:
    """*n* rows in each list (bulk: the services are the tests' to exercise)."""
    from stdnum.cn import uscc

    from greencert.web.certification.models import Certificate, Complaint
    from greencert.web.clients.models import Application, Organisation
    from greencert.web.projects.models import Project

    day = datetime.date(2020, 1, 1)
    bodies = (f"9145{i:06d}MA35K0X"[:17] for i in range(n))
    Organisation.objects.bulk_create(
        (
            Organisation(name=f"组织 {b}", address="-", uscc=b + uscc.calc_check_digit(b))
            for b in bodies
        ),
        batch_size=2000,
    )
    Application.objects.bulk_create(
        (Application(organisation=world.alpha, scope=f"范围 {i}") for i in range(n)),
        batch_size=2000,
    )
    Project.objects.bulk_create(
        (
            Project(
                code=f"GC-2030-{i:05d}",
                organisation=world.beta,
                scope="bench",
                scheme_label=world.project.scheme_label,
                scheme_hash=world.project.scheme_hash,
                planned_start=day + datetime.timedelta(days=i % 900),
                planned_end=day + datetime.timedelta(days=i % 900 + 2),
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    template = {
        f.attname: getattr(certificate, f.attname)
        for f in Certificate._meta.concrete_fields
        if f.attname not in ("id", "number", "granted_on", "expires_on", "issued_at")
    }
    Certificate.objects.bulk_create(
        (
            Certificate(
                **template,
                number=f"TB-GPS-2031-{i:05d}",
                granted_on=day + datetime.timedelta(days=i % 900),
                expires_on=day + datetime.timedelta(days=i % 900 + 1095),
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    Complaint.objects.bulk_create(
        (
            Complaint(
                kind="complaint",
                reference=f"CP-2031-{i:05d}",
                received_on=day + datetime.timedelta(days=i % 900),
                complainant=f"顾客 {i}",
                subject="服务未按承诺进行",
                acknowledge_by=day + datetime.timedelta(days=i % 900 + 5),
                resolve_by=day + datetime.timedelta(days=i % 900 + 60),
            )
            for i in range(n)
        ),
        batch_size=2000,
    )


def run(args) -> None:
    from django.test import Client

    from tests.web.certification.certificate_support import issue
    from tests.web.conftest import build_world

    world = build_world()
    fill(world, issue(world), args.rows)
    client = Client()
    client.force_login(world.pm)
    last = args.rows // 50
    pages = [
        ("/organisations/", "organisations"),
        ("/organisations/?sort=-uscc&page=" + str(last), "organisations, by code, last page"),
        ("/organisations/?q=组织+91450001", "organisations, search"),
        ("/applications/", "applications"),
        ("/applications/?sort=organisation&page=100", "applications, by organisation"),
        ("/projects/", "projects"),
        ("/projects/?sort=-planned&since=2021-01-01", "projects, by date, range"),
        ("/certificates/", "certificates"),
        ("/certificates/?sort=expires&page=" + str(last), "certificates, by expiry, last"),
        ("/complaints/?show=all", "complaints"),
        ("/complaints/?show=all&sort=received&q=顾客+77", "complaints, search"),
    ]
    bare = timed(Client(), "/healthz", args.repeat * 10)
    print(f"{args.rows} rows in each list")
    print(f"{'page':<38}{'median ms':>10}{'max ms':>10}{'× bare':>9}  target")
    print(f"{'bare view (/healthz)':<38}{bare[0] * 1000:>10.1f}{bare[1] * 1000:>10.1f}{1:>9.1f}")
    for url, name in pages:
        median, worst = timed(client, url, args.repeat)
        ratio = median / bare[0]
        verdict = f"  ≤ {LIST_TARGET}× {'met' if ratio <= LIST_TARGET else 'NOT MET'}"
        print(f"{name:<38}{median * 1000:>10.1f}{worst * 1000:>10.1f}{ratio:>9.1f}{verdict}")


if __name__ == "__main__":
    main()
