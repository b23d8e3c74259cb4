"""Checking the stored audit trail against its hash chain (``greencert audit verify``)."""

from __future__ import annotations

from greencert.web.audit import chain
from greencert.web.audit.models import AuditEntry, ChainHead


def verify_trail() -> chain.Verdict:
    """Walk every stored entry by sequence; the count checked and the first broken link.

    The head is read first: entries written while the walk runs lie beyond it
    and are left for the next run.
    """
    head = ChainHead.objects.filter(pk=1).values("sequence", "hash").first()
    if head is None and AuditEntry.objects.exists():  # the head removed: nothing to walk to
        return chain.Verdict(0, chain.GENESIS, 0, chain.Break("head", None, 0))
    head_sequence, head_hash = (head["sequence"], head["hash"]) if head else (0, chain.GENESIS)
    entries = (
        AuditEntry.objects.filter(sequence__lte=head_sequence)
        .order_by("sequence")
        .iterator(chunk_size=2000)
    )
    return chain.verify(entries, head_sequence, head_hash)
