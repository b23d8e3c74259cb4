from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "greencert.web.surveys"
    verbose_name = _("Customer experience surveys")

    def ready(self):
        from greencert.web.audit import labels
        from greencert.web.surveys import audit_labels

        labels.register_module(audit_labels)
