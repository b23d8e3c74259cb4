"""The site's icon: linked from every kind of page, and answered at /favicon.ico (browsers ask
for it whatever the page links), so no request for it ends in a 404."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

ICON_LINK = 'rel="icon" href="/static/greencert/favicon.svg"'


def test_favicon_ico_is_answered_without_login(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    body = b"".join(response) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header (reserved 0, type 1 = icon)
    assert int.from_bytes(body[4:6], "little") == 3  # 16, 32 and 48 px
    assert "max-age=86400" in response["Cache-Control"]


def test_the_linked_icons_are_served(client):
    svg = client.get("/static/greencert/favicon.svg")
    assert svg.status_code == 200
    assert b"".join(svg.streaming_content).startswith(b"<svg")
    assert client.get("/static/greencert/favicon.ico").status_code == 200


def test_staff_pages_link_the_icon(world, client):
    client.force_login(world.pm)
    assert ICON_LINK in client.get(reverse("project_list")).content.decode()


def test_public_and_error_pages_link_the_icon(db, client):
    assert ICON_LINK in client.get(reverse("register")).content.decode()
    assert ICON_LINK in client.get(reverse("login")).content.decode()
    with override_settings(DEBUG=False):
        missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert ICON_LINK in missing.content.decode()
