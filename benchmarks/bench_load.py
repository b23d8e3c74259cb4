"""Benchmark: a mixed load with locust against one node, then against two nodes behind nginx.

Starts the cluster of ``scripts/cluster`` (two ``greencert serve`` nodes of 2 gunicorn
workers each, nginx with ``deploy/nginx/greencert.conf``, PostgreSQL, Redis, SeaweedFS, a
worker and beat, all on loopback) on a fresh PostgreSQL database ``greencert_load`` and Redis
database 11 (``GREENCERT_LOAD_REDIS_URL`` points elsewhere), seeds it once with the demo's
data and a survey of its own, and runs locust headless (``benchmarks/load/locustfile.py``)
with the same users, spawn rate and duration:

1. a short warm-up through nginx (both nodes' workers load their code), not counted;
2. against node A directly (node B stands idle);
3. against nginx, which takes nodes A and B in turn.

Four kinds of request, each counted apart: staff pages (an auditor's project list and project
page), sheet saves (the auditor's evaluation sheet posted through its form, with its CSRF
token and version), survey answers (a customer posting the public questionnaire) and
certificate look-ups (``/verify/<number>``).  Customers, the public and auditors are locust
users in the ratio 3 : 3 : 2, each waiting 0 to ``--think`` seconds between requests, so the
answers and look-ups dominate, as on a real day.  Each run is measured for ``--seconds`` from
the moment every user is spawned and every auditor has logged in (log-ins are not counted).
It prints, per kind and for one node and for two, requests/s, median and p99 latency and
failures, then the throughput ratio two/one per kind and overall; the forms fetched before a
save or an answer are shown below the four kinds; then how nginx spread the second run
between the nodes (from its access log) and whether the worker drained every survey answer.
Any failure (a wrong status, a page without what a person expects on it, a node nginx never
used, an answer left undrained) is printed and the script exits 1.  It stops everything
it started, on an error or Ctrl-C too.

    .venv/bin/python benchmarks/bench_load.py [--users 24] [--spawn-rate 24] [--seconds 30]
        [--warmup 10] [--think 0.5]

Needs ``scripts/bootstrap --test`` (nginx, SeaweedFS, locust) and PostgreSQL and Redis on
127.0.0.1; takes about three minutes with the defaults.  Not a test: the figures depend on
the machine and on whatever else runs on it.

What to expect: on a 2-core machine the two nodes share the same two cores (with
PostgreSQL, Redis, nginx, the worker and locust itself), so a second node brings no CPU and
the ratio is no doubling: it shows that the balancer and the shared state (sessions, cache
and rate limits in Redis, files in S3, data in PostgreSQL) carry the same load without loss
— zero failures, every survey answer drained.  Expect an overall ratio of about 1 to 1.5:
nginx's extra hop costs a millisecond or so, while the second node's two gunicorn workers
(four in all against two) keep the cores busy while the others wait on PostgreSQL and Redis,
and, on a machine shared with other work, claim a larger share of it.  Where each node has
cores of its own, the same script shows how far a second node scales.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.cluster import launch, processes, world  # noqa: E402
from tests.cluster.processes import ClusterError  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "load" / "locustfile.py"
DATABASE = "greencert_load"
# A Redis database of its own: the cluster check uses 13, the test suite 12 and 14.
REDIS_URL = os.environ.get("GREENCERT_LOAD_REDIS_URL", "redis://127.0.0.1:6379/11")
KINDS = ("staff page", "sheet save", "survey answer", "certificate look-up")
FORMS = ("sheet form", "survey form")
# Every client is 127.0.0.1: the per-address limits would refuse the load itself.  The
# nodes log at the production level, and the worker drains at the production pace.
SETTINGS = {
    "VERIFY_RATE_PER_MINUTE": "100000000",
    "SURVEY_RATE_PER_MINUTE": "100000000",
    "LOG_LEVEL": "WARNING",
    "SURVEY_DRAIN_SECONDS": "5",
}


class BenchFailed(RuntimeError):
    pass


def locust_binary() -> str | None:
    beside = Path(sys.executable).with_name("locust")
    return str(beside) if beside.exists() else shutil.which("locust")


def write_plan(seeded: world.World, folder: Path) -> tuple[Path, int]:
    """What the locust users need (see the locustfile), and the load's survey id.  The survey
    is on another project than the auditor's, so that the answers drained during the runs do
    not make the staff pages heavier from one run to the next."""
    from django.utils import timezone

    from greencert.core.registry import default_scheme
    from greencert.web.accounts.models import User
    from greencert.web.certification.models import Certificate
    from greencert.web.projects.models import Project
    from greencert.web.surveys import services

    staff_project = Project.objects.select_related("organisation").get(pk=seeded.project_id)
    other = (
        Project.objects.filter(state=Project.State.IN_PROGRESS)
        .exclude(pk=staff_project.pk)
        .order_by("pk")
        .first()
    )
    today = timezone.localdate()
    survey = services.open_survey(
        actor=User.objects.get(username="pm"),
        project=other,
        site=other.sites.order_by("pk").first(),
        opens_on=today,
        closes_on=today + datetime.timedelta(days=30),
    )
    auditor = User.objects.get(username=world.AUDITOR)
    plan = {
        "staff": {
            "username": auditor.username,
            "password": seeded.password(auditor.username),
            "evaluator": str(auditor),
            "project": staff_project.pk,
            "organisation": staff_project.organisation.name,
        },
        "survey_token": survey.token,
        "certificates": list(Certificate.objects.order_by("pk").values_list("number", flat=True)),
        "items": list(default_scheme().items),
    }
    world.close_connections()
    path = folder / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    return path, survey.pk


def run_locust(cluster, args, *, label: str, url: str, seconds: float, plan: Path) -> dict:
    """One headless locust run against *url*; locust's statistics by request name."""
    prefix = cluster.folder / f"locust-{label}"
    command = [
        locust_binary(),
        *("-f", str(LOCUSTFILE), "--headless", "--only-summary"),
        *("--host", url, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate)),
        *("--stop-timeout", "5", "--csv", str(prefix)),
    ]
    env = os.environ | {
        "GREENCERT_LOAD_PLAN": str(plan),
        "GREENCERT_LOAD_THINK": str(args.think),
        "GREENCERT_LOAD_SECONDS": str(seconds),  # the locustfile's measured window
    }
    with contextlib.ExitStack() as stack:  # locust stopped if we are interrupted
        process = processes.start(stack, f"locust-{label}", command, env, cluster.folder)
        try:
            process.proc.wait(seconds + 120)
        except subprocess.TimeoutExpired:
            raise BenchFailed(f"locust ({label}) did not finish:\n{process.tail()}") from None
    if not prefix.with_name(prefix.name + "_stats.csv").exists():
        raise BenchFailed(f"locust ({label}) wrote no statistics:\n{process.tail()}")
    return read_stats(prefix)


