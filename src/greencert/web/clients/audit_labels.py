"""The audit trail's names for what happens to organisations, their record and applications."""

from django.utils.translation import gettext_lazy as _

from greencert.web.clients.models import Application, Exemption

ACTIONS = {
    "greencert.organisation.created": _("Organisation created"),
    "greencert.organisation.changed": _("Organisation changed"),
    "greencert.contact.created": _("Contact added"),
    "greencert.contact.changed": _("Contact changed"),
    "greencert.contact.deleted": _("Contact removed"),
    "greencert.site.created": _("Site added"),
    "greencert.site.changed": _("Site changed"),
    "greencert.site.deleted": _("Site removed"),
    "greencert.service.created": _("Service added"),
    "greencert.service.changed": _("Service changed"),
    "greencert.service.deleted": _("Service removed"),
    "greencert.qms_certificate.created": _("GB/T 19001 certificate recorded"),
    "greencert.qms_certificate.changed": _("GB/T 19001 certificate changed"),
    "greencert.qms_certificate.deleted": _("GB/T 19001 certificate removed"),
    "greencert.application.submitted": _("Application submitted"),
    "greencert.application.accepted": _("Application accepted"),
    "greencert.application.refused": _("Application refused"),
    "greencert.conflict.declared": _("Conflict of interest declared"),
    "greencert.conflict.removed": _("Declared conflict of interest removed"),
}

FIELDS = {
    "name": _("name"),
    "address": _("address"),
    "uscc": _("unified social credit code"),
    "uscc_exception_reason": _("why there is no unified social credit code"),
    "position": _("position"),
    "phone": _("phone"),
    "description": _("description"),
    "issuer": _("issuing body"),
    "status": _("status"),
    "review_reason": _("reason given in the review"),
    "valid_from": _("valid from"),
    "valid_until": _("valid until"),
    "exemption": _("§5.2.2 exemption"),
    "exemption_reason": _("reason for the exemption"),
    "region_code": _("administrative division code"),
    "postcode": _("postcode"),
    "legal_representative": _("legal representative"),
    "industry": _("industry"),
    "person": _("person"),
    "declared_on": _("declared on"),
    "ends_on": _("ends on"),
    "conflict.reason": _("reason"),
}
CHOICES = {"application.status": Application.Status, "qms_certificate.exemption": Exemption}
