"""Errors raised by the core, each a list of :class:`Problem` kept as data.

A problem is a message code with its parameters (rendered in Chinese or
English from :mod:`greencert.core.problem_messages`, as
:class:`~greencert.core.explanation.Note` is) and the location of the bad
value: the evaluation and item, the clause, the sheet and row, the file
and key.  Callers (the command line, forms, the API) catch
:class:`GreenCertError` and either show each problem (``str(problem)`` is
the English line, ``problem.text("zh-hans")`` the Chinese one) or put it
back where it belongs (``problem.item``, ``problem.clause``,
``problem.field``), never parsing the text.

>>> p = Problem(code="alpha.outside", params={"value": "1.2"}, evaluation="E1", item="3.2")
>>> str(p)
'E1 item 3.2: α 1.2 is outside [0, 1]'
>>> p.text("zh-hans")
'E1 第 3.2 项：α 1.2 不在 [0, 1] 范围内'

A caller that words its own message (a web form, already translated)
gives it ready, with the field it is about:

>>> str(Problem(field="due_date", message="the due date is in the past"))
'due_date: the due date is in the past'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from greencert.core.problem_messages import MESSAGES, WHERE


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with the input: what (``code``, ``params``), where, and the value.

    Location fields, all optional: ``source`` (a file or stream), ``line``
    and ``column`` (in that text), ``key`` (an object key of the JSON),
    ``path`` (a key of the input or of the scheme file: ``maturity``,
    ``likert[2].lower``), ``sheet`` and ``row`` (of a workbook),
    ``evaluation``, ``item``, ``clause`` and ``nonconformity`` (by id), ``step``
    (of a service blueprint, from 1), and
    ``field`` (a form field, a labelled field of a sheet, or a key inside
    an item or clause of the scheme file).  ``value`` is the offending
    value as it was given.

    ``message`` is the English text: derived from the code, or given ready
    by a caller without a code (then it is shown in every language).
    """

    code: str = ""
    params: dict[str, str] = dataclasses.field(default_factory=dict, hash=False)
    message: str = ""
    source: str | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None
    path: str | None = None
    sheet: str | None = None
    row: int | None = None
    evaluation: str | None = None
    item: str | None = None
    clause: str | None = None
    nonconformity: str | None = None
    step: int | None = None
    field: str | None = None
    value: object = dataclasses.field(default=None, hash=False)

    def __post_init__(self) -> None:
        if self.code:
            object.__setattr__(self, "message", self.message_text("en"))
        elif not self.message:
            raise ValueError("a Problem needs a code or a ready message")

    def message_text(self, lang: str = "zh-hans") -> str:
        """The message alone, in *lang* (a ready message is the same in every language)."""
        if not self.code:
            return self.message
        templates = MESSAGES[self.code]
        return (templates.get(lang) or templates["zh-hans"]).format(**self.params)

    def where_text(self, lang: str = "zh-hans") -> str:
        """The location as a person reads it, e.g. ``sheet E1 row 7 (item 1.2)``."""
        words = WHERE[_language(lang)]
        parts = [self.source] if self.source else []
        if self.line is not None:
            parts.append(words["line"].format(line=self.line, column=self.column))
        if self.key is not None:
            parts.append(words["key"].format(key=repr(self.key)))
        if self.path:
            parts.append(words.get(f"path:{self.path}", self.path))
        if self.sheet:
            parts.append(words["sheet"].format(sheet=self.sheet))
        if self.row is not None:
            parts.append(words["row"].format(row=self.row))
        if self.evaluation:
            parts.append(self.evaluation)
        if self.step is not None:
            parts.append(words["step"].format(step=self.step))
        subject = self._subject(words)
        if subject and parts and self.row is not None:
            parts[-1] += words["aside"].format(subject=subject)  # sheet E1 row 7 (item 1.2)
        elif subject:
            parts.append(subject)
        return " ".join(parts)

    def _subject(self, words: dict[str, str]) -> str:
        """The item, clause, nonconformity or field the problem is about, if any."""
        if self.item:
            subject = words["item"].format(item=self.item)
        elif self.clause:
            subject = words["clause"].format(clause=self.clause)
        elif self.nonconformity and self.row is None:
            subject = self.nonconformity  # named by its id alone, as an evaluation is
        elif self.nonconformity:
            subject = words["nonconformity"].format(id=self.nonconformity)
        else:
            return words.get(f"field:{self.field}", self.field or "")
        return f"{subject}{words['part']}{self.field}" if self.field else subject

    @property
    def where(self) -> str:
        """The English location (the form every existing line shows)."""
        return self.where_text("en")

    def text(self, lang: str = "zh-hans") -> str:
        """The whole line in *lang*: ``where: message`` (or the message alone)."""
        where, message = self.where_text(lang), self.message_text(lang)
        return f"{where}{WHERE[_language(lang)]['colon']}{message}" if where else message

    def at(self, **location) -> Problem:
        """The same problem with more of its location filled in."""
        return dataclasses.replace(self, **location)

    def __str__(self) -> str:
        return self.text("en")


def _language(lang: str) -> str:
    return "en" if lang == "en" else "zh-hans"


class GreenCertError(Exception):
    """Base class of every error the core raises on purpose."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def texts(self, lang: str = "zh-hans") -> list[str]:
        """Every problem as one line in *lang*."""
        return [p.text(lang) for p in self.problems]


class SchemeError(GreenCertError):
    """A scheme file is malformed or breaks one of the scheme's invariants."""


class InputError(GreenCertError):
    """Assessment input (evaluations, maturity levels, nonconformities) is invalid."""
