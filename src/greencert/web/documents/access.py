"""Who may download a document, at once or made in the background.

The assessment report: whoever sees the project; a client user once it is decided (the
report is final then).  The certificate: whoever sees it; a client user only while it is in
force.  The register: the managers (as its direct download).  All certificates of an
organisation: whoever sees at least one of them (``visible_certificates``; a client
only its own organisation's).  An export is downloaded only by the person who asked
for it, and only while that person may still see its source: anyone else, or the
same person after losing access, finds nothing (404).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from greencert.web.certification.access import certificate_for, may_print, visible_certificates
from greencert.web.certification.models import Certificate
from greencert.web.documents.models import Export
from greencert.web.projects.access import project_for
from greencert.web.projects.models import Project


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


def report_project_for(user, pk) -> Project:
    """The project whose assessment report *user* downloads (clients: once decided)."""
    project = project_for(user, pk)
    if user.is_client and project.state != Project.State.DECIDED:
        raise Http404
    return project


def printable_certificate_for(user, pk) -> Certificate:
    """The certificate *user* downloads (a client prints only one in force)."""
    certificate = certificate_for(user, pk)
    if not may_print(user, certificate, timezone.localdate()):
        raise Http404
    return certificate
