"""An organisation's administrative division code (GB/T 2260, 行政区划代码) and postcode.

The codes are looked up in python-stdnum's table of GB/T 2260 codes (the one its resident-ID
check uses), which keeps codes that were renamed or withdrawn with the years they were valid:
a code the table does not know is refused.

>>> division_name("360111")
'江西省 青山湖区'
>>> region_code_problem("3601") is not None, region_code_problem("369999") is not None
(True, True)
>>> postcode_problem("33000") is not None, postcode_problem("330000") is None
(True, True)
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from stdnum import numdb

SIX_DIGITS = re.compile(r"[0-9]{6}")
# "[1983-2001]郊区,[2002-]青山湖区": the last name is the current one.
PERIOD = re.compile(r"\[[0-9-]*\]")


def _lookup(code: str) -> tuple[str, str]:
    parts = numdb.get("cn/loc").info(code)
    province = parts[0][1].get("province", "") if parts else ""
    county = parts[1][1].get("county", "") if len(parts) > 1 else ""
    return province, county


def division_name(code: str) -> str:
    """The province and the division's current name, or "" for a code the table lacks."""
    if not SIX_DIGITS.fullmatch(code or ""):
        return ""
    province, county = _lookup(code)
    if not county:
        return ""
    current = PERIOD.sub("", county.split(",")[-1])
    return province if current == province else f"{province} {current}"


def region_code_problem(code: str):
    """Why *code* is not a division code, or None."""
    if not SIX_DIGITS.fullmatch(code):
        return _("it must have 6 digits")
    if not division_name(code):
        return _("it is not a GB/T 2260 division code")
    return None


def postcode_problem(code: str):
    """Why *code* is not a postcode (6 digits), or None."""
    if not SIX_DIGITS.fullmatch(code):
        return _("it must have 6 digits")
    return None
