"""Documents made in the background: asking (POST), the person's list, the download.

Asking needs what the direct download needs (the register: a manager; an
organisation's certificates: someone who sees them); the list shows one's own
exports only; a file is sent to the one who asked, while they may still see its
source (``access.export_for``), through the storage API.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from greencert.web.accounts.access import managers_required, role_required
from greencert.web.accounts.models import Role
from greencert.web.clients.access import organisation_for
from greencert.web.documents.access import export_for, my_exports
from greencert.web.documents.models import Export
from greencert.web.documents.services import request_export
from greencert.web.downloads import stored_file

SHOWN = 50  # the newest of one's exports; older ones are removed files anyway

PENDING = {Export.State.QUEUED, Export.State.RUNNING}


@require_POST
@managers_required
def export_register(request):
    request_export(actor=request.user, kind=Export.Kind.REGISTER)
    return redirect("export_list", permanent=False)


@require_POST
@role_required(*Role.values)
def export_certificates(request, pk):
    organisation = organisation_for(request.user, pk)
    request_export(actor=request.user, kind=Export.Kind.CERTIFICATES, organisation=organisation)
    return redirect("export_list", permanent=False)


@require_safe
@role_required(*Role.values)
def export_list(request):
    exports = list(my_exports(request.user)[:SHOWN])
    return render(
        request,
        "documents/exports.html",
        {
            "exports": exports,
            "pending": any(e.state in PENDING for e in exports),
            "keep_hours": settings.EXPORT_KEEP_HOURS,
        },
    )


@require_safe
@role_required(*Role.values)
def export_download(request, pk):
    export = export_for(request.user, pk)
    if export.state != Export.State.READY or not export.file:
        raise Http404
    return stored_file(export.file, export.filename)
