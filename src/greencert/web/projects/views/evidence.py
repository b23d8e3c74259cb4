"""Evidence files: downloaded only by those who may see the sheet they support."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from greencert.web.downloads import stored_file


@require_safe
def download(request, ctx, evidence_id):
    # Looked up within the context's assessment: another project's file is simply not found.
    evidence = get_object_or_404(ctx.assessment.evidence, pk=evidence_id)
    return stored_file(evidence.file, evidence.original_name)
