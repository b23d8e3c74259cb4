"""Confirmation of weighty acts: what the page says will happen, and the form that acts.

A weighty act (cancelling a project, freezing its result, issuing, suspending or
withdrawing a certificate, refusing an application) is taken only from a page that
lists its :class:`Consequences` for this record; the page's form carries the
``confirmed`` marker, and a POST without it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greencert.web.text_limits import NOTE, text_area


@dataclass
class Consequences:
    """What the act will do, in sentences about this record; whether and how it is undone."""

    lines: list[str] = field(default_factory=list)
    reversible: bool = False
    way_back: str = ""
    # What will make the act fail as things stand (shown above the button; the act still refuses).
    blockers: list[str] = field(default_factory=list)


class Confirmed(forms.Form):
    """A form posted from its act's confirmation page: without the page's marker, nothing is done.

    The marker keeps a POST made some other way (an old bookmark, a script, a stale button)
    from acting without the page that says what will happen.
    """

    confirmed = forms.CharField(
        widget=forms.HiddenInput, initial="yes", required=False, max_length=len("yes")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("confirmed") != "yes":
            raise forms.ValidationError(
                gettext("Read what will happen, then confirm on this page.")
            )
        return cleaned


class ConfirmWithReason(Confirmed):
    """The confirmation with a reason the record keeps: *required* where the act needs one."""

    reason = text_area(_("reason"), limit=NOTE, required=False)

    def __init__(self, *args, required: bool, label, required_message="", help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.label, reason.required, reason.help_text = label, required, help_text
        if required_message:
            reason.error_messages["required"] = required_message
