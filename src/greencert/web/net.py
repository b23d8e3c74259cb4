"""The client's address, for rate limits and survey burst flags.

Behind our own reverse proxy (``BEHIND_PROXY=1``) the peer is the proxy, so
the client is the right-most address of X-Forwarded-For — the one our proxy
appended; addresses further left are whatever the client claimed.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
