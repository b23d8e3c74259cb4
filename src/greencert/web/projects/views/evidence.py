"""Evidence files: downloaded only by those who may see the sheet they support."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe


@require_safe
def download(request, ctx, evidence_id):
    # Looked up within the context's assessment: another project's file is simply not found.
    evidence = get_object_or_404(ctx.assessment.evidence, pk=evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Always an attachment: an uploaded HTML or SVG file must never render in our origin.
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)
