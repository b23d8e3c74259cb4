"""``greencert report FILE --out report.pdf``: the assessment report as a PDF.

FILE is read exactly as ``greencert score`` reads it (.json, '-', .xlsx or
'example').  What the input contract does not hold (organisation, scope,
team...) comes from ``--context FILE.json`` and the options below.  A result
computed on the command line is not a certification decision, so the report
is stamped 草稿 (draft) unless ``--final`` is given.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from greencert.cli.report_exemption import check_against_result, check_exemption
from greencert.cli.score_cmd import EXAMPLE, example_path
from greencert.cli.sources import read_input
from greencert.core.assessment import assess_data
from greencert.core.assessment_input import Checklists
from greencert.core.blueprint import Blueprint
from greencert.core.exceptions import InputError, Problem
from greencert.core.reference_labels import reference_label
from greencert.core.score_output import score_outputs

CONTEXT_KEYS = {
    "organisation",
    "address",
    "scope",
    "sites",
    "project_code",
    "date",
    "team",
    "nonconformities",
    "blueprints",
    "exemption",
    "signatures",
}


def register(commands) -> None:
    parser = commands.add_parser(
        "report",
        help="write the assessment report as a PDF (draft unless --final)",
        description="Score an assessment and write its report as a PDF. Exit 0 when written, "
        "2 on invalid input, 1 when no Chinese font is installed.",
    )
    parser.add_argument(
        "file", metavar="FILE", help=f"a .json or .xlsx file, '-' for stdin, or '{EXAMPLE}'"
    )
    parser.add_argument("--out", required=True, help="where to write the .pdf")
    stamp = parser.add_mutually_exclusive_group()
    stamp.add_argument(
        "--draft", dest="draft", action="store_true", default=True, help="stamp 草稿 (default)"
    )
    stamp.add_argument("--final", dest="draft", action="store_false", help="no draft stamp")
    parser.add_argument(
        "--context",
        metavar="CONTEXT.json",
        help="organisation, address, scope, sites, project_code, date, team, signatures, "
        "blueprints, exemption (the §5.2.2 record)...",
    )
    parser.add_argument("--organisation")
    parser.add_argument("--scope")
    parser.add_argument("--project-code")
    parser.add_argument(
        "--scheme", help="scheme, e.g. 'CTS TBSC041-2026 B/0' (default: the input's)"
    )
    parser.set_defaults(handler=run)


def read_context(name: str) -> dict:
    path = Path(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(Problem(code="file.missing", source=name)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        params = {"reason": str(exc)}
        raise InputError(Problem(code="json.not_utf8_json", params=params, source=name)) from None
    if not isinstance(data, dict):
        raise InputError(Problem(code="input.not_object", source=name))
    unknown = sorted(data.keys() - CONTEXT_KEYS)
    if unknown:
        params = {"known": ", ".join(sorted(CONTEXT_KEYS))}
        raise InputError(
            [
                Problem(code="context.unknown_key", params=params, source=name, path=key)
                for key in unknown
            ]
        )
    if "blueprints" in data:
        _check_blueprints(name, data["blueprints"])
    if "exemption" in data:
        check_exemption(name, data["exemption"])
    return data


def _check_blueprints(name: str, entries: object) -> None:
    """Each §4.2.2 2)① blueprint, checked by the core before anything is printed."""
    if not isinstance(entries, list):
        raise InputError(Problem(code="input.not_list", source=name, key="blueprints"))
    problems: list[Problem] = []
    for n, entry in enumerate(entries):
        where = {"source": name, "key": f"blueprints[{n}]"}
        if not isinstance(entry, dict) or set(entry) != {"site", "service", "blueprint"}:
            problems.append(Problem(code="context.bad_blueprint", **where))
            continue
        try:
            Blueprint.of(entry["blueprint"])
        except InputError as exc:
            problems += [p.at(**where) for p in exc.problems]
    if problems:
        raise InputError(problems)


def example_context() -> dict:
    text = (resources.files("greencert") / "examples" / "report_context.json").read_text("utf-8")
    return json.loads(text)


def run(args) -> int:
    from greencert.reports import FontMissing, build_assessment_report
    from greencert.reports.adapters import statistics_entry

    name = example_path() if args.file == EXAMPLE else args.file
    scheme, data = read_input(name, args.scheme)
    assessment = assess_data(scheme, data)
    if args.context:
        context = read_context(args.context)
    elif args.file == EXAMPLE:
        context = example_context()
    else:
        context = {}
    for key in ("organisation", "scope", "project_code"):
        if getattr(args, key):
            context[key] = getattr(args, key)
    checklists = Checklists(
        scheme, assessment.input.qms_checklist, assessment.input.specific_checklist
    )
    context.setdefault(
        "nonconformities",
        [
            {
                "id": nc.id,
                "reference": reference_label(nc.ref, checklists),
                "severity": nc.severity,
                "status": nc.status,
            }
            for nc in assessment.input.nonconformities
        ],
    )
    context["draft"] = args.draft
    outputs = score_outputs(assessment, agreement_resamples=0)  # the report shows no agreement
    result = outputs["zh-hans"]
    context["statistics"] = statistics_entry(result["statistics"], outputs["en"]["statistics"])
    if "exemption" in context:
        judged = (result.get("qms") or {}).get("exemption")
        check_against_result(args.context, context["exemption"], judged)
    try:
        pdf = build_assessment_report(result, context)
    except FontMissing as exc:
        print(f"greencert report: {exc}", file=sys.stderr)
        return 1
    try:
        Path(args.out).write_bytes(pdf)
    except OSError as exc:
        params = {"reason": str(exc.strerror or exc)}
        raise InputError(Problem(code="file.unwritable", params=params, source=args.out)) from None
    print(args.out)
    return 0
