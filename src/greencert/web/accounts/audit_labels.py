"""The audit trail's names for what happens to accounts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from greencert.web.accounts.identity import DocumentType
from greencert.web.accounts.models import Qualification, Role


class NumberChange(models.TextChoices):
    """The trail says that an ID-document number changed, never the number."""

    CHANGED = "changed", _("changed (the number is not shown here)")


ACTIONS = {
    "greencert.account.invited": _("Person invited"),
    "greencert.account.invitation_accepted": _("Invitation accepted"),
    "greencert.account.role_changed": _("Role changed"),
    "greencert.account.deactivated": _("Account deactivated"),
    "greencert.account.reactivated": _("Account reactivated"),
    "greencert.account.logged_in": _("Logged in"),
    "greencert.account.login_failed": _("Log-in failed"),
    "greencert.account.reauthentication_failed": _("Re-authentication failed"),
    "greencert.account.locked_out": _("Account locked after failed log-ins"),
    "greencert.account.unlocked": _("Account unlocked"),
    "greencert.account.password_changed": _("Password changed"),
    "greencert.account.password_reset": _("Password reset by e-mail"),
    "greencert.account.second_factor_enrolled": _("Second factor enrolled"),
    "greencert.account.second_factor_reset": _("Second factor reset"),
    "greencert.account.id_document_changed": _("ID document changed"),
    "greencert.account.qualification_added": _("Qualification recorded"),
    "greencert.account.qualification_removed": _("Qualification removed"),
    "greencert.account.declaration_added": _("Impartiality declaration recorded"),
    "greencert.account.declaration_removed": _("Impartiality declaration removed"),
    "greencert.certification_body.changed": _("Certification body's record changed"),
    "greencert.access_token.created": _("API token created"),
    "greencert.access_token.revoked": _("API token revoked"),
}
FIELDS = {
    "account_role": _("role"),
    "email": _("e-mail"),
    "display_name": _("name"),
    "is_active": _("active"),
    "failures": _("failed attempts"),
    "resent": _("invitation sent again"),
    "access_token.name": _("token name"),
    "access_token.prefix": _("token"),
    "access_token.writes": _("may write"),
    "access_token.expires_on": _("expires on"),
    "access_token.revoked": _("revoked"),
    "via_token": _("through API token"),
    "id_document_type": _("ID document type"),
    "id_document_number": _("ID document number"),
    "account.kind": _("qualification"),
    "registration_number": _("registration number"),
    "schemes": _("schemes covered"),
    "sectors": _("sectors"),
    "signed_on": _("signed on"),
    "file": _("file"),
    "approval_number": _("approval number"),
    "accreditation_number": _("accreditation number"),
    "accreditation_mark": _("certificates carry the accreditation mark"),
}
CHOICES = {
    "account_role": Role,
    "account.id_document_type": DocumentType,
    "account.id_document_number": NumberChange,
    "account.kind": Qualification.Kind,
}
