"""``greencert score FILE [--json]``: the scoring contract used by later parts and outside tools."""

from __future__ import annotations

import json
from importlib import resources

from greencert.cli import render
from greencert.cli.sources import read_input
from greencert.core.assessment import assess_data
from greencert.core.score_output import score_output
from greencert.core.statistics.score_statistics import score_statistics

EXAMPLE = "example"


def register(commands) -> None:
    parser = commands.add_parser(
        "score",
        help="score an assessment (JSON, '-' for stdin, or a filled .xlsx template)",
        description="Score an assessment and print the result. Exit 0 when computed, 2 on invalid input.",
    )
    parser.add_argument(
        "file", metavar="FILE", help=f"a .json or .xlsx file, '-' for stdin, or '{EXAMPLE}'"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--scheme", help="scheme, e.g. 'CTS TBSC041-2026 B/0' (default: the input's)"
    )
    parser.add_argument("--lang", choices=["zh-hans", "en"], default="zh-hans")
    parser.set_defaults(handler=run)


def example_path() -> str:
    return str(resources.files("greencert") / "examples" / "assessment.json")


def run(args) -> int:
    name = example_path() if args.file == EXAMPLE else args.file
    scheme, data = read_input(name, args.scheme)
    assessment = assess_data(scheme, data)
    if args.json:
        out = score_output(assessment, args.lang)
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    render.print_assessment(assessment, args.lang)
    # Statistics advise; the scheme decides: they sit beside the result and change nothing in it.
    statistics = score_statistics(assessment)
    if statistics is not None:
        render.print_statistics(statistics, args.lang)
    return 0
