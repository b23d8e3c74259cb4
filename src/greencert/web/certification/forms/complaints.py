"""Complaint and appeal forms: registering, assigning a handler, acknowledging, closing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.web.accounts.models import Role, User
from greencert.web.certification.models import Certificate, Complaint, Decision
from greencert.web.fields import DateInput
from greencert.web.listing import ListFilterForm
from greencert.web.projects.models import Project
from greencert.web.text_limits import TEXT, text_area


def _staff():
    return User.objects.filter(is_active=True).exclude(role=Role.CLIENT).order_by("username")


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("type"), choices=Complaint.Kind.choices)
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    complainant = forms.CharField(label=_("from"), max_length=200)
    subject = text_area(_("subject"), limit=TEXT, rows=4)
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


SHOWN = [("open", _("Open")), ("overdue", _("Overdue")), ("all", _("All"))]


class ComplaintFilterForm(ListFilterForm):
    """The register's filters: which cases (open by default), a text, the day received."""

    show = forms.ChoiceField(label=_("Show"), required=False, choices=SHOWN)
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class AssignForm(forms.Form):
    """The list offers only people who may handle the case (not those who evaluated or decided
    its project); any other staff member posted is still refused by the service, which keeps
    the refused attempt on record."""

    handler = forms.ModelChoiceField(label=_("handler"), queryset=User.objects.none())

    def __init__(self, *args, barred: set[int] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["handler"]
        field.queryset = _staff()
        field.choices = [("", field.empty_label)] + [
            (u.pk, f"{u} ({u.get_role_display()})") for u in _staff().exclude(pk__in=barred)
        ]


class AcknowledgeForm(forms.Form):
    on = forms.DateField(label=_("acknowledged on"), widget=DateInput())


class CloseForm(forms.Form):
    outcome = text_area(_("outcome"), limit=TEXT, rows=4)
    communicated_on = forms.DateField(label=_("outcome communicated on"), widget=DateInput())
    communicated_how = forms.CharField(
        label=_("communicated how"),
        max_length=200,
        help_text=_("For example: letter, e-mail to the complainant, meeting."),
    )
