"""Writing audit entries: call :func:`record` where the change is made."""

from __future__ import annotations

from greencert.web.audit.models import AuditEntry


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
    """Record that *actor* did *action* (``greencert.<object>.<verb>``) to *target*."""
    if project is not None and organisation is None:
        organisation = project.organisation
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        project=project,
        organisation=organisation,
        object_type=target._meta.model_name,
        object_id=str(target.pk),
        object_repr=str(target)[:200],
        before=before,
        after=after,
    )
