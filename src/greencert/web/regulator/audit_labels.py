"""The audit trail's names for the regulator's report."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "greencert.regulator.collected": _("Report to the regulator brought up to date"),
    "greencert.regulator.reported": _("Month reported to the regulator"),
    "greencert.regulator.code_set": _("Report code completed by the body"),
}

FIELDS = {
    "added": _("rows added"),
    "refreshed": _("rows refreshed"),
    "corrections": _("corrections"),
    "rows": _("rows"),
    "format": _("report format"),
    "hash": _("SHA-256"),
    "code": _("code"),
}
