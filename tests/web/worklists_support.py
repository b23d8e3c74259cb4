"""Reading the landing page's worklists as a person sees them: each list's items, with their links."""

from __future__ import annotations

from html.parser import HTMLParser


class _Worklists(HTMLParser):
    """Collects, per ``<section id="worklist-KEY">``, its count and items (title, detail, links)."""

    def __init__(self):
        super().__init__()
        self.lists: dict[str, dict] = {}
        self._key = None
        self._item = None
        self._field = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (attrs.get("id") or "").startswith("worklist-"):
            self._key = attrs["id"].removeprefix("worklist-")
            self.lists[self._key] = {"count": None, "items": []}
        elif self._key and tag == "span" and attrs.get("class") == "count":
            self._field = "count"
        elif self._key and tag == "li":
            self._item = {"title": "", "detail": "", "links": []}
            self.lists[self._key]["items"].append(self._item)
        elif self._item is not None and tag == "span":
            self._field = {"worklist-title": "title", "muted": "detail"}.get(attrs.get("class"))
        elif self._item is not None and tag == "a":
            self._item["links"].append([attrs["href"], ""])
            self._field = "link"

    def handle_endtag(self, tag):
        if tag == "section":
            self._key = self._item = None
        elif tag == "li":
            self._item = None
        if tag in ("span", "a"):
            self._field = None

    def handle_data(self, data):
        if self._field == "count":
            self.lists[self._key]["count"] = int(data)
        elif self._field == "link":
            self._item["links"][-1][1] += data.strip()
        elif self._field in ("title", "detail"):
            self._item[self._field] += data.strip()


def worklists(response) -> dict[str, dict]:
    """``{key: {"count": n, "items": [{"title", "detail", "links": [[href, text], …]}]}}``."""
    assert response.status_code == 200, response.status_code
    parser = _Worklists()
    parser.feed(response.content.decode())
    return parser.lists


def titles(response, key: str) -> list[str]:
    return [item["title"] for item in worklists(response)[key]["items"]]


def hrefs(response, key: str) -> list[str]:
    return [href for item in worklists(response)[key]["items"] for href, _text in item["links"]]
