"""Exact arithmetic helpers: the one place where figures are rounded.

Scores are kept as :class:`fractions.Fraction` while computing (a mean of
three scores is not a finite decimal) and rounded half-up only when a
figure is shown or compared, as RULES.md §1 requires.

>>> from fractions import Fraction
>>> str(round_half_up(Fraction(18990, 200), 1))   # 94.95
'95.0'
>>> str(round_half_up(Fraction(8994, 100), 1))    # 89.94
'89.9'
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor

Number = int | Decimal | Fraction


def as_fraction(value: Number) -> Fraction:
    """Return *value* as an exact fraction (never through a binary float)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        return Fraction(value)
    raise TypeError(f"not an exact number: {value!r}")


def round_half_up(value: Number, places: int) -> Decimal:
    """Round *value* half away from zero to *places* decimals, exactly."""
    value = as_fraction(value)
    scale = 10**places
    scaled = abs(value) * scale
    rounded = floor(scaled + Fraction(1, 2))
    if value < 0:
        rounded = -rounded
    return Decimal(rounded).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def cut(value: Number, places: int) -> str:
    """*value* at *places* decimals: exact when it has no more, else cut (never rounded) there
    and followed by "…", so that it cannot seem to contradict a figure rounded from it.

    >>> cut(Fraction(241, 300), 4), cut(Fraction(3, 4), 4), cut(Fraction(-1, 3), 2)
    ('0.8033…', '0.7500', '-0.33…')
    """
    value = as_fraction(value)
    scaled = abs(value) * 10**places
    digits = Decimal(floor(scaled)).scaleb(-places).quantize(Decimal(1).scaleb(-places))
    sign = "-" if value < 0 else ""
    return f"{sign}{digits}…" if scaled.denominator != 1 else f"{sign}{digits}"


def decimal_places(value: Decimal) -> int:
    """How many decimals *value* is written with, ignoring trailing zeros.

    >>> decimal_places(Decimal("0.850"))
    2
    """
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN or Infinity: no decimals to speak of
        return 0
    # Trailing zeros do not count; counted exactly (normalize() would round to the context).
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros))
