from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "greencert.web.projects"
    verbose_name = _("Assessment projects")

    def ready(self):
        from greencert.web.audit import labels
        from greencert.web.projects import audit_labels

        labels.register_module(audit_labels)
