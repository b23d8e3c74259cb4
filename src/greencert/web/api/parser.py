"""The API's request parser: JSON bodies and query strings as django-ninja reads them, with
the NUL character (U+0000) refused as a 422 naming the field — PostgreSQL text cannot hold it,
so it would otherwise end as a 500 there and be stored on SQLite
(:mod:`greencert.web.null_characters` does the same for pages)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.parser import Parser

from greencert.web.api.problems import field_error
from greencert.web.null_characters import NUL, nul_parameter


def _nul_path(value, path: tuple[str, ...]) -> tuple[str, ...] | None:
    """Where in a decoded JSON value a text (a key or a string) holds NUL, else ``None``."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = (*path, key) if NUL in key else _nul_path(item, (*path, key))
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if found := _nul_path(item, (*path, str(index))):
                return found
    return None


def _refused(field: str):
    return field_error(field, _("must not contain the NUL character (U+0000)"))


class RequestParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        if found := _nul_path(data, ("body",)):
            raise _refused(".".join(found))
        return data

    def parse_querydict(self, data, list_fields, request):
        if name := nul_parameter(data):
            raise _refused(f"query.{name.replace(NUL, '')}")
        return super().parse_querydict(data, list_fields, request)
