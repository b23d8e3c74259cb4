"""Who reaches the webhook pages: administrators only; anybody else gets 404, as for
anything outside their reach."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from greencert.web.accounts.access import admin_required
from greencert.web.accounts.models import Role
from greencert.web.webhooks.models import Endpoint

__all__ = ["admin_required", "endpoint_for", "visible_endpoints"]


def visible_endpoints(user) -> QuerySet[Endpoint]:
    if user.is_authenticated and user.is_active and user.role == Role.ADMIN:
        return Endpoint.objects.all()
    return Endpoint.objects.none()


def endpoint_for(user, pk) -> Endpoint:
    return get_object_or_404(visible_endpoints(user), pk=pk)
