"""A certificate's history: each event keeps what the certificate stated at that point,
and goes into the audit trail with it.  Used by the certificate services and by the
daily expiry task; it imports neither (the services queue mail tasks, the tasks use it)."""

from __future__ import annotations

from greencert.web.audit.services import record
from greencert.web.certification.models import Certificate, CertificateEvent


def content(certificate: Certificate) -> dict:
    """What the certificate states (kept with every event, so history shows each revision)."""
    return {
        "number": certificate.display_number,
        "organisation": certificate.organisation_name,
        "address": certificate.organisation_address,
        "scope": certificate.scope,
        "sites": certificate.sites,
        "scheme": certificate.scheme_label,
        "grade": certificate.grade,
        "granted_on": certificate.granted_on,
        "expires_on": certificate.expires_on,
        "issuer": certificate.issuer,
        "signatory": certificate.signatory,
        "status": certificate.status,
        # Which decision the certificate stood on: a decision issues a certificate once only,
        # even after a reissue has moved the certificate on to a later decision.
        "decision": certificate.decision_id,
    }


def record_event(certificate: Certificate, *, kind: str, actor, reason: str) -> CertificateEvent:
    event = CertificateEvent.objects.create(
        certificate=certificate,
        kind=kind,
        revision=certificate.revision,
        reason=reason,
        content=content(certificate),
        by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action=f"greencert.certificate.{kind}",
        target=certificate,
        project=certificate.project,
        after={"revision": certificate.revision, "status": certificate.status, "reason": reason},
    )
    return event
