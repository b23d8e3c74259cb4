"""Benchmark: the project page with 200 evaluations and the project list with 10,000 projects.

Each is timed beside a bare Django view (``/healthz``: one query, no
template) through the same Django test client and database in the same
run; the ratios are what to compare between runs and machines.  Not a test.

    .venv/bin/python benchmarks/bench_pages.py [--evaluations 200] [--projects 10000] [--repeat 20]

Uses a throw-away SQLite database, or DATABASE_URL (PostgreSQL) if set —
then it creates and drops a test database like the test suite does.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from qualified import qualify

# The targets, as ratios to the bare view measured in the same run: the project page with
# 200 evaluations at most 100×; the list of 10,000 projects no slower than before the web
# layer was restructured (149× measured here with this script on commit 9538827).
PAGE_TARGET = 100
LIST_TARGET = 149


def setup(data_dir: str) -> None:
    os.environ["GREENCERT_DATA_DIR"] = data_dir
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "greencert.web.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()


def timed(client, url: str, repeat: int, before=None) -> tuple[float, float]:
    client.get(url)  # warm up
    samples = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=200)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    in_throwaway_database(run, parser.parse_args())


def in_throwaway_database(run, args) -> None:
    """*run(args)* with Django set up on a test database created for it and dropped after."""
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        from django.conf import settings
        from django.db import connection
        from django.test.utils import setup_test_environment

        settings.ALLOWED_HOSTS = ["testserver"]
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0)
        try:
            run(args)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> None:
    from django.db.models import F
    from django.test import Client

    from greencert.core.registry import default_scheme
    from greencert.web.accounts.models import Role, User
    from greencert.web.clients.models import Organisation
    from greencert.web.projects.models import Evaluation, ItemRating, Project, TeamMember
    from greencert.web.projects.services.projects import create_project
    from greencert.web.projects.services.sheets import save_maturity
    from greencert.web.projects.services.team import add_team_member

    scheme = default_scheme()
    pm = User.objects.create_user("pm", password="bench-only-password", role=Role.PROJECT_MANAGER)
    qualify(pm)  # the project's leader too
    org = Organisation.objects.create(name="基准测试组织", address="-", uscc="91110000600037341L")
    start = datetime.date(2026, 5, 1)
    project = create_project(
        actor=pm,
        organisation=org,
        kind="initial",
        scope="bench",
        planned_start=start,
        planned_end=start,
    )
    add_team_member(actor=pm, project=project, user=pm, role=TeamMember.Role.LEADER)
    assessment = project.assessment
    # Bulk rows (the services are exercised by the tests; here only the pages are timed).
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            assessment=assessment, code=f"E{i}", evaluator="bench", date=start, source="auditor"
        )
        for i in range(args.evaluations)
    )
    ItemRating.objects.bulk_create(
        (
            ItemRating(evaluation=e, item_id=item, alpha=Decimal(50 + (i * 7 + n) % 50) / 100)
            for i, e in enumerate(evaluations)
            for n, item in enumerate(scheme.items)
        ),
        batch_size=5000,
    )
    save_maturity(
        actor=pm,
        assessment=assessment,
        levels={c: {"level": 3} for c in scheme.clauses},
        expected_version=0,
    )
    Project.objects.bulk_create(
        (
            Project(
                code=f"GC-2030-{i:05d}",
                organisation=org,
                kind="initial",
                scope="bench",
                scheme_label=project.scheme_label,
                scheme_hash=project.scheme_hash,
                planned_start=start,
                planned_end=start,
            )
            for i in range(args.projects)
        ),
        batch_size=2000,
    )
    client = Client()
    client.force_login(pm)
    # The bare view takes under a millisecond: its median needs more samples to settle.  It is
    # asked as a health probe asks, without a session: one query, no session or user read.
    bare = timed(Client(), "/healthz", args.repeat * 10)
    page = timed(client, f"/projects/{project.pk}/", args.repeat)
    # Read right after a sheet changed: scored and laid out afresh (what the first reader
    # after a save waits for; the line above is every later read).
    first = evaluations[0]
    changed = timed(
        client,
        f"/projects/{project.pk}/",
        args.repeat,
        before=lambda: Evaluation.objects.filter(pk=first.pk).update(version=F("version") + 1),
    )
    listing = timed(client, "/projects/", args.repeat)
    listing_search = timed(client, "/projects/?q=GC-2030-09", args.repeat)
    print(
        f"{args.evaluations} evaluations on the project, {args.projects + 1} projects in the list"
    )
    print(f"{'page':<34}{'median ms':>10}{'max ms':>10}{'× bare':>9}  target")
    for name, (median, worst), target in (
        ("bare view (/healthz)", bare, None),
        (f"project page ({args.evaluations} evaluations)", page, PAGE_TARGET),
        ("project page, after a change", changed, None),
        (f"project list ({args.projects} projects)", listing, LIST_TARGET),
        ("project list, search", listing_search, None),
    ):
        ratio = median / bare[0]
        verdict = ""
        if target is not None:
            verdict = f"  ≤ {target:g}× {'met' if ratio <= target else 'NOT MET'}"
        print(f"{name:<34}{median * 1000:>10.1f}{worst * 1000:>10.1f}{ratio:>9.1f}{verdict}")


if __name__ == "__main__":
    main()
