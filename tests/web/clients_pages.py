"""Helpers for the clients-area tests: read a page as a person would."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def text(response) -> str:
    """The visible text of an HTML response, whitespace collapsed."""
    parser = _Text()
    parser.feed(response.content.decode())
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def field_errors(response, form_key: str = "form") -> dict:
    """The errors a form shows, by field name ('__all__' for the form's own)."""
    return {k: list(v) for k, v in response.context[form_key].errors.items()}


def in_english(client):
    """Read the pages in English (the msgids), so that assertions hold
    before and after the Chinese catalogue is filled in."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
