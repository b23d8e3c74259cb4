"""Server-side request forgery: a webhook goes only to a public https address.

No request is made here: the addresses are checked as literals, or as names
whose resolution the test supplies (the machine has no DNS to ask).
"""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse

from greencert.web.webhooks import targets
from greencert.web.webhooks.models import Endpoint
from tests.web.certification.certificate_support import browser
from tests.web.projects_support import text

PUBLIC = "93.184.215.14"  # a globally routed address (no packet is sent to it)

NAMES = {
    "hooks.regulator.example": [PUBLIC],
    "rebinding.example": [PUBLIC, "10.0.0.7"],  # one public answer, one private: refused
    "inside.example": ["192.168.1.20"],
}


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in NAMES:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in NAMES[host]]
        if host in ("localhost",) or host[0].isdigit() or ":" in host:
            return real(host, port, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "no such name")

    monkeypatch.setattr(targets.socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "http://127.0.0.1:8000/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",  # loopback written as IPv6
        "https://10.0.0.5/hook",
        "https://172.16.3.4/hook",
        "https://192.168.1.10/hook",
        "https://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "https://100.64.0.1/hook",  # carrier-grade NAT
        "https://0.0.0.0/hook",
        "https://[fd00::1]/hook",
        "https://224.0.0.1/hook",
        "https://inside.example/hook",
        "https://rebinding.example/hook",
    ],
)
def test_private_loopback_and_reserved_targets_are_refused_by_default(url):
    with pytest.raises(targets.Refused) as refused:
        targets.check(url)
    assert refused.value.code == "target.private"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        (f"http://{PUBLIC}/hook", "target.https_only"),
        ("ftp://hooks.regulator.example/hook", "target.not_url"),
        ("hooks.regulator.example/hook", "target.not_url"),
        ("https://user:password@hooks.regulator.example/", "target.credentials"),
        ("https://hooks.regulator.example:99999/", "target.port"),
        ("https://no-such-host.example/", "target.not_found"),
    ],
)
def test_other_addresses_are_refused_with_the_reason(url, why):
    with pytest.raises(targets.Refused) as refused:
        targets.check(url)
    assert refused.value.code == why


def test_a_public_name_is_sent_to_the_address_that_was_checked():
    target = targets.check("https://hooks.regulator.example:8443/in?src=gc")
    assert target.url == f"https://{PUBLIC}:8443/in?src=gc"
    assert target.host_header == "hooks.regulator.example:8443"
    assert target.server_name == "hooks.regulator.example"  # TLS checks the name, not the IP


def test_loopback_only_when_the_setting_allows_it_and_private_ranges_never(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    assert targets.check("http://127.0.0.1:8000/hook").url == "http://127.0.0.1:8000/hook"
    assert targets.check("https://[::1]/hook").host_header == "[::1]"
    for url in ("https://10.0.0.5/", "https://169.254.169.254/", f"http://{PUBLIC}/"):
        with pytest.raises(targets.Refused):
            targets.check(url)


@pytest.mark.django_db
def test_the_form_refuses_a_private_address_in_the_readers_language(world, client):
    http = browser(client, world.admin)
    client.cookies["django_language"] = "zh-hans"
    response = http.post(
        reverse("webhook_register"),
        {"url": "https://169.254.169.254/latest/", "events": ["certificate.issued"]},
    )
    assert response.status_code == 200
    assert "只发送到公网地址" in text(response)
    assert not Endpoint.objects.exists()
