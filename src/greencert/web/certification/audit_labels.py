"""The audit trail's names for findings, frozen results, reviews, decisions,
certificates and complaints."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greencert.web.certification.models import (
    Certificate,
    Complaint,
    Decision,
    Nonconformity,
    Review,
)

ACTIONS = {
    "greencert.snapshot.frozen": _("Result frozen"),
    "greencert.nonconformity.raised": _("Nonconformity raised"),
    "greencert.nonconformity.answered": _("Nonconformity answered"),
    "greencert.nonconformity.plan_accepted": _("Corrective-action plan accepted"),
    "greencert.nonconformity.returned": _("Nonconformity answer returned"),
    "greencert.nonconformity.closed": _("Nonconformity closed"),
    "greencert.review.recorded": _("Technical review recorded"),
    "greencert.review.refused": _("Technical review refused"),
    "greencert.decision.made": _("Certification decision made"),
    "greencert.decision.refused": _("Certification decision refused"),
    "greencert.certificate.issued": _("Certificate issued"),
    "greencert.certificate.reissued": _("Certificate reissued"),
    "greencert.certificate.suspended": _("Certificate suspended"),
    "greencert.certificate.reinstated": _("Certificate reinstated"),
    "greencert.certificate.withdrawn": _("Certificate withdrawn"),
    "greencert.certificate.expired": _("Certificate expired"),
    "greencert.complaint.registered": _("Complaint registered"),
    "greencert.appeal.registered": _("Appeal registered"),
    "greencert.complaint.assigned": _("Complaint handler assigned"),
    "greencert.complaint.acknowledged": _("Complaint acknowledged"),
    "greencert.complaint.closed": _("Complaint closed"),
    "greencert.complaint.handler_refused": _("Complaint handler refused"),
    "greencert.complaint.close_refused": _("Closing of a complaint refused"),
}

FIELDS = {
    "reference": pgettext_lazy("nonconformity", "reference"),
    "number": _("number"),
    "grade": _("grade"),
    "status": _("status"),
    "severity": _("severity"),
    "description": _("description"),
    "correction": _("correction"),
    "root_cause": _("root cause"),
    "action_plan": _("corrective-action plan"),
    "due_date": _("due date"),
    "review_comment": _("reviewer's comment"),
    "verification": _("verification"),
    "revision": _("revision"),
    "outcome": _("outcome"),
    "computed": _("computed grade"),
    "decided_on": _("decided on"),
    "comment": _("comment"),
    "snapshot": _("frozen result"),
    "handler": _("handler"),
    "subject": _("subject"),
    "received_on": _("received on"),
    "acknowledged_on": _("acknowledged on"),
    "communicated_on": _("outcome communicated on"),
    "how": _("communicated how"),
}

# Stored codes by the kind of record they belong to (see greencert.web.audit.labels).
CHOICES = {
    "nonconformity.status": Nonconformity.Status,
    "nonconformity.severity": Nonconformity.Severity,
    "review.outcome": Review.Outcome,
    "decision.outcome": Decision.Outcome,
    "certificate.status": Certificate.Status,
    "complaint.status": Complaint.Status,
    "complaint.kind": Complaint.Kind,
}