def read_stats(prefix: Path) -> dict:
    """locust's CSV files at *prefix*: the statistics by request name, and the failures."""
    with prefix.with_name(prefix.name + "_stats.csv").open(newline="") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    with prefix.with_name(prefix.name + "_failures.csv").open(newline="") as file:
        failures = list(csv.DictReader(file))
    return {"rows": rows, "failures": failures}


def figures(run: dict, name: str) -> dict:
    row = run["rows"].get(name)
    if row is None:
        return {"count": 0, "rps": 0.0, "median": None, "p99": None, "failures": 0}
    return {
        "count": int(row["Request Count"]),
        "rps": float(row["Requests/s"]),
        "median": _milliseconds(row["50%"]),
        "p99": _milliseconds(row["99%"]),
        "failures": int(row["Failure Count"]),
    }


def _milliseconds(cell: str) -> float | None:
    """A percentile cell of locust's CSV: "N/A" where nothing was requested."""
    return None if cell in ("", "N/A") else float(cell)


def report(one: dict, two: dict) -> list[str]:
    """The table; returns what went wrong (failures, a kind never requested)."""
    head = f"{'req/s':>7} {'median':>7} {'p99':>7} {'fail':>5}"
    print()
    print(f"{'':<22}{'one node (A)':^29}   {'two nodes behind nginx':^29}   two/one")
    print(f"{'kind of request':<22}{head}   {head}   req/s")
    problems = []
    for name in (*KINDS, "-", *FORMS, "-", "Aggregated"):
        if name == "-":
            print("-" * 92)
            continue
        a, b = figures(one, name), figures(two, name)
        ratio = f"{b['rps'] / a['rps']:.2f}" if a["rps"] else "—"
        title = "all requests" if name == "Aggregated" else name
        print(f"{title:<22}{_cells(a)}   {_cells(b)}   {ratio:>5}")
        for where, f in (("one node", a), ("two nodes", b)):
            if f["failures"]:
                problems.append(f"{f['failures']} of {f['count']} '{title}' failed on {where}")
            if name in KINDS and f["count"] == 0:
                problems.append(f"no '{title}' request was made on {where}")
    print("(median and p99 in ms, as locust rounds them)")
    return problems


