"""Benchmark: concurrent survey submissions against the production server, on loopback.

Creates a throw-away PostgreSQL database, migrates it, opens one survey,
starts ``greencert serve`` (gunicorn, GREENCERT_PRODUCTION=1, a generated
SECRET_KEY) on 127.0.0.1, and for 8, 32 and 64 concurrent clients measures
the sustained throughput and the p99 latency of

* ``POST /s/<token>/`` — a complete questionnaire (19 answers and a comment);
* ``POST /_bench/insert`` — the baseline: a bare Django view doing one INSERT
  into a table of its own, through the same server and database (mounted only
  by this benchmark's URL configuration, ``bench_urls.py``, via
  ``bench_settings.py``; the product never has it);

then prints their ratio (target: ≥ 60 % of the baseline throughput, and a
p99 under 100 ms at 32 clients).  Not a test: the figures depend on the
machine, and the clients share its CPUs with the server.  Every request goes
to 127.0.0.1; each level is bounded in requests and in seconds.

    .venv/bin/python benchmarks/bench_survey.py [--seconds 8] [--max-requests 4000]
        [--workers N] [--surveys 1] [--keep-db]

Each submission carries a form ticket signed with the generated SECRET_KEY,
exactly as the page would have rendered it a minute earlier; all clients
come from 127.0.0.1 (the rate limit is lifted).  A submission becomes its
response and evaluation at the next ``drain_surveys`` run or staff action on
the survey (``greencert.web.surveys.inbox``): that deferred work is timed too,
at the end, for every submission stored.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HOST = "127.0.0.1"
PG = "postgres://postgres@127.0.0.1:5432"
LEVELS = (8, 32, 64)
ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent  # bench_settings.py and bench_urls.py
ITEMS = [f"{c}.{i}" for c in "123456" for i in (1, 2, 3)] + ["7.1"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def greencert() -> list[str]:
    """The ``greencert`` command of this interpreter's environment."""
    script = Path(sys.executable).with_name("greencert")
    return [str(script)] if script.exists() else [sys.executable, "-m", "greencert"]


def server_env(database: str, data_dir: str, secret_key: str) -> dict:
    env = dict(os.environ)
    env.update(
        GREENCERT_PRODUCTION="1",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"{PG}/{database}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        GREENCERT_DATA_DIR=data_dir,
        SURVEY_RATE_PER_MINUTE="100000000",  # every client is 127.0.0.1
        DB_CONN_MAX_AGE=os.environ.get("DB_CONN_MAX_AGE", "60"),
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
    )
    env.pop("REDIS_URL", None)
    return env


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def seed() -> None:
    """Run in a child process with the server's environment: the baseline's table, one
    project, one open survey (or ``BENCH_SURVEYS``)."""
    import datetime

    import django

    django.setup()
    from bench_urls import BaselineRow
    from django.db import connection

    with connection.schema_editor() as editor:
        editor.create_model(BaselineRow)
    from greencert.web.accounts.models import Role, User
    from greencert.web.clients.models import Organisation, Site
    from greencert.web.projects.services.projects import create_project
    from greencert.web.surveys import services

    pm = User.objects.create_user("bench-pm", role=Role.PROJECT_MANAGER)
    org = Organisation.objects.create(
        name="基准测试公司", address="南昌", uscc="91360100MA35K0XXXP"
    )
    site = Site.objects.create(organisation=org, name="基准网点")
    today = datetime.date.today()
    project = create_project(
        actor=pm,
        organisation=org,
        kind="initial",
        scope="基准",
        planned_start=today,
        planned_end=today + datetime.timedelta(days=30),
        sites=[site],
    )
    for _ in range(int(os.environ.get("BENCH_SURVEYS", "1"))):
        survey = services.open_survey(
            actor=pm,
            project=project,
            site=site,
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=30),
        )
        print(f"{survey.pk} {survey.token}")


def drain() -> None:
    """Run in a child process: turn every submission into its response, timed."""
    import django

    django.setup()
    from greencert.web.surveys.inbox import drain_waiting
    from greencert.web.surveys.models import SurveyResponse

    began = time.perf_counter()
    drain_waiting()  # what the drain_surveys command runs
    seconds = time.perf_counter() - began
    print(f"{SurveyResponse.objects.count()} {seconds:.3f}")


def wait_for(port: int, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped (exit {proc.returncode})")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer /healthz in time")


