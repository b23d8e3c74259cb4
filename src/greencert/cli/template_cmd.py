"""``greencert template --out sheet.xlsx``: a workbook to fill offline in Excel or WPS."""

from __future__ import annotations

import argparse

from greencert.core.exceptions import InputError, Problem
from greencert.core.registry import get_scheme


def sheet_count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 200:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and 200")
    return value


def register(commands) -> None:
    parser = commands.add_parser("template", help="write an Excel workbook to fill offline")
    parser.add_argument("--out", required=True, help="where to write the .xlsx")
    parser.add_argument(
        "--evaluations", type=sheet_count, default=3, help="evaluation sheets, 1–200 (default 3)"
    )
    parser.add_argument("--scheme")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from greencert.workbook import write_template

    try:
        write_template(get_scheme(args.scheme), args.out, evaluations=args.evaluations)
    except OSError as exc:
        params = {"reason": str(exc.strerror or exc)}
        raise InputError(Problem(code="file.unwritable", params=params, source=args.out)) from None
    print(args.out)
    return 0
