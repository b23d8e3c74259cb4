"""The certification scheme as data (RULES.md: "all numbers are data of the scheme").

A :class:`Scheme` is built from one TOML file (see ``schemes/``) by
:func:`load_scheme` and is validated as it loads: weights sum to 100, the
Likert bands are contiguous and cover [0, 1], clause points rise with the
level, the management bands cover every possible total and the grade rows
are ordered.

- :mod:`.model`: the dataclasses (the scheme's shape);
- :mod:`.loading`: TOML text to a scheme, and its content hash;
- :mod:`.checks`: the invariants, one function per rule family.
"""

from greencert.core.scheme.checks import check_scheme
from greencert.core.scheme.loading import content_hash, load_scheme
from greencert.core.scheme.model import (
    Chapter,
    Characteristic,
    Clause,
    GradeRow,
    Item,
    LikertBand,
    ManagementBand,
    MaturityLevel,
    Scheme,
)

__all__ = [
    "Chapter",
    "Characteristic",
    "Clause",
    "GradeRow",
    "Item",
    "LikertBand",
    "ManagementBand",
    "MaturityLevel",
    "Scheme",
    "check_scheme",
    "content_hash",
    "load_scheme",
]