class Body:
    """Request bodies, made before the clock starts (signing is not the server's work)."""

    def __init__(self, kind: str, survey_id: int, secret_key: str):
        self.kind, self.survey_id = kind, survey_id
        self._n = 0
        self._lock = threading.Lock()
        if kind == "survey":
            from django.conf import settings

            if not settings.configured:
                settings.configure(SECRET_KEY=secret_key)

    def make(self) -> bytes:
        if self.kind == "baseline":
            return b""
        from greencert.web.surveys.public_form import Ticket

        with self._lock:
            self._n += 1
            n = self._n
        ticket = Ticket(self.survey_id, f"bench-{n}-{secrets.token_hex(8)}", time.time() - 60)
        fields = {"ticket": ticket.dumps(), "comment": "服务很好，排队有点久。", "website": ""}
        fields |= {f"q_{item}": str(3 + (n + i) % 3) for i, item in enumerate(ITEMS)}
        return urllib.parse.urlencode(fields).encode()


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


class CpuMeter:
    """Where the CPU goes: gunicorn (its process group), the PostgreSQL backends serving
    the bench database, and this process (the clients).  Linux only; zeros elsewhere."""

    def __init__(self, server_pgid: int, database: str):
        self.server_pgid, self.database = server_pgid, database

    def _server_pids(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.server_pgid:
                pids.append(int(stat.parent.name))
        return pids

    def _db_pids(self) -> list[int]:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
            ).fetchall()
        return [pid for (pid,) in rows]

    def snapshot(self) -> dict[str, float]:
        if not Path("/proc/self/stat").exists():
            return {"server": 0.0, "database": 0.0, "clients": 0.0}
        own = os.times()
        return {
            "server": sum(process_cpu(pid) for pid in self._server_pids()),
            "database": sum(process_cpu(pid) for pid in self._db_pids()),
            "clients": own.user + own.system,
        }


