"""A service's refusal shown on the form: each problem on the field it names."""

from __future__ import annotations

from django import forms

from greencert.core.exceptions import GreenCertError


def add_problems(form: forms.Form, exc: GreenCertError) -> None:
    """Show each problem a service raised on the field it names (or above the form)."""
    for problem in exc.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message if field else str(problem))


def error_summary(form: forms.Form) -> list[str]:
    """“Field label: message” lines, so that a refusal always names the field."""
    labels = {name: field.label for name, field in form.fields.items()}
    lines = []
    for name, errors in form.errors.items():
        label = labels.get(name)
        lines += [f"{label}: {e}" if label else str(e) for e in errors]
    return lines
