"""Site-wide views: health and readiness, metrics, the favicon, the refused-form page, CSP
reports (the start page is :mod:`greencert.web.worklists.views`)."""

import hmac
import json
import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from greencert.web import readiness


@never_cache
@require_safe
def healthz(request):
    """Answers without login: the process runs and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    """Ready to serve (for a balancer): the database answers and is migrated; Redis, the
    broker and the file storage answer when configured.  503 naming what does not."""
    checks = readiness.check_all()
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    return JsonResponse(checks, status=status)


@never_cache
@require_safe
def metrics(request):
    """Prometheus metrics, to a scraper that sends METRICS_TOKEN; to anyone else, nothing."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)


FAVICON = "greencert/favicon.ico"


@cache_control(public=True, max_age=24 * 3600)
@require_safe
def favicon(request):
    """/favicon.ico: browsers ask for it on every site whatever the pages link, so it is
    answered (the site's icon, from the static files) rather than logged as a 404."""
    path = finders.find(FAVICON)
    if path is None:
        raise Http404
    with open(path, "rb") as icon:
        return HttpResponse(icon.read(), content_type="image/vnd.microsoft.icon")


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
