"""Site-wide views: the health check and the start page."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """Answers without login: the process runs and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def home(request):
    if request.user.is_client:
        return redirect("organisation_detail", pk=request.user.organisation_id)
    return redirect("dashboard")
