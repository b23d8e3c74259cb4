"""Forms of an application for certification and its review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.web.clients.models import (
    Application,
    Organisation,
    Service,
    Site,
)
from greencert.web.listing import ListFilterForm
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
    """Accepting, on the application page (a refusal has its own confirmation page)."""

    decision = forms.ChoiceField(
        choices=[(Application.Status.ACCEPTED, _("Accept"))],
        initial=Application.Status.ACCEPTED,
        widget=forms.HiddenInput,
    )
    reason = text_area(
        _("Note (optional)"),
        limit=NOTE,
        required=False,
        help_text=_("The applicant reads it on the application page."),
    )

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == Application.Status.ACCEPTED


class ApplicationFilterForm(ListFilterForm):
    """The application list's filters; the date range is the day submitted."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Application.Status.choices]
    )
