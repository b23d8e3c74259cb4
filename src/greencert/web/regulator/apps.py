from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulatorConfig(AppConfig):
    name = "greencert.web.regulator"
    verbose_name = _("Reports to the regulator")

    def ready(self):
        from greencert.web.audit import labels
        from greencert.web.regulator import audit_labels

        labels.register_module(audit_labels)
