"""The audit trail's names for what administrators do to webhook endpoints."""

from django.utils.translation import gettext_lazy as _

from greencert.web.webhooks.models import EventType, SecretOrigin

ACTIONS = {
    "greencert.webhook_endpoint.registered": _("Webhook endpoint registered"),
    "greencert.webhook_endpoint.changed": _("Webhook endpoint changed"),
    "greencert.webhook_endpoint.secret_replaced": _("Webhook secret replaced"),
    "greencert.webhook_endpoint.test_sent": _("Webhook test event sent"),
}
# "description" and "is_active" are named by the apps below (the same words).
FIELDS = {
    "url": _("address (URL)"),
    "events": _("events"),
    "secret": _("secret"),
    "event_id": _("event id"),
}
CHOICES = {"events": EventType, "secret": SecretOrigin}
