"""Forms of an organisation's record: the organisation, its contacts, sites, services
and GB/T 19001 certificates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.web.clients.models import (
    CONTACT_FIELDS,
    ORGANISATION_FIELDS,
    QMS_FIELDS,
    SERVICE_FIELDS,
    SITE_FIELDS,
    Contact,
    Organisation,
    QmsCertificate,
    Service,
    Site,
)
from greencert.web.fields import DateInput
from greencert.web.text_limits import model_text


class OrganisationForm(forms.ModelForm):
    """Name, address, 统一社会信用代码 and what the regulator's report asks besides; the model's
    clean() runs the GB 32100 check and the division code's and postcode's."""

    uscc_exception_reason = model_text(Organisation, "uscc_exception_reason", rows=2)

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS


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
        fields = CONTACT_FIELDS


class SiteForm(_UniqueNamePartForm):
    class Meta:
        model = Site
        fields = SITE_FIELDS


class ServiceForm(_UniqueNamePartForm):
    description = model_text(Service, "description")

    class Meta:
        model = Service
        fields = SERVICE_FIELDS


class QmsCertificateForm(_PartForm):
    """A GB/T 19001 certificate and the §5.2.2 exemption decision with its reason."""

    exemption_reason = model_text(
        QmsCertificate,
        "exemption_reason",
        help_text=_(
            "Required once the exemption is decided: the risk assessment behind the decision."
        ),
    )

    class Meta:
        model = QmsCertificate
        fields = QMS_FIELDS
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The certificate must end after it starts."))
        return data
