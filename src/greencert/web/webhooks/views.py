"""The administrators' webhook pages: the endpoints, one endpoint with its delivery log,
registering and changing one, a new secret, a test event."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.web.accounts.checks import fresh_check_required
from greencert.web.audit.display import trail_rows
from greencert.web.audit.models import AuditEntry
from greencert.web.form_errors import add_validation_error
from greencert.web.webhooks import services
from greencert.web.webhooks.access import admin_required, endpoint_for, visible_endpoints
from greencert.web.webhooks.forms import ChangeEndpointForm, NewEndpointForm, SecretForm
from greencert.web.webhooks.models import Attempt, Delivery

LOG_ROWS = 50
# The secret just made or typed, kept in the session until the endpoint's page shows it once.
SHOW_ONCE = "greencert.webhook_secret"


def _show_once(request, endpoint, secret: str) -> None:
    request.session[SHOW_ONCE] = {"endpoint": endpoint.pk, "secret": secret}


def _take_secret(request, endpoint) -> str:
    kept = request.session.get(SHOW_ONCE)
    if not kept or kept.get("endpoint") != endpoint.pk:
        return ""
    del request.session[SHOW_ONCE]  # the session's own bookkeeping, as a message would be
    return kept["secret"]


@admin_required
@require_safe
def endpoint_list(request):
    endpoints = visible_endpoints(request.user).order_by("-is_active", "url", "pk")
    return render(request, "webhooks/endpoint_list.html", {"endpoints": endpoints})


@admin_required
@fresh_check_required
@require_http_methods(["GET", "POST"])
def endpoint_register(request):
    form = NewEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.register_endpoint(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            _show_once(request, endpoint, secret)
            messages.success(request, _("Webhook endpoint registered."))
            return redirect("webhook_detail", pk=endpoint.pk)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": None})


@admin_required
@require_safe
def endpoint_detail(request, pk):
    endpoint = endpoint_for(request.user, pk)
    log = (
        Attempt.objects.filter(delivery__endpoint=endpoint)
        .select_related("delivery__event")
        .order_by("-at", "-id")[:LOG_ROWS]
    )
    entries = AuditEntry.objects.filter(object_type="endpoint", object_id=str(endpoint.pk))
    context = {
        "endpoint": endpoint,
        "secret": _take_secret(request, endpoint),
        "log": log,
        "waiting": endpoint.deliveries.filter(state=Delivery.State.PENDING).count(),
        "secret_form": SecretForm(),
        "log_days": settings.WEBHOOK_LOG_DAYS,
        "trail": trail_rows(entries.select_related("actor")[:50]),
    }
    return render(request, "webhooks/endpoint_detail.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def endpoint_change(request, pk):
    endpoint = endpoint_for(request.user, pk)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "is_active": endpoint.is_active,
    }
    form = ChangeEndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_endpoint(actor=request.user, endpoint=endpoint, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Webhook endpoint changed."))
            return redirect("webhook_detail", pk=endpoint.pk)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": endpoint})


@admin_required
@fresh_check_required
@require_POST
def endpoint_secret(request, pk):
    endpoint = endpoint_for(request.user, pk)
    form = SecretForm(request.POST)
    if form.is_valid():
        try:
            secret = services.replace_secret(
                actor=request.user, endpoint=endpoint, secret=form.cleaned_data["secret"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, f"{_('New secret')}: {message}")
        else:
            _show_once(request, endpoint, secret)
            messages.success(request, _("The secret was replaced: the receiver needs the new one."))
    return redirect("webhook_detail", pk=endpoint.pk)


@admin_required
@require_POST
def endpoint_test(request, pk):
    endpoint = endpoint_for(request.user, pk)
    services.send_test_event(actor=request.user, endpoint=endpoint)
    messages.success(request, _("A test event was sent: its delivery appears in the log below."))
    return redirect("webhook_detail", pk=endpoint.pk)
