"""Benchmark-only baseline: one INSERT through the whole stack (urls.py mounts it only
when GREENCERT_BENCHMARK=1), to compare a survey submission against."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from greencert.web.audit.models import AuditEntry


@csrf_exempt
@require_POST
def insert(request):
    AuditEntry.objects.create(action="greencert.benchmark.insert", object_type="benchmark")
    return HttpResponse("ok\n", content_type="text/plain")
