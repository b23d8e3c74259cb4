"""The audit trail's names for findings, frozen results, reviews, decisions,
certificates and complaints."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    "greencert.complaint.registered": _("Complaint registered"),
    "greencert.appeal.registered": _("Appeal registered"),
    "greencert.complaint.assigned": _("Complaint handler assigned"),
    "greencert.complaint.acknowledged": _("Complaint acknowledged"),
    "greencert.complaint.closed": _("Complaint closed"),
}

FIELDS = {
    "reference": pgettext_lazy("nonconformity", "reference"),
    "number": _("number"),
    "grade": _("grade"),
}
