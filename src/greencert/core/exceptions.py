"""Errors raised by the core.

Every error carries a human message.  Callers (the command line, forms,
the API) catch :class:`GreenCertError` and show its problems; each
:class:`Problem` names where the bad value is (evaluation and item,
clause, sheet and row, or scheme key) so that a person can find it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where it is.

    ``where`` is a short location such as ``"E1 item 3.2"``,
    ``"maturity clause 4.1"`` or ``"sheet E1 row 7"``.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class GreenCertError(Exception):
    """Base class of every error the core raises on purpose."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class SchemeError(GreenCertError):
    """A scheme file is malformed or breaks one of the scheme's invariants."""


class InputError(GreenCertError):
    """Assessment input (evaluations, maturity levels, nonconformities) is invalid."""
