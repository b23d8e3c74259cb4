"""Cell values as the person meant them, never as binary floats.

Excel stores every number as a binary float: 0.85 arrives as the float
nearest 0.85.  Its shortest ``repr`` is what was typed, so it becomes
``Decimal("0.85")`` here and nowhere keeps the float.  Formula cells are
recognised so that the reader can refuse them where a value is expected:
their cached result may be stale or absent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from greencert.workbook.layout import label_of
from greencert.workbook.limits import Sheet


def is_formula(cell) -> bool:
    return cell.data_type == "f"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def exact(value: object) -> object:
    """A number exactly as typed: floats become Decimals, text is stripped, ints stay."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return value.strip()
    return value


def text(value: object) -> str:
    """A cell as text: ids typed into a number cell (1.1, 3) come back as written."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(exact(value))


def find_row(ws: Sheet, label: str, default: int) -> int:
    """The row whose column A carries *label* (a table header), else *default*."""
    for (cell,) in ws.iter_rows(max_col=1):
        if label_of(cell.value) == label:
            return cell.row
    return default
