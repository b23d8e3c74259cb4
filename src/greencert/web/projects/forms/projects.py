"""Project forms: choosing the organisation, creating a project, changing its plan, the list filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greencert.core.registry import DEFAULT_SCHEME, available_schemes
from greencert.web.clients.models import Organisation, Service, Site
from greencert.web.fields import DateInput
from greencert.web.listing import ListFilterForm
from greencert.web.projects.models import AuditMode, Project
from greencert.web.text_limits import SCOPE, text_area


class PlanFields(forms.Form):
    """Scope, planned dates, sites and services: what create and edit share."""

    scope = text_area(_("scope"), limit=SCOPE)
    planned_start = forms.DateField(label=_("planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("planned end"), widget=DateInput())
    sites = forms.ModelMultipleChoiceField(
        label=_("sites"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services = forms.ModelMultipleChoiceField(
        label=_("services"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def limit_to(self, organisation: Organisation) -> None:
        """Offer only the sites and services of *organisation*: others are invalid choices."""
        self.fields["sites"].queryset = Site.objects.filter(organisation=organisation)
        self.fields["services"].queryset = Service.objects.filter(organisation=organisation)

    def check_plan(self, cleaned: dict) -> None:
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", gettext("The planned end is before the planned start."))


class OrganisationChoiceForm(forms.Form):
    """Step one of a project without an application: whose project is it?"""

    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.all()
    )


class ProjectCreateForm(PlanFields):
    """The project of one organisation, known before the form is shown (so are its sites)."""

    field_order = [
        "kind",
        "previous",
        "scheme",
        "scope",
        "planned_start",
        "planned_end",
        "sites",
        "services",
    ]

    kind = forms.ChoiceField(label=_("type"), choices=Project.Kind.choices)
    previous = forms.ModelChoiceField(
        label=_("previous cycle"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("For a surveillance or recertification: the project it follows."),
    )
    scheme = forms.ChoiceField(
        label=_("scheme"),
        help_text=_("Pinned to the project when it is created; it never changes afterwards."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        labels = [s.label for s in available_schemes()]
        self.fields["scheme"].choices = [(label, label) for label in labels]
        self.fields["scheme"].initial = DEFAULT_SCHEME
        self.limit_to(organisation)
        self.fields["previous"].queryset = Project.objects.filter(organisation=organisation)
        self.fields["previous"].label_from_instance = lambda p: f"{p.code} ({p.get_kind_display()})"

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind != Project.Kind.INITIAL and not cleaned.get("previous"):
            self.add_error(
                "previous",
                gettext("A surveillance or recertification follows an earlier project: name it."),
            )
        self.check_plan(cleaned)
        return cleaned


class ProjectEditForm(PlanFields):
    """The plan, and how the audit is done and when it actually took place."""

    audit_mode = forms.ChoiceField(
        label=_("audit mode"),
        required=False,
        choices=[("", "—"), *AuditMode.choices],
    )
    audit_started_on = forms.DateField(
        label=_("audit started on"), required=False, widget=DateInput()
    )
    audit_ended_on = forms.DateField(label=_("audit ended on"), required=False, widget=DateInput())

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.limit_to(project.organisation)

    def clean(self):
        cleaned = super().clean()
        self.check_plan(cleaned)
        return cleaned


class ProjectFilterForm(ListFilterForm):
    """The project list's filters; the date range is the planned start."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("state"), required=False, choices=[("", _("All states")), *Project.State.choices]
    )
    kind = forms.ChoiceField(
        label=_("type"), required=False, choices=[("", _("All types")), *Project.Kind.choices]
    )
