"""Forms of the clients area.  They check what a person typed; the services
check again before storing, so a form is never the only guard."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.web.clients.models import (
    Application,
    Contact,
    Organisation,
    QmsCertificate,
    Service,
    Site,
)


class OrganisationForm(forms.ModelForm):
    """Name, address and 统一社会信用代码; the model's clean() runs the GB 32100 check."""

    class Meta:
        model = Organisation
        fields = ["name", "address", "uscc", "uscc_exception_reason"]
        widgets = {"uscc_exception_reason": forms.Textarea(attrs={"rows": 2})}


class _PartForm(forms.ModelForm):
    """A contact, site or service of one organisation (given, never chosen in the form)."""

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if not self.instance.pk:
            self.instance.organisation = organisation


class _UniqueNamePartForm(_PartForm):
    """Sites and services are unique by name within their organisation.

    The organisation is not a form field, so Django would skip that
    constraint here: check it ourselves to name the field in the error.
    """

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = self._meta.model.objects.filter(organisation=self.organisation, name=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("%(organisation)s already has “%(name)s”."),
                params={"organisation": self.organisation, "name": name},
                code="duplicate",
            )
        return name


class ContactForm(_PartForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "phone", "email"]


class SiteForm(_UniqueNamePartForm):
    class Meta:
        model = Site
        fields = ["name", "address"]


class ServiceForm(_UniqueNamePartForm):
    class Meta:
        model = Service
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class QmsCertificateForm(_PartForm):
    """A GB/T 19001 certificate and the §5.2.2 exemption decision with its reason."""

    class Meta:
        model = QmsCertificate
        fields = [
            "number",
            "issuer",
            "accredited",
            "valid_from",
            "valid_until",
            "exemption",
            "exemption_reason",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "exemption_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "exemption_reason": _(
                "Required once the exemption is decided: the risk assessment behind the decision."
            )
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The certificate must end after it starts."))
        return data


class ApplicationForm(forms.Form):
    """What an organisation applies for: only its own services and sites can be chosen."""

    scope = forms.CharField(
        label=_("Requested scope"),
        widget=forms.Textarea(attrs={"rows": 3}),
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
        label=_("Decision"),
        choices=[
            (Application.Status.ACCEPTED, _("Accept")),
            (Application.Status.REFUSED, _("Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
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
