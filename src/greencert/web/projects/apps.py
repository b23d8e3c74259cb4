from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "greencert.web.projects"
    verbose_name = _("Applications and assessment projects")
