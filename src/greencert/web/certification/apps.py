from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "greencert.web.certification"
    verbose_name = _("Certification: findings, review, decision, certificates")
