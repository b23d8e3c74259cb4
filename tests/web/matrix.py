"""The verdict of a permission matrix cell, shared by every area's matrix."""

from __future__ import annotations


def assert_outcome(client, response, *, allowed: bool, method: str) -> None:
    """Who may: the page (GET) or a redirect after a write that succeeded (POST).
    Who may not: 404, so that nothing leaks about what exists."""
    if not allowed:
        assert response.status_code == 404
        return
    expected = 302 if method == "post" else 200
    assert response.status_code == expected, response.content[:2000]
    if expected == 302:
        # A successful write goes on to a page, never back to the log-in form ...
        assert "/accounts/login/" not in response["Location"]
        # ... and is not a refusal that redirects with an error message.
        follow = client.get(response["Location"])
        assert 'class="error"' not in follow.content.decode(), follow.content[:2000]
