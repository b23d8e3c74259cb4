"""A scheme as plain data (for ``greencert scheme export`` and APIs)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from greencert.core.scheme import Scheme


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def scheme_as_dict(scheme: Scheme) -> dict:
    """Every field of the scheme; decimals as strings, exactly as written in the scheme file."""
    data = _plain(scheme)
    data["weights_total"] = sum(c.weight for c in scheme.characteristics)
    return data
