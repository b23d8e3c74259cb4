"""Forms of the certificate, complaint and public register pages.

They check what a person typed; the services check again before storing
(and name the field of any problem they find, which :func:`add_problems`
puts back on the form).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greencert.web.accounts.models import Role, User
from greencert.web.certification.models import Certificate, Complaint, Decision
from greencert.web.projects.forms_projects import DateInput
from greencert.web.projects.models import Project


class CertificateFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("any status")), *Certificate.Status.choices]

    q = forms.CharField(label=_("search"), required=False)
    status = forms.ChoiceField(label=_("status"), choices=STATUS_CHOICES, required=False)


class IssueForm(forms.Form):
    granted_on = forms.DateField(label=_("grant date"), widget=DateInput())
    signatory = forms.CharField(label=_("authorised signatory"), max_length=100)

    def __init__(self, *args, decision: Decision, **kwargs):
        kwargs.setdefault(
            "initial",
            {"granted_on": decision.decided_on, "signatory": settings.CERTIFICATE_SIGNATORY},
        )
        super().__init__(*args, **kwargs)


class StatusChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the certificate's history; the public page never shows it."),
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


def _staff():
    return User.objects.filter(is_active=True).exclude(role=Role.CLIENT).order_by("username")


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("type"), choices=Complaint.Kind.choices)
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    complainant = forms.CharField(label=_("from"), max_length=200)
    subject = forms.CharField(label=_("subject"), widget=forms.Textarea(attrs={"rows": 4}))
    certificate = forms.ModelChoiceField(
        label=_("certificate concerned"), queryset=Certificate.objects.none(), required=False
    )
    project = forms.ModelChoiceField(
        label=_("project concerned"), queryset=Project.objects.none(), required=False
    )
    decision = forms.ModelChoiceField(
        label=_("decision appealed against"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("An appeal names the decision it contests."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = Certificate.objects.order_by("number")
        self.fields["certificate"].label_from_instance = lambda c: (
            f"{c.display_number} {c.organisation_name}"
        )
        self.fields["project"].queryset = Project.objects.select_related("organisation")
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.organisation.name}"
        self.fields["decision"].queryset = Decision.objects.select_related(
            "project__organisation"
        ).order_by("-decided_on", "-id")
        self.fields["decision"].label_from_instance = lambda d: (
            f"{d.project.code} r{d.revision} {d.decided_on:%Y-%m-%d} "
            f"{d.grade or d.get_outcome_display()} ({d.project.organisation.name})"
        )


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("handler"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = _staff()
        self.fields["handler"].label_from_instance = lambda u: f"{u} ({u.get_role_display()})"


class AcknowledgeForm(forms.Form):
    on = forms.DateField(label=_("acknowledged on"), widget=DateInput())


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea(attrs={"rows": 4}))
    communicated_on = forms.DateField(label=_("outcome communicated on"), widget=DateInput())
    communicated_how = forms.CharField(
        label=_("communicated how"),
        max_length=200,
        help_text=_("For example: letter, e-mail to the complainant, meeting."),
    )


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label=_("certificate number or organisation name"), max_length=200)
