"""The client's address, for rate limits and survey burst flags.

Behind our own reverse proxy (``BEHIND_PROXY=1``) the peer is the proxy, so
the client is the right-most address of X-Forwarded-For — the one our proxy
appended; addresses further left are whatever the client claimed.

A request may come without a usable address (a proxy on a Unix socket gives
no REMOTE_ADDR). django-ratelimit would fail on it with a 500, so for rate
limits such requests all share one key: they are answered, and limited together.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

# The unspecified address: never a real peer, so it can stand for "no address" in a rate key.
UNKNOWN_ADDRESS = "0.0.0.0"


def client_ip(request) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_ip(request) -> str:
    """The address django-ratelimit keys on (RATELIMIT_IP_META_KEY): the client's, or UNKNOWN_ADDRESS."""
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return UNKNOWN_ADDRESS
    return address
