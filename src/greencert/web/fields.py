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
