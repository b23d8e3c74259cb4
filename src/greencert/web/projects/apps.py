from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "greencert.web.projects"
    verbose_name = _("Applications and assessment projects")

    def ready(self):
        from greencert.web.audit import labels
        from greencert.web.projects import audit_labels

        labels.register(
            actions=audit_labels.ACTIONS,
            fields=audit_labels.FIELDS,
            choices=getattr(audit_labels, "CHOICES", None),
        )
