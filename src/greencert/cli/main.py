"""``greencert``: score assessments, show the scheme, write templates, run the product.

Each sub-command lives in its own module and registers itself here.
Exit codes: 0 when the command did its work (a result was computed, whatever
the grade), 2 for invalid input or usage, with one line per problem on stderr;
``audit verify`` exits 1 when the audit trail's chain is broken.
"""

from __future__ import annotations

import argparse
import sys

from greencert import __version__
from greencert.cli import (
    audit_cmd,
    backup_cmd,
    report_cmd,
    scheme_cmd,
    score_cmd,
    template_cmd,
    web_cmds,
)
from greencert.core.exceptions import GreenCertError

COMMANDS = [score_cmd, report_cmd, scheme_cmd, template_cmd, web_cmds, audit_cmd, backup_cmd]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="greencert",
        description="绿色产品服务认证系统 — green product service certification (CTS TBSC041-2026)",
    )
    parser.add_argument("--version", action="version", version=f"greencert {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["manage"]:  # everything after `manage` belongs to Django
        return web_cmds.run_manage(argparse.Namespace(args=argv[1:]))
    args = parser.parse_args(argv)
    try:
        return args.handler(args) or 0
    except GreenCertError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `greencert scheme show | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
