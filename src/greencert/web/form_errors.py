"""A service's refusal shown on the form: each problem on the field it names, in the reader's language.

The core's problems carry a code and its parameters; they are worded here in the
language of the request (``problem.text(lang)``), never with ``str(problem)``, which
is the command line's English.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from greencert.core.exceptions import GreenCertError, Problem


def reader_language() -> str:
    """The core's language code for the active Django language ('zh-hans' or 'en')."""
    return "en" if (get_language() or "").lower().startswith("en") else "zh-hans"


def problem_text(problem: Problem) -> str:
    """The whole line, where and what: “工作表 E1 第 15 行（第 3.1 项）：…”.

    A message the web worded itself about one of its form fields (``field="due_date"``)
    is shown alone: the field's key is a name in the code, not a word for people.
    """
    if (
        not problem.code
        and _code_name(problem.field)
        and problem == Problem(field=problem.field, message=problem.message)
    ):
        return problem.message
    return problem.text(reader_language())


def _code_name(field: str | None) -> bool:
    return bool(field) and field.isascii() and field.isidentifier()


def problem_message(problem: Problem) -> str:
    """What is wrong, without where (shown beside the field or row it names)."""
    return problem.message_text(reader_language())


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    return [problem_text(p) for p in problems]


def add_problems(form: forms.Form, exc: GreenCertError) -> None:
    """Show each problem a service raised on the field it names (or above the form)."""
    for problem in exc.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem_message(problem) if field else problem_text(problem))


def add_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Django's ``ValidationError`` from a service: on the fields it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def labelled(label, message) -> str:
    """“Label: message”, with the colon as the reader writes it (full-width in Chinese)."""
    return _("%(label)s: %(message)s") % {"label": label, "message": message}


def error_summary(form: forms.Form) -> list[str]:
    """“Field label: message” lines, so that a refusal always names the field."""
    labels = {name: field.label for name, field in form.fields.items()}
    lines = []
    for name, errors in form.errors.items():
        label = labels.get(name)
        lines += [labelled(label, e) if label else str(e) for e in errors]
    return lines
