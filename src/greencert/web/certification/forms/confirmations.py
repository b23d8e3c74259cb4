"""The form of a confirmation page: the reason the record keeps, required where it needs one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greencert.web.text_limits import NOTE, text_area


class ConfirmForm(forms.Form):
    """``confirmed`` is sent only by the confirmation page; *required*: the act needs a reason."""

    confirmed = forms.CharField(widget=forms.HiddenInput, initial="yes")
    reason = text_area(_("reason"), limit=NOTE, required=False)

    def __init__(self, *args, required: bool, label, required_message="", help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        reason.label, reason.required, reason.help_text = label, required, help_text
        if required_message:
            reason.error_messages["required"] = required_message


class Confirmed(forms.Form):
    """A form posted from its act's confirmation page: without the page's marker, nothing is done.

    The marker keeps a POST made some other way (an old bookmark, a script, a stale button)
    from acting without the page that says what will happen.
    """

    confirmed = forms.CharField(widget=forms.HiddenInput, initial="yes", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("confirmed") != "yes":
            raise forms.ValidationError(
                gettext("Read what will happen, then confirm on this page.")
            )
        return cleaned
