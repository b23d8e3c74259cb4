"""Form widgets and fields every app uses."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO date it sends and shows."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def optional_text(label, *, limit: int, rows: int = 3) -> forms.CharField:
    """A text area the form does not require: the service says what is missing, in one place.

    *limit*: the most characters it takes (:mod:`greencert.web.text_limits`).
    """
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        strip=False,
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe): a list, empty when none.

    Each file's kind and content are the service's to check (``upload_checks``).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, (list, tuple)):
            return [one(d, initial) for d in data]
        return [one(data, initial)] if data else []
