"""The scoring contract's JSON text read into values, the same for the command line and the API.

Numbers with a fraction are read straight into ``Decimal`` (an α of 0.85 never
passes through a binary float); a key given twice, invalid JSON or an absurd
number becomes an :class:`InputError` naming *where* the text came from.

>>> decode_json('{"alpha": 0.85}', "stdin")
{'alpha': Decimal('0.85')}
>>> decode_json('{"a": 1, "a": 2}', "stdin")
Traceback (most recent call last):
...
greencert.core.exceptions.InputError: key 'a': ...
"""

from __future__ import annotations

import json
from decimal import Decimal

from greencert.core.exceptions import InputError, Problem


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    data = {}
    for key, value in pairs:
        if key in data:
            raise InputError(Problem(code="json.key_twice", key=key))
        data[key] = value
    return data


def decode_json(text: str, where: str) -> object:
    try:
        # Decimals straight from the text: an α of 0.85 never passes through a binary float.
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        params = {"reason": exc.msg}
        at = {"source": where, "line": exc.lineno, "column": exc.colno}
        raise InputError(Problem(code="json.invalid", params=params, **at)) from None
    except (ValueError, RecursionError) as exc:  # e.g. a 5,000-digit number, 100,000 nested [
        params = {"reason": str(exc)}
        raise InputError(Problem(code="json.unusable", params=params, source=where)) from None
