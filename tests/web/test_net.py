"""The client address used for rate limits: the peer, or behind our proxy the address it appended."""

from django.test import RequestFactory, override_settings

from greencert.web.net import client_ip


def test_without_a_proxy_the_peer_is_the_client_and_forwarded_headers_are_ignored():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert client_ip(request) == "203.0.113.9"


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_right_most_forwarded_address_is_the_client():
    # The client claimed 1.2.3.4; our proxy appended what it saw, 198.51.100.7.
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    assert client_ip(request) == "198.51.100.7"
