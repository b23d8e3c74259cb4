"""Reading assessment input for the command line: JSON (file or stdin) or an .xlsx workbook.

Whatever is wrong with the file itself — missing, a folder, not UTF-8, not
JSON, a key given twice, absurdly deep or long numbers — becomes an
:class:`InputError` naming the file, so the command exits 2 with one line.
"""

from __future__ import annotations

import sys
from pathlib import Path

from greencert.core.contract_text import decode_json
from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import scheme_label
from greencert.core.registry import get_scheme
from greencert.core.scheme import Scheme


def read_input(name: str, scheme_option: str | None = None) -> tuple[Scheme, object]:
    """Return the scheme to use and the decoded (not yet validated) input."""
    if name.lower().endswith(".xlsx"):
        from greencert.workbook import read_workbook

        path = Path(name)
        if not path.is_file():
            raise InputError(Problem(code="file.missing", source=name))
        # Without --scheme, the workbook is read as the scheme its own markers name.
        data = read_workbook(get_scheme(scheme_option) if scheme_option else None, path)
        return get_scheme(data["scheme"]), data
    text, where = _read_text(name)
    data = decode_json(text, where)
    named = scheme_label(data)
    if scheme_option and named and " ".join(named.split()) != " ".join(scheme_option.split()):
        params = {"named": repr(named), "asked": repr(scheme_option)}
        raise InputError(Problem(code="cli.scheme_mismatch", params=params, path="scheme"))
    return get_scheme(scheme_option or named), data


def _read_text(name: str) -> tuple[str, str]:
    try:
        if name == "-":
            return sys.stdin.buffer.read().decode("utf-8-sig"), "stdin"
        return Path(name).read_text(encoding="utf-8-sig"), name
    except FileNotFoundError:
        raise InputError(Problem(code="file.missing", source=name)) from None
    except UnicodeDecodeError:
        where = "stdin" if name == "-" else name
        raise InputError(Problem(code="file.not_text", source=where)) from None
    except OSError as exc:  # a folder, no permission, ...
        params = {"reason": str(exc.strerror or exc)}
        raise InputError(Problem(code="file.unreadable", params=params, source=name)) from None