def run_level(
    port: int,
    requests: list[tuple[str, bytes]],
    clients: int,
    seconds: float,
    meter: CpuMeter | None = None,
) -> dict:
    """*clients* threads POST the requests (each once) until they run out or time does."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    index = iter(range(len(requests)))
    start_barrier = threading.Barrier(clients + 1)
    stop_at = [0.0]
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Host": HOST}

    def client():
        start_barrier.wait()
        while time.monotonic() < stop_at[0]:
            with lock:
                i = next(index, None)
            if i is None:
                return
            began = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                path, body = requests[i]
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status in (200, 303)
            except OSError as exc:
                ok, response = False, exc
            elapsed = time.perf_counter() - began
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    failures.append(str(getattr(response, "status", response)))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    before = meter.snapshot() if meter else {}
    stop_at[0] = time.monotonic() + seconds
    began = time.perf_counter()
    start_barrier.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    after = meter.snapshot() if meter else {}
    done = max(len(latencies), 1)
    cpu = {k: (after[k] - before[k]) / done * 1000 for k in after}  # ms per request
    return {
        "requests": len(latencies),
        "failures": len(failures),
        "failure_kinds": sorted(set(failures))[:5],
        "throughput": len(latencies) / wall,
        "latencies": latencies,
        "cpu": cpu,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per run")
    parser.add_argument(
        "--clients",
        type=lambda text: [int(n) for n in text.split(",")],
        default=list(LEVELS),
        help="concurrency levels, e.g. 1,8,32 (default: 8,32,64)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of each endpoint per level")
    parser.add_argument("--max-requests", type=int, default=3000, help="per run")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--surveys",
        type=int,
        default=1,
        help="spread the submissions over this many surveys (1: all contend for one survey row)",
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the bench database")
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--drain", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        seed()
        return 0
    if args.drain:
        drain()
        return 0

    database = f"greencert_bench_{os.getpid()}"
    secret_key = secrets.token_urlsafe(50)
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="greencert-bench-")
    env = server_env(database, data_dir, secret_key)
    admin_sql(f'CREATE DATABASE "{database}"')
    server = None
    try:
        subprocess.run([*greencert(), "manage", "migrate", "-v", "0"], env=env, check=True)
        seeded = subprocess.run(
            [sys.executable, __file__, "--seed"],
            env=env | {"BENCH_SURVEYS": str(args.surveys)},
            check=True,
            capture_output=True,
            text=True,
        )
        surveys = [line.split() for line in seeded.stdout.splitlines()]
        server = subprocess.Popen(
            [*greencert(), "serve", "--bind", f"{HOST}:{port}", "--workers", str(args.workers)],
            env=env,
            stdout=subprocess.DEVNULL,  # the access log
            start_new_session=True,
        )
        wait_for(port, server)
        print(
            f"gunicorn: {args.workers} sync workers on {HOST}:{port}; PostgreSQL {database}; "
            f"{os.cpu_count()} CPUs shared with the clients; DB_CONN_MAX_AGE={env['DB_CONN_MAX_AGE']}; "
            f"submissions spread over {len(surveys)} survey(s)"
        )
        makers = [(f"/s/{token}/", Body("survey", int(pk), secret_key)) for pk, token in surveys]
        baseline = ("/_bench/insert", Body("baseline", 0, secret_key))

        def requests(kind: str, n: int) -> list[tuple[str, bytes]]:
            if kind == "baseline":
                return [(baseline[0], baseline[1].make()) for _ in range(n)]
            return [
                (makers[i % len(makers)][0], makers[i % len(makers)][1].make()) for i in range(n)
            ]

        # Warm up both endpoints (imports, connections) before measuring.
        for kind in ("baseline", "survey"):
            run_level(port, requests(kind, 50), 4, 5)
        meter = CpuMeter(server.pid, database)
        # The machine is shared and noisy: each level alternates short runs of the two
        # endpoints, and their throughputs are compared round by round.
        results: dict[tuple[str, int], list[dict]] = {}
        for clients in args.clients:
            for round_ in range(args.rounds):
                order = ("baseline", "survey") if round_ % 2 == 0 else ("survey", "baseline")
                for kind in order:
                    results.setdefault((kind, clients), []).append(
                        run_level(
                            port,
                            requests(kind, args.max_requests),
                            clients,
                            args.seconds,
                            meter,
                        )
                    )
        report(results, args.clients)
        drained = subprocess.run(
            [sys.executable, __file__, "--drain"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        count, seconds = drained.stdout.split()
        print(
            f"then turning the {count} submissions into responses and evaluations (as "
            f"drain_surveys does) took {float(seconds):.1f} s: "
            f"{float(seconds) / max(int(count), 1) * 1000:.2f} ms each, in batches"
        )
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(20)
        if not args.keep_db:
            admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(ordered: list[float], q: float) -> float:
    """In milliseconds, of latencies in seconds sorted ascending."""
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(results: dict, levels: list[int]) -> None:
    """Per level: the median throughput of the runs, the p99 over every request of
    every run, the throughput ratio (median of the rounds' ratios) and CPU per request."""
    print()
    print(
        f"{'clients':>7}  {'endpoint':<9} {'requests':>8} {'fail':>4} {'req/s':>8} "
        f"{'p50 ms':>7} {'p99 ms':>7}   CPU ms per request: server / database / clients"
    )
    summary = {}
    for clients in levels:
        for kind in ("baseline", "survey"):
            runs = results[kind, clients]
            latencies = sorted(x for r in runs for x in r["latencies"])
            cpu = {k: median([r["cpu"][k] for r in runs]) for k in runs[0]["cpu"]}
            fails = sum(r["failures"] for r in runs)
            kinds = sorted({k for r in runs for k in r["failure_kinds"]})
            summary[kind, clients] = {
                "throughput": median([r["throughput"] for r in runs]),
                "p99": percentile(latencies, 0.99),
            }
            print(
                f"{clients:>7}  {kind:<9} {len(latencies):>8} {fails:>4} "
                f"{summary[kind, clients]['throughput']:>8.1f} "
                f"{percentile(latencies, 0.50):>7.1f} "
                f"{summary[kind, clients]['p99']:>7.1f}   "
                + " / ".join(f"{cpu[k]:.2f}" for k in ("server", "database", "clients"))
                + (f"  {kinds[:5]}" if fails else "")
            )
        ratios = [
            s["throughput"] / b["throughput"]
            for s, b in zip(results["survey", clients], results["baseline", clients], strict=True)
            if b["throughput"]
        ]
        summary["ratio", clients] = median(ratios) if ratios else float("nan")
        each = ", ".join(f"{r:.0%}" for r in ratios)
        print(
            f"{clients:>7}  survey / baseline throughput: {summary['ratio', clients]:.0%} "
            f"(median of rounds: {each})"
        )
    if 32 not in levels:
        return
    ratio32, p99 = summary["ratio", 32], summary["survey", 32]["p99"]
    print()
    print(
        f"targets at 32 clients: throughput ≥ 60 % of baseline: {ratio32:.0%} "
        f"({'met' if ratio32 >= 0.6 else 'NOT met'}); p99 < 100 ms: {p99:.1f} ms "
        f"({'met' if p99 < 100 else 'NOT met'})"
    )


if __name__ == "__main__":
    sys.exit(main())
