from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "greencert.web.webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from greencert.web.audit.labels import register_module
        from greencert.web.certification import signals
        from greencert.web.webhooks import audit_labels, receivers

        register_module(audit_labels)
        # Certification sends these after its changes commit; it imports nothing of ours.
        signals.decision_made.connect(receivers.decision_made, dispatch_uid="webhooks.decision")
        signals.certificate_changed.connect(
            receivers.certificate_changed, dispatch_uid="webhooks.certificate"
        )
