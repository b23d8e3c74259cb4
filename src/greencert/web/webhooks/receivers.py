"""The webhooks' side of the certification app's signals (connected in ``apps.ready``).

Called after the change committed; each turns it into an event for the
endpoints that subscribed.
"""

from __future__ import annotations

from greencert.web.certification.models import Certificate, Decision
from greencert.web.webhooks import payloads, publishing


def decision_made(sender, *, decision_id: int, **kwargs) -> None:
    decision = Decision.objects.select_related("project__organisation", "supersedes").get(
        pk=decision_id
    )
    publishing.publish(type="decision.made", data={"decision": payloads.decision(decision)})


def certificate_changed(sender, *, certificate_id: int, kind: str, **kwargs) -> None:
    certificate = Certificate.objects.get(pk=certificate_id)
    publishing.publish(
        type=f"certificate.{kind}", data={"certificate": payloads.certificate(certificate)}
    )
