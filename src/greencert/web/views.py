"""Site-wide views: the health check, the refused-form page, CSP reports (the start page is
:mod:`greencert.web.worklists.views`)."""

import json
import logging

from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit


@never_cache
@require_safe
def healthz(request):
    """Answers without login: the process runs and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok\n", content_type="text/plain")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a refused form explained in the site's page, in the reader's language.

    Django's own page is English only; *reason* is already logged by Django.
    """
    return render(request, "csrf_failure.html", status=403)


csp_log = logging.getLogger("greencert.csp")
CSP_REPORT_MAX_BYTES = 16 * 1024
CSP_REPORTS_PER_MINUTE = "30/m"
CSP_REPORT_FIELDS = (
    "document-uri",
    "violated-directive",
    "blocked-uri",
    "source-file",
    "line-number",
)


@csrf_exempt  # browsers post reports without a token; nothing is stored, only logged
@require_POST
@ratelimit(group="greencert.csp", key="ip", rate=CSP_REPORTS_PER_MINUTE, block=False)
def csp_report(request):
    """The policy's report-uri: what a browser refused on one of our pages goes to the log.

    A page that breaks under the policy shows up here before anyone calls; the
    log line keeps the few fields that say where, and is never written to the database.
    """
    if int(request.META.get("CONTENT_LENGTH") or 0) > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    if getattr(request, "limited", False):
        return HttpResponse(status=204)  # a flood is dropped, not logged
    try:
        report = json.loads(request.body).get("csp-report")
    except (ValueError, AttributeError):
        report = None
    if not isinstance(report, dict):
        return HttpResponseBadRequest("expected a CSP report (application/csp-report)\n")
    csp_log.warning(
        "Content-Security-Policy refused: %s",
        "; ".join(f"{key}={str(report.get(key, ''))[:300]}" for key in CSP_REPORT_FIELDS),
    )
    return HttpResponse(status=204)
