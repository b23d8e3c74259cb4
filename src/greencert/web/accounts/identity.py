"""Identity documents of the body's people: the type codes the regulator's report uses, the
check of a number against its type, and the masked form shown outside the administrator's page.

The number is personal data: only administrators see it whole (``accounts.access``), every
other page shows :func:`masked`, and the audit trail records that it changed, never its value.

>>> normalised(" 11010519491231002x ")
'11010519491231002X'
>>> problem("01", "11010519491231002X") is None
True
>>> problem("01", "110105194912310021") is not None  # its check character is "X"
True
>>> masked("11010519491231002X")
'1101**********002X'
>>> masked("E1234")
'E1**4'
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


class DocumentType(models.TextChoices):
    """The ID-document type codes of the regulator's report (证件类型)."""

    RESIDENT_ID = "01", _("Resident identity card")
    PASSPORT = "02", _("Passport")
    HK_MACAO_PERMIT = "03", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "04", _("Mainland travel permit for Taiwan residents")
    OTHER = "99", _("Other")


# Passports and permits: letters and digits only; "other" may also have hyphens and brackets.
PLAIN_NUMBER = re.compile(r"[A-Z0-9]{4,40}")
OTHER_NUMBER = re.compile(r"[A-Z0-9()\-]{2,40}")


def normalised(number: str) -> str:
    """Upper case without any whitespace, as the regulator's report writes it."""
    return re.sub(r"\s+", "", number or "").upper()


def problem(kind: str, number: str):
    """Why *number* is not a valid number for a document of type *kind*, or None."""
    number = normalised(number)
    if kind == DocumentType.RESIDENT_ID:
        return _resident_id_problem(number)
    pattern = OTHER_NUMBER if kind == DocumentType.OTHER else PLAIN_NUMBER
    if not pattern.fullmatch(number):
        return _("it may only hold letters and digits (4 to 40)")
    return None


def _resident_id_problem(number: str):
    try:
        ric.validate(number)
    except InvalidLength:
        return _("a resident identity card number has 18 characters")
    except InvalidChecksum:
        return _("the check digit does not match (GB 11643)")
    except InvalidComponent:
        return _("the birth date or the place code in it is not valid")
    except StdnumError:
        return _("it must be 17 digits and a check character")
    return None


def masked(number: str) -> str:
    """The number with all but its first and last characters hidden (4 each for long numbers)."""
    if not number:
        return ""
    keep = 4 if len(number) >= 12 else 2 if len(number) >= 5 else 1
    tail = 4 if len(number) >= 12 else 1
    return number[:keep] + "*" * (len(number) - keep - tail) + number[-tail:]
