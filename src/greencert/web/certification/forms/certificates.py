"""Certificate forms: the list filter, issuing, changing status, surveillance follow-up,
and the public register's search."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greencert.web.certification.models import Certificate, Decision
from greencert.web.confirmation import Confirmed
from greencert.web.fields import DateInput
from greencert.web.listing import ListFilterForm
from greencert.web.projects.models import Project
from greencert.web.text_limits import LINE, NOTE, text_area


class CertificateFilterForm(ListFilterForm):
    """The certificate list's filters; the date range is the grant date."""

    STATUS_CHOICES = [("", _("any status")), *Certificate.Status.choices]

    q = forms.CharField(label=_("search"), required=False, max_length=LINE)
    status = forms.ChoiceField(label=_("status"), choices=STATUS_CHOICES, required=False)


class IssueForm(Confirmed):
    granted_on = forms.DateField(label=_("grant date"), widget=DateInput())
    signatory = forms.CharField(label=_("authorised signatory"), max_length=100)

    def __init__(self, *args, decision: Decision, **kwargs):
        kwargs.setdefault(
            "initial",
            {"granted_on": decision.decided_on, "signatory": settings.CERTIFICATE_SIGNATORY},
        )
        super().__init__(*args, **kwargs)


class StatusChangeForm(Confirmed):
    reason = text_area(
        _("reason"),
        limit=NOTE,
        help_text=_("Kept in the certificate's history; the public page never shows it."),
        error_messages={"required": _("Give the reason for this change of status.")},
    )


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("type"),
        choices=[
            (Project.Kind.SURVEILLANCE, Project.Kind.SURVEILLANCE.label),
            (Project.Kind.RECERTIFICATION, Project.Kind.RECERTIFICATION.label),
        ],
    )
    planned_start = forms.DateField(label=_("planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("planned end"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", gettext("The planned end is before the planned start."))
        return cleaned


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label=_("certificate number or organisation name"), max_length=200)
