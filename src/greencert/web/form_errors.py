"""A service's refusal shown on the form: each problem on the field it names."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from greencert.core.exceptions import GreenCertError


def add_problems(form: forms.Form, exc: GreenCertError) -> None:
    """Show each problem a service raised on the field it names (or above the form)."""
    for problem in exc.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message if field else str(problem))


def add_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Django's ``ValidationError`` from a service: on the fields it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def error_summary(form: forms.Form) -> list[str]:
    """“Field label: message” lines, so that a refusal always names the field."""
    labels = {name: field.label for name, field in form.fields.items()}
    lines = []
    for name, errors in form.errors.items():
        label = labels.get(name)
        lines += [f"{label}: {e}" if label else str(e) for e in errors]
    return lines
