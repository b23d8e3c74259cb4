"""The assessment team form."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greencert.web.accounts.models import Role, User
from greencert.web.projects.models import Project, TeamMember


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


class PersonDaysForm(forms.Form):
    """Person-days of each team member on the audit: one field per member, ``days-<id>``."""

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = list(team)
        for member in self.team:
            self.fields[f"days-{member.pk}"] = forms.DecimalField(
                label=str(member.user),
                required=False,
                min_value=Decimal("0.1"),
                max_value=Decimal("999.9"),
                max_digits=4,
                decimal_places=1,
                initial=member.person_days,
            )

    def days(self) -> dict:
        return {m.pk: self.cleaned_data.get(f"days-{m.pk}") for m in self.team}
