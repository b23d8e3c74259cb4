from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "greencert.web.surveys"
    verbose_name = _("Customer experience surveys")
