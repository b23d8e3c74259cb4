"""One value a person gives: an α, a Likert level, a clause's maturity level.

Each validator takes what was typed or decoded (text, int, Decimal, a
float from a spreadsheet) and returns the typed value, or raises
:class:`~greencert.core.exceptions.InputError` holding one
:class:`~greencert.core.exceptions.Problem` with its code and the value;
the caller adds where the value was (``problem.at(item="3.2")``).

>>> from greencert.core import default_scheme
>>> scheme = default_scheme()
>>> parse_alpha("0.85", scheme)
Decimal('0.85')
>>> parse_alpha("1.2", scheme)
Traceback (most recent call last):
...
greencert.core.exceptions.InputError: α 1.2 is outside [0, 1]

A :class:`Rating` is an item's α, and the Likert level when it was given
as one (§5.1.1 2: a level alone stands for the upper bound of its band):

>>> Rating.of_likert(4, scheme)
Rating(alpha=Decimal('0.8'), likert=4)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from greencert.core.exceptions import InputError, Problem
from greencert.core.rounding import decimal_places
from greencert.core.scheme import Scheme


def _refuse(code: str, given: object, **params: str) -> InputError:
    return InputError(Problem(code=code, params=params, value=given))


def shown(value: object) -> str:
    """A bad value as a person typed it: numbers plainly, anything else quoted.

    >>> shown(Decimal("1.5")), shown("x")
    ('1.5', "'x'")
    """
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def exact_number(value: object) -> Decimal | None:
    """A finite exact number, or None (NaN and Infinity are not numbers a person rates with).

    >>> exact_number(0.85), exact_number(" 3 "), exact_number("NaN")
    (Decimal('0.85'), Decimal('3'), None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        # Floats only reach us from callers that did not decode exactly (or as
        # JSON's NaN/Infinity); their shortest repr is what the person typed.
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def parse_alpha(value: object, scheme: Scheme) -> Decimal:
    """体验系数 α (§5.1.1 1): a number in [0, 1] with at most ``alpha_places`` decimals.

    >>> from greencert.core import default_scheme
    >>> parse_alpha(0.855, default_scheme())
    Traceback (most recent call last):
    ...
    greencert.core.exceptions.InputError: α 0.855 has more than 2 decimals
    """
    number = exact_number(value)
    if number is None:
        raise _refuse("alpha.not_number", value, value=shown(value))
    if not 0 <= number <= 1:
        raise _refuse("alpha.outside", value, value=str(value))
    if decimal_places(number) > scheme.alpha_places:
        places = str(scheme.alpha_places)
        raise _refuse("alpha.too_precise", value, value=str(value), places=places)
    return number


def parse_likert(value: object, scheme: Scheme) -> int:
    """A level of the scheme's Likert scale (§5.1.1 2), 1 to 5 in B/0.

    >>> from greencert.core import default_scheme
    >>> parse_likert("4", default_scheme())
    4
    >>> parse_likert(4.5, default_scheme())
    Traceback (most recent call last):
    ...
    greencert.core.exceptions.InputError: Likert level 4.5 is not one of 1–5
    """
    levels = range(1, len(scheme.likert) + 1)
    number = exact_number(value)
    if number is None or number != number.to_integral_value() or int(number) not in levels:
        low, high = str(levels[0]), str(levels[-1])
        raise _refuse("likert.not_level", value, value=shown(value), low=low, high=high)
    return int(number)


def parse_maturity(value: object, scheme: Scheme) -> int:
    """A clause's maturity level (§5.2.5, Appendix 3): 1 to 5 in B/0.

    >>> from greencert.core import default_scheme
    >>> parse_maturity(6, default_scheme())
    Traceback (most recent call last):
    ...
    greencert.core.exceptions.InputError: level 6 is not one of 1–5
    """
    top = len(scheme.maturity_levels)
    number = exact_number(value)
    if number is None or number != number.to_integral_value() or not 1 <= number <= top:
        raise _refuse("maturity.not_level", value, value=str(value), top=str(top))
    return int(number)


@dataclass(frozen=True)
class Rating:
    """One item's rating: its α, and the Likert level when it was given as one."""

    alpha: Decimal
    likert: int | None = None

    @classmethod
    def of_alpha(cls, alpha: Decimal, scheme: Scheme) -> Rating:
        """An α already read as a Decimal (still checked: range and decimals).

        >>> from greencert.core import default_scheme
        >>> Rating.of_alpha(Decimal("0.85"), default_scheme())
        Rating(alpha=Decimal('0.85'), likert=None)
        """
        return cls(parse_alpha(alpha, scheme))

    @classmethod
    def of_likert(cls, level: int, scheme: Scheme) -> Rating:
        """A Likert level; its α is the one the scheme maps the level to (§5.1.1 2)."""
        level = parse_likert(level, scheme)
        return cls(scheme.likert_band(level).alpha, level)
