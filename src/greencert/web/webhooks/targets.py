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

from greencert.web.webhooks.problems import wording

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(ValueError):
    """The address may not receive webhooks: a code of :mod:`problems` and its figures.

    ``str()`` words it in the active language (a form's error).
    """

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code, self.params = code, params

    def __str__(self) -> str:
        return wording(self.code, self.params)


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
        raise Refused("target.not_found", host=host) from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in found))


def _parts(url: str):
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in ("https", "http") or not host:
        raise Refused("target.not_url")
    if parts.username or parts.password:
        raise Refused("target.credentials")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise Refused("target.port") from exc
    return parts, scheme, host, port


def check(url: str) -> Target:
    """The target *url* may be sent to, or :class:`Refused` saying why."""
    parts, scheme, host, port = _parts(url)
    addresses = resolve(host, port)
    refused = [a for a in addresses if not _allowed(a)]
    if refused:
        raise Refused("target.private", host=host, address=str(refused[0]))
    if scheme == "http" and not all(a.is_loopback for a in addresses):
        raise Refused("target.https_only")
    address = addresses[0]
    netloc = f"[{address}]" if address.version == 6 else str(address)
    default_port = 443 if scheme == "https" else 80
    if parts.port:
        netloc += f":{port}"
    name = f"[{host}]" if ":" in host else host
    host_header = name if port == default_port else f"{name}:{port}"
    pinned = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    return Target(url=pinned, host_header=host_header, server_name=host)
