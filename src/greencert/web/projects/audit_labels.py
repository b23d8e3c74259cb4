"""The audit trail's names for what happens to projects, teams and sheets."""

from django.utils.translation import gettext_lazy as _

from greencert.web.projects.models import Evaluation, Project, TeamMember

ACTIONS = {
    "greencert.project.created": _("Project created"),
    "greencert.project.changed": _("Project plan changed"),
    "greencert.project.state_changed": _("Project state changed"),
    "greencert.team.added": _("Team member added"),
    "greencert.team.removed": _("Team member removed"),
    "greencert.evaluation.created": _("Evaluation added"),
    "greencert.evaluation.changed": _("Evaluation changed"),
    "greencert.evaluation.deleted": _("Evaluation deleted"),
    "greencert.maturity.changed": _("Maturity levels changed"),
    "greencert.evidence.added": _("Evidence file added"),
    "greencert.blueprint.created": _("Service blueprint drawn"),
    "greencert.blueprint.changed": _("Service blueprint changed"),
}

FIELDS = {
    "kind": _("type"),
    "scope": _("scope"),
    "state": _("state"),
    "planned_start": _("planned start"),
    "planned_end": _("planned end"),
    "scheme": _("scheme"),
    "sites": _("sites"),
    "services": _("services"),
    "user": _("person"),
    "role": _("team role"),
    "id": _("evaluation id"),
    "evaluator": _("evaluator"),
    "date": _("date"),
    "site": _("site"),
    "source": _("source"),
    "note": _("note"),
    "counts": _("counts in the service score"),
    "alpha": "α",
    "likert": "Likert",
}

# Stored codes shown with their names ("in_progress" → "Assessment in progress").
CHOICES = {
    "state": Project.State,
    "kind": Project.Kind,
    "role": TeamMember.Role,
    "source": Evaluation.Source,
}
