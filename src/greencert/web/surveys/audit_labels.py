"""The audit trail's names for what happens to customer surveys and their responses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from greencert.web.surveys.models import Survey, SurveyResponse

ACTIONS = {
    "greencert.survey.opened": _("Survey opened"),
    "greencert.survey.closed": _("Survey closed"),
    "greencert.survey.reopened": _("Survey reopened"),
    "greencert.survey.accepted": _("Survey accepted"),
    "greencert.survey.imported": _("Paper questionnaires imported"),
    "greencert.survey_response.included": _("Survey response included"),
    "greencert.survey_response.excluded": _("Survey response excluded"),
}


class Flag(models.TextChoices):
    """Why a response was held for review, as its flags are stored (SurveyResponse.FLAGS)."""

    TOO_FAST = "too_fast", _("completed too fast")
    SAME_ANSWERS = "same_answers", _("the same answer on every item")
    DUPLICATE_DEVICE = "duplicate_device", _("device already answered")
    NETWORK_BURST = "network_burst", _("burst from one network")


FIELDS = {
    "opens_on": _("opens on"),
    "closes_on": _("closes on"),
    "max_responses": _("most responses"),
    "counted": _("responses counted"),
    "held": _("responses held for review"),
    "excluded": _("responses excluded"),
    "questionnaires": _("questionnaires"),
    "codes": _("questionnaire codes"),
    "flagged": _("flagged"),
    "flags": _("flags"),
    "survey.state": _("survey state"),
}
CHOICES = {
    "survey.state": Survey.State,
    "survey_response.status": SurveyResponse.Status,
    "survey_response.flags": Flag,
}
