"""The audit trail's names for what happens to projects, teams and sheets."""

from django.utils.translation import gettext_lazy as _

from greencert.web.projects.models import Evaluation, Project, TeamMember, Verdict

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
    "greencert.workbook.imported": _("Excel workbook imported"),
    "greencert.workbook.import_queued": _("Large Excel workbook queued for import"),
    "greencert.evidence.added": _("Evidence file added"),
    "greencert.blueprint.created": _("Service blueprint drawn"),
    "greencert.blueprint.changed": _("Service blueprint changed"),
    "greencert.checklist.judged": _("Checklist row judged"),
    "greencert.exemption.recorded": _("§5.2.2 exemption recorded"),
    "greencert.exemption.changed": _("§5.2.2 exemption changed"),
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
    "clause": _("checklist row"),
    "verdict": _("verdict"),
    "nonconformity": _("raised with nonconformity"),
    "auditor": _("auditor"),
    "reason": _("reason"),
    "notes": _("notes"),
    "files": _("evidence files"),
    "certificate_number": _("certificate number"),
    "issuer": _("issuing body"),
    "accredited": _("accredited"),
    "certificate_scope": _("certificate scope"),
    "certificate_expires": _("certificate expiry date"),
    "last_surveillance": _("last surveillance audit"),
    "audit_date": _("audit date judged against"),
    "scope_covers_service": _("the certificate's scope covers the certified service"),
    "scope_note": _("note on the scope"),
    "complaints_known": _("complaints and nonconformities known"),
    "surveillance_status": _("the certificate's surveillance status"),
    "clauses": _("exempted GB/T 19001 clauses"),
    "file": _("file"),
    "for": _("supports"),
}

# Stored codes shown with their names ("in_progress" → "Assessment in progress").
CHOICES = {
    "state": Project.State,
    "kind": Project.Kind,
    "role": TeamMember.Role,
    "source": Evaluation.Source,
    "verdict": Verdict,
}
