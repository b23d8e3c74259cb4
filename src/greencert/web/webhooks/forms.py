"""The endpoint forms: an address, a description, the events, and (optionally) a secret."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.web.webhooks.models import SUBSCRIBABLE


def _event_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(t.value, t.label) for t in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
    )


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("A public https address, e.g. https://erp.example.cn/in"),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"] = _event_field()


class NewEndpointForm(EndpointForm):
    secret = forms.CharField(
        label=_("Secret"),
        max_length=200,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to have a random secret made; it is shown to you once."),
    )


class ChangeEndpointForm(EndpointForm):
    is_active = forms.BooleanField(label=_("Active: send events to this address"), required=False)


class SecretForm(forms.Form):
    secret = forms.CharField(
        label=_("New secret"),
        max_length=200,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to have a random secret made."),
    )
