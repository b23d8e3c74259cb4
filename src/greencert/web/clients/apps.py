from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "greencert.web.clients"
    verbose_name = _("Organisations and applications")

    def ready(self):
        from greencert.web.audit import labels
        from greencert.web.clients import audit_labels

        labels.register_module(audit_labels)