def _cells(f: dict) -> str:
    median, p99 = ("—" if v is None else f"{v:.0f}" for v in (f["median"], f["p99"]))
    return f"{f['rps']:>7.1f} {median:>7} {p99:>7} {f['failures']:>5}"


def drained(survey_id: int, seconds: float = 60) -> tuple[str, bool]:
    """Every survey answer stored during the runs becomes a response (the worker's work)."""
    deadline = time.monotonic() + seconds
    while True:
        counts = world.survey_counts(survey_id)
        done = counts["waiting"] == 0 and counts["responses"] == counts["submissions"]
        if done or time.monotonic() > deadline:
            world.close_connections()
            state = (
                "all" if done else f"{counts['waiting']} still waiting after {seconds:.0f} s, not"
            )
            return f"{counts['submissions']} survey answers stored, {state} drained", done
        time.sleep(1)


def measure(cluster, seeded, args) -> bool:
    plan, survey_id = write_plan(seeded, cluster.folder)
    print(
        f"locust: {args.users} users (customers : public : auditors = 3 : 3 : 2), spawned at "
        f"{args.spawn_rate}/s, {args.seconds:g} s a run, 0–{args.think:g} s between requests; "
        f"nodes of {processes.NODE_WORKERS} gunicorn workers; {os.cpu_count()} CPUs shared "
        "by everything",
        flush=True,
    )
    if args.warmup:
        run_locust(cluster, args, label="warmup", url=cluster.url, seconds=args.warmup, plan=plan)
    one = run_locust(
        cluster, args, label="one", url=cluster.nodes["A"].url, seconds=args.seconds, plan=plan
    )
    logged = cluster.access_log.stat().st_size
    two = run_locust(cluster, args, label="two", url=cluster.url, seconds=args.seconds, plan=plan)
    problems = report(one, two)
    spread, balanced = balance(cluster, logged)
    print(spread)
    worker, done = drained(survey_id)
    print(worker + " into responses by the worker")
    problems += [] if balanced else [spread]
    problems += [] if done else [worker]
    if problems:
        print("\n✗ FAILURES — the load was not served without loss:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        for label, run in (("one node", one), ("two nodes", two)):
            for row in run["failures"][:10]:
                print(
                    f"  {label}: {row['Occurrences']}× {row['Method']} {row['Name']}: "
                    f"{row['Error']}",
                    file=sys.stderr,
                )
        return False
    return True


def balance(cluster, offset: int) -> tuple[str, bool]:
    """How nginx spread the second run's requests, from its access log (past *offset*)."""
    with cluster.access_log.open("rb") as log:
        log.seek(offset)
        upstreams = re.findall(rb" upstream=(.*?) upstream_status=", log.read())
    served = Counter(u.decode().split(",")[-1].strip() for u in upstreams)
    counts = {name: served[f"127.0.0.1:{node.port}"] for name, node in cluster.nodes.items()}
    sent = [f"{n:,} request{'' if n == 1 else 's'} to node {name}" for name, n in counts.items()]
    return "nginx sent " + " and ".join(sent), all(counts.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=24, help="locust users (default 24)")
    parser.add_argument("--spawn-rate", type=float, default=24, help="users started a second")
    parser.add_argument("--seconds", type=float, default=30, help="each measured run (30)")
    parser.add_argument("--warmup", type=float, default=10, help="the warm-up run (10; 0: none)")
    parser.add_argument("--think", type=float, default=0.5, help="most seconds between requests")
    args = parser.parse_args(argv)
    if locust_binary() is None:
        print("locust is not installed: run scripts/bootstrap --test", file=sys.stderr)
        return 2
    launch.unwind_on_signals()
    folder = Path(tempfile.mkdtemp(prefix="greencert-load-"))
    ok = False
    try:
        with contextlib.ExitStack() as stack:
            cluster, seeded = launch.bring_up(
                stack, folder, database=DATABASE, redis_url=REDIS_URL, settings=SETTINGS
            )
            ok = measure(cluster, seeded, args)
    except (ClusterError, BenchFailed) as error:
        print(f"✗ {error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted: every part stopped", file=sys.stderr)
    finally:
        if ok:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"Logs kept in {folder}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
