"""Where a webhook may be sent: the guard against server-side request forgery.

A registered address could point GreenCert at its own network (a database,
a cloud metadata service at 169.254.169.254, an admin page on 10.0.0.5).
So the host's name is resolved and every address it gives must be public
(``ipaddress``'s ``is_global``); the request then goes to the address that
was checked, never to a second resolution that could answer differently
(DNS rebinding), with the name kept for TLS and the ``Host`` header.
Loopback addresses are accepted only when ``WEBHOOK_ALLOW_LOOPBACK`` is set
(a receiver on this machine; the tests) — then also over plain http; any
other address is https only.  The check runs when the address is registered
and again before every attempt.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(ValueError):
    """The address may not receive webhooks; the message says why, in the reader's language."""


@dataclass(frozen=True)
class Target:
    """A checked address: the URL to connect to (the resolved IP) and the names to present."""

    url: str  # with the checked IP in place of the name
    host_header: str
    server_name: str  # for TLS: SNI and the certificate's check


def _allowed(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return settings.WEBHOOK_ALLOW_LOOPBACK
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> list[Address]:
    """Every address *host* names (a literal address names itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(_("The host %(host)s cannot be found.") % {"host": host}) from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in found))


def _parts(url: str):
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in ("https", "http") or not host:
        raise Refused(_("Give a full address starting with https://."))
    if parts.username or parts.password:
        raise Refused(_("The address must not hold a user name or password."))
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise Refused(_("The port of the address is not a number between 1 and 65535.")) from exc
    return parts, scheme, host, port


def check(url: str) -> Target:
    """The target *url* may be sent to, or :class:`Refused` saying why."""
    parts, scheme, host, port = _parts(url)
    addresses = resolve(host, port)
    refused = [a for a in addresses if not _allowed(a)]
    if refused:
        raise Refused(
            _(
                "%(host)s is a private, loopback or reserved address (%(address)s): "
                "webhooks go only to public addresses."
            )
            % {"host": host, "address": refused[0]}
        )
    if scheme == "http" and not all(a.is_loopback for a in addresses):
        raise Refused(_("Webhooks are sent over https only (http only to this machine)."))
    address = addresses[0]
    netloc = f"[{address}]" if address.version == 6 else str(address)
    default_port = 443 if scheme == "https" else 80
    if parts.port:
        netloc += f":{port}"
    name = f"[{host}]" if ":" in host else host
    host_header = name if port == default_port else f"{name}:{port}"
    pinned = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    return Target(url=pinned, host_header=host_header, server_name=host)
