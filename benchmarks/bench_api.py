"""Benchmark: the API's project list with 10,000 projects, beside a bare view in the same run.

The list (``GET /api/v1/projects``, a page of the cursor pagination, with a bearer token)
is timed beside a bare Django view (``/healthz``) and the project list page, through the
same test client and database, so the ratios are what to compare between runs and machines.
Not a test (tests/web/api/ checks what the list gives).

    .venv/bin/python benchmarks/bench_api.py [--projects 10000] [--repeat 20]

Uses a throw-away SQLite database, or DATABASE_URL (PostgreSQL) if set.
"""

from __future__ import annotations

import argparse
import datetime

from bench_pages import in_throwaway_database, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    in_throwaway_database(run, parser.parse_args())


def fill(world, n: int) -> None:
    """*n* projects of beta, bulk-written (the services are the tests' to exercise)."""
    from greencert.web.projects.models import Project

    day = datetime.date(2020, 1, 1)
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


def run(args) -> None:
    from django.test import Client

    from greencert.web.accounts.api_tokens import create_token
    from tests.web.conftest import build_world

    world = build_world()
    fill(world, args.projects)
    expires = datetime.date.today() + datetime.timedelta(days=30)
    _token, raw = create_token(actor=world.pm, name="bench", writes=False, expires_on=expires)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    first = api.get("/api/v1/projects?page_size=100").json()
    later = first["next"].split("testserver", 1)[-1]
    page = Client()
    page.force_login(world.pm)
    bare = timed(Client(), "/healthz", args.repeat * 10)
    rows = [
        ("API: projects, first 100", api, "/api/v1/projects?page_size=100"),
        ("API: projects, next 100 (cursor)", api, later),
        ("API: projects, filtered by state", api, "/api/v1/projects?state=planned"),
        ("page: /projects/", page, "/projects/"),
    ]
    print(f"{args.projects} projects")
    print(f"{'request':<36}{'median ms':>10}{'max ms':>10}{'× bare':>9}")
    print(f"{'bare view (/healthz)':<36}{bare[0] * 1000:>10.1f}{bare[1] * 1000:>10.1f}{1:>9.1f}")
    for name, client, url in rows:
        median, worst = timed(client, url, args.repeat)
        print(f"{name:<36}{median * 1000:>10.1f}{worst * 1000:>10.1f}{median / bare[0]:>9.1f}")


if __name__ == "__main__":
    main()
