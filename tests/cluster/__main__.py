"""``scripts/cluster [--check] [--port N]``: see :mod:`tests.cluster`."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.cluster import checks
from tests.cluster.launch import bring_up, unwind_on_signals
from tests.cluster.processes import ClusterError


def run_checks(cluster, seeded) -> bool:
    context = checks.Context(cluster, seeded)
    results = []
    for title, check in [("both nodes ready", checks.readiness), *checks.CHECKS]:
        began = time.monotonic()
        try:
            measured, ok = check(context), True
        except checks.CheckFailed as failed:
            measured, ok = str(failed), False
        except Exception as error:  # a check that crashes has failed; say how
            measured, ok = f"{type(error).__name__}: {error}", False
        results.append(ok)
        mark = "✓" if ok else "✗"
        print(f"{mark} {title} ({time.monotonic() - began:.1f} s): {measured}", flush=True)
    print(f"cluster: {results.count(True)} passed, {results.count(False)} failed")
    return all(results)


def serve(cluster, seeded) -> bool:
    """Print the address and the logins; run until Ctrl-C or until a part stops."""
    print(f"GreenCert cluster: {cluster.url}/  (nginx → nodes ", end="")
    print(", ".join(f"{n.name} {n.url}" for n in cluster.nodes.values()) + ")")
    print("登录 Logins:")
    for role, username, password, secret in seeded.logins:
        extra = f"  TOTP {secret}" if secret else ""
        print(f"  {role}  {username} / {password}{extra}")
    print(f"顾客问卷 Survey: {cluster.url}/s/{seeded.survey_token}/")
    print("按 Ctrl-C 停止全部进程。 Ctrl-C stops every part.", flush=True)
    while not cluster.dead():
        time.sleep(1)
    for process in cluster.dead():
        print(f"{process.name} stopped:\n{process.tail()}", file=sys.stderr)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/cluster", description=__doc__)
    parser.add_argument("--check", action="store_true", help="run the checks, then stop")
    parser.add_argument("--port", type=int, help="the balancer's port (default: a free one)")
    args = parser.parse_args(argv)
    unwind_on_signals()
    folder = Path(tempfile.mkdtemp(prefix="greencert-cluster-"))
    ok = False
    try:
        with contextlib.ExitStack() as stack:
            cluster, seeded = bring_up(stack, folder, args.port)
            ok = run_checks(cluster, seeded) if args.check else serve(cluster, seeded)
    except ClusterError as error:
        print(f"✗ the cluster did not start: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        ok = not args.check
    finally:
        if ok:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"Logs kept in {folder}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
