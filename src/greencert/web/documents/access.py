"""Who may ask for and download a document made in the background.

The register: the managers (as its direct download).  All certificates of an
organisation: whoever sees at least one of them (``visible_certificates``; a client
only its own organisation's).  An export is downloaded only by the person who asked
for it, and only while that person may still see its source: anyone else, or the
same person after losing access, finds nothing (404).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from greencert.web.certification.access import visible_certificates
from greencert.web.documents.models import Export


def may_export(user, kind: str, organisation=None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if kind == Export.Kind.REGISTER:
        return user.manages
    return (
        organisation is not None
        and visible_certificates(user).filter(organisation=organisation).exists()
    )


def my_exports(user):
    return Export.objects.filter(requested_by=user).select_related("organisation")


def export_for(user, pk) -> Export:
    """One of *user*'s own exports whose source *user* may still see."""
    export = get_object_or_404(my_exports(user), pk=pk)
    if not may_export(user, export.kind, export.organisation):
        raise Http404
    return export
