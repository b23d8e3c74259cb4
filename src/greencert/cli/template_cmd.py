"""``greencert template --out sheet.xlsx``: a workbook to fill offline in Excel or WPS."""

from __future__ import annotations

from greencert.core.registry import get_scheme


def register(commands) -> None:
    parser = commands.add_parser("template", help="write an Excel workbook to fill offline")
    parser.add_argument("--out", required=True, help="where to write the .xlsx")
    parser.add_argument("--evaluations", type=int, default=3, help="evaluation sheets (default 3)")
    parser.add_argument("--scheme")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from greencert.workbook import write_template

    write_template(get_scheme(args.scheme), args.out, evaluations=args.evaluations)
    print(args.out)
    return 0
