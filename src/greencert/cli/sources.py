"""Reading assessment input for the command line: JSON (file or stdin) or an .xlsx workbook."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import scheme_label
from greencert.core.registry import get_scheme
from greencert.core.scheme import Scheme


def read_input(name: str, scheme_option: str | None = None) -> tuple[Scheme, object]:
    """Return the scheme to use and the decoded (not yet validated) input."""
    if name.lower().endswith(".xlsx"):
        from greencert.workbook import read_workbook

        scheme = get_scheme(scheme_option)
        path = Path(name)
        if not path.is_file():
            raise InputError(Problem(name, "no such file"))
        return scheme, read_workbook(scheme, path)
    if name == "-":
        text, where = sys.stdin.read(), "stdin"
    else:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(Problem(name, "no such file")) from None
        except UnicodeDecodeError:
            raise InputError(
                Problem(name, "is not UTF-8 text (JSON) nor an .xlsx workbook")
            ) from None
        where = name
    try:
        # Decimals straight from the text: an α of 0.85 never passes through a binary float.
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(f"{where} line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}")
        ) from None
    return get_scheme(scheme_option or scheme_label(data)), data
