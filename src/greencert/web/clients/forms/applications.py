"""Forms of an application for certification and its review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greencert.web.clients.models import (
    Application,
    Organisation,
    Service,
    Site,
)
from greencert.web.text_limits import NOTE, SCOPE, text_area


class ApplicationForm(forms.Form):
    """What an organisation applies for: only its own services and sites can be chosen."""

    scope = text_area(
        _("Requested scope"),
        limit=SCOPE,
        help_text=_("The services and places to certify, in the words of the certificate."),
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Services"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service.")},
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one site.")},
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # Limiting the choices is what refuses another organisation's ids.
        self.fields["services"].queryset = organisation.services.all()
        self.fields["sites"].queryset = organisation.sites.all()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("application review", "Decision"),
        choices=[
            (Application.Status.ACCEPTED, _("Accept")),
            (Application.Status.REFUSED, _("Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    reason = text_area(
        _("Reason"),
        limit=NOTE,
        required=False,
        help_text=_("Required for a refusal; the applicant reads it."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == Application.Status.REFUSED
            and not data.get("reason", "").strip()
        ):
            self.add_error("reason", _("A refusal needs its reason."))
        return data

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == Application.Status.ACCEPTED
