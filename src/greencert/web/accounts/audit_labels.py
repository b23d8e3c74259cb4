"""The audit trail's names for what happens to accounts."""

from django.utils.translation import gettext_lazy as _

from greencert.web.accounts.models import Role

ACTIONS = {
    "greencert.account.invited": _("Person invited"),
    "greencert.account.invitation_accepted": _("Invitation accepted"),
    "greencert.account.role_changed": _("Role changed"),
    "greencert.account.deactivated": _("Account deactivated"),
    "greencert.account.reactivated": _("Account reactivated"),
    "greencert.account.logged_in": _("Logged in"),
    "greencert.account.login_failed": _("Log-in failed"),
    "greencert.account.locked_out": _("Account locked after failed log-ins"),
    "greencert.account.unlocked": _("Account unlocked"),
    "greencert.account.password_changed": _("Password changed"),
    "greencert.account.password_reset": _("Password reset by e-mail"),
    "greencert.account.second_factor_enrolled": _("Second factor enrolled"),
    "greencert.account.second_factor_reset": _("Second factor reset"),
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
}
CHOICES = {"account_role": Role}
