"""Bringing the whole cluster up under one ExitStack, for ``scripts/cluster`` and for the
benchmarks that measure it (``benchmarks/bench_load.py``): whatever starts here is stopped
when the stack unwinds, on an error or Ctrl-C too."""

from __future__ import annotations

import contextlib
import signal
import time
from pathlib import Path

from tests.cluster import processes, world


def unwind_on_signals() -> None:
    """Ctrl-C, even where the shell started us with it ignored, and TERM (a time limit, a
    kill) raise KeyboardInterrupt, so that every ExitStack stops what it started."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)


def bring_up(
    stack: contextlib.ExitStack,
    folder: Path,
    port: int | None = None,
    *,
    database: str = processes.DATABASE,
    redis_url: str = processes.REDIS_URL,
    settings: dict[str, str] | None = None,
):
    """Every part started (each stopped by *stack*), the world seeded, all of them ready.

    *database* is created empty (and dropped after), *redis_url*'s database flushed;
    *settings* override the nodes' shared environment (a benchmark lifts the rate limits)."""
    began = time.monotonic()
    s3 = stack.enter_context(processes.object_storage(folder / "s3"))
    database_url = stack.enter_context(processes.fresh_database(database))
    redis_url = stack.enter_context(processes.flushed_redis(redis_url))
    balancer_port = port or processes.free_port()
    env = processes.shared_settings(
        database=database_url, redis_url=redis_url, s3=s3, balancer_port=balancer_port
    ) | (settings or {})
    cluster = processes.Cluster(folder, env, balancer_port)
    world.setup(env, folder / "seed")
    stack.callback(world.close_connections)  # before the database is dropped
    seeded = world.seed(folder / "seed")
    world.close_connections()
    for name in ("A", "B"):
        processes.start_node(stack, cluster, name)
    processes.start_background(stack, cluster)
    processes.start_balancer(stack, cluster)
    for node in cluster.nodes.values():
        processes.wait_ready(cluster, node.url)
    processes.wait_ready(cluster, cluster.url)
    print(f"cluster up in {time.monotonic() - began:.0f} s; logs in {folder}", flush=True)
    return cluster, seeded
