"""What the certification app tells the apps above it, once a change has committed.

An app above certification (the webhooks) hears of decisions and certificate
changes without certification importing it: it connects to these signals in
its ``AppConfig.ready``.  They are sent from ``transaction.on_commit``, so a
receiver reads only committed rows, and robustly: a receiver that fails is
logged and neither undoes the act nor stops the other receivers or the e-mails.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal

log = logging.getLogger("greencert.certification")

decision_made = Signal()  # keyword: decision_id
certificate_changed = Signal()  # keywords: certificate_id, kind (a CertificateEvent.Kind value)


def _send(signal: Signal, sender, **facts) -> None:
    for receiver, result in signal.send_robust(sender=sender, **facts):
        if isinstance(result, Exception):
            log.error("%s failed on %s", receiver, facts, exc_info=result)


def announce_decision(decision) -> None:
    """After the current transaction commits, tell the receivers a decision was made."""
    sender, pk = type(decision), decision.pk
    transaction.on_commit(lambda: _send(decision_made, sender, decision_id=pk), robust=True)


def announce_certificate_change(certificate, kind: str) -> None:
    """After the current transaction commits, tell the receivers a certificate changed."""
    sender, pk = type(certificate), certificate.pk
    transaction.on_commit(
        lambda: _send(certificate_changed, sender, certificate_id=pk, kind=kind), robust=True
    )
