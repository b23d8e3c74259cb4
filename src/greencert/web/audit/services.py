"""Writing audit entries: call :func:`record` where the change is made."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from greencert.web.audit import chain
from greencert.web.audit.models import AuditEntry, ChainHead


def record(
    *,
    actor,
    action: str,
    target,
    project=None,
    organisation=None,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    """Record that *actor* did *action* (``greencert.<object>.<verb>``) to *target*.

    When the actor acts through an API token (the API's authentication puts it
    on the person as ``acting_token``), the entry names the token in *after*
    (``via_token``), so the trail tells a program's act from the person's own.

    The entry takes the next place in the chain.  The chain's head stays
    locked until the caller's transaction ends, so entries are written one
    after the other.
    """
    if project is not None and organisation is None:
        organisation = project.organisation
    if (token := getattr(actor, "acting_token", None)) is not None:
        after = {**(after or {}), "via_token": str(token)}
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        project=project,
        organisation=organisation,
        object_type=target._meta.model_name,
        object_id=str(target.pk),
        object_repr=str(target)[:200],
        before=chain.as_stored(before),
        after=chain.as_stored(after),
    )
    with transaction.atomic():
        head = locked_head()
        entry.at = timezone.now()  # taken under the lock: later in the chain is never earlier
        entry.sequence, entry.previous_hash = head.sequence + 1, head.hash
        entry.hash = chain.entry_hash(head.hash, entry)
        entry.save()
        head.sequence, head.hash = entry.sequence, entry.hash
        head.save(update_fields=["sequence", "hash"])
    return entry


def locked_head() -> ChainHead:
    """The chain's head, locked until the transaction ends (made if the table is empty).

    On PostgreSQL a writer waiting for the lock reads the head as the writer
    before it left it; on SQLite the database's write lock serialises writers.
    The migration makes the head; it is missing only after a test flushed the tables.
    """
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"sequence": 0, "hash": chain.GENESIS})
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head
