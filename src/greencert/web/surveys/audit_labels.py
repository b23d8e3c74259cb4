"""The audit trail's names for what happens to customer surveys and their responses."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "greencert.survey.opened": _("Survey opened"),
    "greencert.survey.closed": _("Survey closed"),
    "greencert.survey.reopened": _("Survey reopened"),
    "greencert.survey.accepted": _("Survey accepted"),
    "greencert.survey.imported": _("Paper questionnaires imported"),
    "greencert.survey_response.included": _("Survey response included"),
    "greencert.survey_response.excluded": _("Survey response excluded"),
}
