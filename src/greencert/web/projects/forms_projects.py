"""Forms of the project pages: create, edit, team, and the list filters.

The sheets' forms live in ``forms.py`` (another area).  These forms only
check what a person typed; the writes are made by the services.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greencert.core.registry import DEFAULT_SCHEME, available_schemes
from greencert.web.accounts.models import Role, User
from greencert.web.clients.models import Organisation, Service, Site
from greencert.web.projects.models import Project, TeamMember


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlanFields(forms.Form):
    """Scope, planned dates, sites and services: what create and edit share."""

    scope = forms.CharField(label=_("scope"), widget=forms.Textarea(attrs={"rows": 3}))
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
    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.limit_to(project.organisation)

    def clean(self):
        cleaned = super().clean()
        self.check_plan(cleaned)
        return cleaned


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("person"), queryset=User.objects.filter(is_active=True))
    role = forms.ChoiceField(label=_("team role"), choices=TeamMember.Role.choices)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        # Offer staff only; a client user sent anyway is refused by the service, with its reason.
        staff = User.objects.filter(is_active=True).exclude(role=Role.CLIENT)
        staff = staff.exclude(pk__in=project.team.values("user_id")).order_by("username")
        self.fields["user"].choices = [("", "---------")] + [
            (u.pk, f"{u} ({u.get_role_display()})") for u in staff
        ]

    def clean(self):
        cleaned = super().clean()
        user, role = cleaned.get("user"), cleaned.get("role")
        team = list(self.project.team.select_related("user"))
        if user and any(m.user_id == user.pk for m in team):
            self.add_error("user", gettext("%(user)s is already on the team.") % {"user": user})
        leader = next((m for m in team if m.role == TeamMember.Role.LEADER), None)
        if role == TeamMember.Role.LEADER and leader:
            self.add_error(
                "role",
                gettext(
                    "The team already has a leader, %(user)s. Remove them first, "
                    "or add this person in another role."
                )
                % {"user": leader.user},
            )
        return cleaned


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("state"), required=False, choices=[("", _("All states")), *Project.State.choices]
    )
    kind = forms.ChoiceField(
        label=_("type"), required=False, choices=[("", _("All types")), *Project.Kind.choices]
    )
