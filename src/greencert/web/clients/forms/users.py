"""Inviting a contact of an organisation to log in as its client user."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ClientUserInviteForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=None,
        help_text=_("Only contacts with an e-mail address can be invited."),
    )
    username = forms.CharField(label=_("User name"), max_length=150)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = organisation.contacts.exclude(email="").order_by("name")
