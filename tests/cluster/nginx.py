"""The balancer's configuration: ``deploy/nginx/greencert.conf`` with its placeholders filled,
inside a main configuration of the cluster's own (temp folders, no system file read)."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "greencert.conf"
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def render(text: str, values: dict[str, str]) -> str:
    """*text* with every ``{{ name }}`` replaced; a missing or unknown name is an error."""
    wanted = placeholders(text)
    if wanted != set(values):
        raise ValueError(
            f"placeholders {sorted(wanted)} but values for {sorted(values)} in {TEMPLATE.name}"
        )
    return PLACEHOLDER.sub(lambda m: values[m[1]], text)


def site(*, nodes: list[str], listen: str, folder: Path) -> str:
    """The repository's file for *nodes* (``host:port``), listening on *listen*."""
    return render(
        TEMPLATE.read_text(),
        {
            "nodes": "".join(f"    server {n} max_fails=1 fail_timeout=10s;\n" for n in nodes),
            "listen": listen,
            "server_name": "127.0.0.1 localhost",
            "access_log": str(folder / "access.log"),
        },
    )


def main_config(folder: Path, site_file: Path) -> str:
    """nginx.conf for a child process: in the foreground, every path in *folder*."""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{
    worker_connections 256;
}}
http {{
{temp}
    include {site_file};
}}
"""
