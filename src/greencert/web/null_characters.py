"""The NUL character (U+0000) is refused in what a request sends, before any view reads it.

PostgreSQL text cannot hold it (SQLite can): a NUL in a search box's query would reach the
database as an error (a 500) on one engine and pass on the other.  Django's form fields
already refuse it in what a form reads; the query strings that pages read themselves (a
list's search, a link's parameters) are checked here for every page, which answers 400.
The API names the field in its own 422 (:mod:`greencert.web.api.parser`).

>>> from django.http import QueryDict
>>> nul_parameter(QueryDict("q=%C2%B2%00&page=2")), nul_parameter(QueryDict("q=%E7%BB%BF"))
('q', None)
"""

from __future__ import annotations

from django.core.exceptions import BadRequest

NUL = "\x00"
API_PREFIX = "/api/"  # its parser refuses the character in its own terms


def nul_parameter(parameters) -> str | None:
    """The first parameter whose name or a value holds the NUL character, else ``None``."""
    for name, values in parameters.lists():
        if NUL in name or any(NUL in value for value in values):
            return name
    return None


class RefuseNullCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX) and nul_parameter(request.GET):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)
