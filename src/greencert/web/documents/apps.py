from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "greencert.web.documents"
    verbose_name = _("Documents: reports, certificates, exports")

    def ready(self):
        from greencert.web.audit import labels
        from greencert.web.documents import (
            audit_labels,
            checks,  # noqa: F401  (registers the font check)
        )

        labels.register_module(audit_labels)
