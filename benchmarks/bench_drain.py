"""Benchmark: how fast the worker's drain turns survey answers into responses, beside how
fast they arrive at saturation, measured in the same run.

Creates a throw-away PostgreSQL database (as ``bench_survey.py`` does, whose helpers it
uses), opens the surveys, starts ``greencert serve`` on 127.0.0.1 with the periodic drain
held back, and then, for each round:

1. **arrival**: *clients* threads post complete questionnaires through the real answer
   view (``POST /s/<token>/``, each with its signed form ticket) for *seconds*: the
   answers acknowledged (303) per second are the arrival rate at saturation;
2. **drain**: the backlog they left is drained by the task ``greencert.surveys.drain``,
   as the worker runs it (in a process of its own, the task applied to the same
   database): the answers turned into responses and evaluations per second.

It prints both rates and drain ÷ arrival per round (above 1: one worker keeps up with
the crowd, with that much spare).  With ``--celery`` the drain of an extra round is also
done by a real ``greencert worker`` on Redis (database 10 unless ``--redis`` names
another): queued with ``delay()`` by another process, timed until no answer waits.

    .venv/bin/python benchmarks/bench_drain.py [--clients 32] [--seconds 6] [--rounds 3]
        [--surveys 4] [--workers N] [--celery] [--redis redis://127.0.0.1:6379/10]

Not a test: the machine is shared (the clients, the server, PostgreSQL and the drain
take the same CPUs), so the figures are indicative; the ratio, measured under the same
load in the same run, is the figure to read.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_survey as bench

REDIS = "redis://127.0.0.1:6379/10"


class Backlog:
    """Answers stored and not yet drained, read on one connection kept open."""

    def __init__(self, database: str):
        import psycopg

        self.conn = psycopg.connect(f"{bench.PG}/{database}", autocommit=True)

    def __call__(self) -> int:
        (count,) = self.conn.execute(
            "SELECT count(*) FROM surveys_submission WHERE NOT drained"
        ).fetchone()
        return count


def drain_child() -> None:
    """In a child process with the server's environment: the drain task, applied as a
    worker applies it, timed; prints how many answers it drained and the seconds."""
    import django

    django.setup()
    from greencert.web.surveys.tasks import drain_surveys

    began = time.perf_counter()
    drained = drain_surveys.apply().get()
    print(f"{drained} {time.perf_counter() - began:.4f}")


def queue_child() -> None:
    """In a child process with a broker: queue one drain for the workers; prints when
    (the clock starts there, not at this process's start)."""
    import django

    django.setup()
    from greencert.web.surveys.tasks import drain_surveys

    queued_at = time.time()
    drain_surveys.delay()
    print(f"{queued_at:.6f}")


def arrive(port: int, makers, clients: int, seconds: float, max_requests: int) -> dict:
    """Answers posted through the answer view by *clients* at once for *seconds*."""
    requests = [
        (makers[i % len(makers)][0], makers[i % len(makers)][1].make()) for i in range(max_requests)
    ]
    return bench.run_level(port, requests, clients, seconds)


def drain_in_process(env: dict) -> tuple[int, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--drain-child"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    count, seconds = done.stdout.split()
    return int(count), float(seconds)


class Worker:
    """A real ``greencert worker`` on *redis_url* (its database emptied first); a drain is
    queued by another process with ``delay()`` and timed until no answer waits."""

    def __init__(self, env: dict, redis_url: str, log_path: Path, backlog: Backlog):
        import redis

        self.redis = redis.Redis.from_url(redis_url)
        self.redis.flushdb()
        self.env, self.log_path, self.backlog = env | {"REDIS_URL": redis_url}, log_path, backlog
        with log_path.open("w") as log:
            self.proc = subprocess.Popen(
                [*bench.greencert(), "worker", "--concurrency", "1"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while " ready." not in log_path.read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the worker did not start:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.2)

    def drain(self) -> tuple[int, float]:
        count = self.backlog()
        queue = [sys.executable, __file__, "--queue-child"]
        began = float(subprocess.run(queue, env=self.env, check=True, capture_output=True).stdout)
        while self.backlog():
            if self.proc.poll() is not None or time.time() - began > 600:
                raise SystemExit(f"the worker stopped:\n{self.log_path.read_text()[-2000:]}")
            time.sleep(0.02)
        return count, time.time() - began

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(30)
        self.redis.flushdb()


def line(label: str, arrived: dict, drained: tuple[int, float]) -> float:
    count, seconds = drained
    drain_rate = count / seconds if seconds else float("nan")
    ratio = drain_rate / arrived["throughput"] if arrived["throughput"] else float("nan")
    print(
        f"{label:<22} arrived {arrived['requests']:>5} ({arrived['failures']} refused) "
        f"at {arrived['throughput']:>7.1f}/s; drained {count:>5} in {seconds:>6.2f} s "
        f"= {drain_rate:>7.1f}/s; drain / arrival {ratio:>5.2f}"
    )
    return ratio


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32, help="posting at once")
    parser.add_argument("--seconds", type=float, default=6.0, help="of arrival per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-requests", type=int, default=4000, help="per round")
    parser.add_argument("--surveys", type=int, default=4, help="answers spread over these")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--celery", action="store_true", help="also drain on a real worker")
    parser.add_argument("--redis", default=REDIS, help="the worker's broker (--celery)")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--drain-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queue-child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = parse()
    if args.drain_child or args.queue_child:
        (drain_child if args.drain_child else queue_child)()
        return 0
    database = f"greencert_bench_drain_{os.getpid()}"
    secret_key = secrets.token_urlsafe(50)
    data_dir = tempfile.mkdtemp(prefix="greencert-bench-drain-")
    # The server's own periodic drain (the embedded default's beat thread) held back:
    # the backlog is left for the drain measured here.
    env = bench.server_env(database, data_dir, secret_key) | {"SURVEY_DRAIN_SECONDS": "1e9"}
    bench.admin_sql(f'CREATE DATABASE "{database}"')
    server = None
    try:
        server, port, makers = start(args, env, secret_key)
        ratios = []
        for round_ in range(1, args.rounds + 1):
            arrived = arrive(port, makers, args.clients, args.seconds, args.max_requests)
            ratios.append(line(f"round {round_}, task", arrived, drain_in_process(env)))
        print(f"drain / arrival, median of {len(ratios)} rounds: {bench.median(ratios):.2f}")
        if args.celery:
            worker = Worker(env, args.redis, Path(data_dir) / "worker.log", Backlog(database))
            try:
                arrive(port, makers, 4, 2, 40)  # the worker's first drain warms it up
                worker.drain()
                arrived = arrive(port, makers, args.clients, args.seconds, args.max_requests)
                line("celery worker", arrived, worker.drain())
            finally:
                worker.stop()
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(20)
        if not args.keep_db:
            bench.admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def start(args, env: dict, secret_key: str):
    """Migrate, seed the surveys, start the server and warm it up."""
    subprocess.run([*bench.greencert(), "manage", "migrate", "-v", "0"], env=env, check=True)
    seeded = subprocess.run(
        [sys.executable, bench.__file__, "--seed"],
        env=env | {"BENCH_SURVEYS": str(args.surveys)},
        check=True,
        capture_output=True,
        text=True,
    )
    surveys = [row.split() for row in seeded.stdout.splitlines()]
    port = bench.free_port()
    bind = f"{bench.HOST}:{port}"
    serve = [*bench.greencert(), "serve", "--bind", bind, "--workers", str(args.workers)]
    server = subprocess.Popen(
        serve,
        env=env,
        stdout=subprocess.DEVNULL,  # the access log
        stderr=(Path(env["GREENCERT_DATA_DIR"]) / "server.log").open("w"),
        start_new_session=True,
    )
    bench.wait_for(port, server)
    makers = [(f"/s/{token}/", bench.Body("survey", int(pk), secret_key)) for pk, token in surveys]
    arrive(port, makers, 4, 3, 40)  # warm-up: imports, connections
    drain_in_process(env)  # and the warm-up's answers out of the way
    print(
        f"gunicorn: {args.workers} sync workers on {bench.HOST}:{port}; PostgreSQL {env['DATABASE_URL'].rsplit('/', 1)[1]}; "
        f"{os.cpu_count()} CPUs shared by clients, server, database and drain; "
        f"{args.clients} clients posting over {len(surveys)} survey(s), {args.seconds:g} s a round"
    )
    return server, port, makers


if __name__ == "__main__":
    sys.exit(main())
