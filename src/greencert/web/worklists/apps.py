from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "greencert.web.worklists"
    label = "worklists"
    verbose_name = "Worklists"
