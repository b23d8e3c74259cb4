"""Where schemes come from: the bundled files, plus folders named by the operator.

A new scheme version is a new TOML file.  Drop it into ``schemes/`` (or a
folder listed in ``GREENCERT_SCHEME_DIRS``, separated by ``os.pathsep``)
and it loads beside the others without any code change.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

from greencert.core.exceptions import Problem, SchemeError
from greencert.core.scheme import Scheme, load_scheme

DEFAULT_SCHEME = "CTS TBSC041-2026 B/0"


def _scheme_files() -> list[tuple[str, str]]:
    files = []
    bundled = resources.files("greencert.core") / "schemes"
    for entry in sorted(bundled.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            files.append((f"schemes/{entry.name}", entry.read_text(encoding="utf-8")))
    for folder in filter(None, os.environ.get("GREENCERT_SCHEME_DIRS", "").split(os.pathsep)):
        for path in sorted(Path(folder).glob("*.toml")):
            files.append((str(path), path.read_text(encoding="utf-8")))
    return files


@cache
def _load_all() -> dict[str, Scheme]:
    schemes: dict[str, Scheme] = {}
    for source, text in _scheme_files():
        scheme = load_scheme(text, source=source)
        if scheme.label in schemes and schemes[scheme.label].hash != scheme.hash:
            params = {"label": scheme.label}
            raise SchemeError(Problem(code="scheme.label_twice", params=params, source=source))
        schemes[scheme.label] = scheme
    return schemes


def reload() -> None:
    """Forget the loaded schemes (after GREENCERT_SCHEME_DIRS changes)."""
    _load_all.cache_clear()


def available_schemes() -> list[Scheme]:
    return list(_load_all().values())


def get_scheme(label: str | None = None) -> Scheme:
    """The scheme written as ``"CODE VERSION"`` (default: the bundled B/0).

    >>> get_scheme("CTS TBSC041-2026 B/0").version
    'B/0'
    """
    label = " ".join((label or DEFAULT_SCHEME).split())
    try:
        return _load_all()[label]
    except KeyError:
        known = ", ".join(sorted(_load_all())) or "none"
        params = {"label": repr(label), "known": known}
        raise SchemeError(Problem(code="scheme.unknown", params=params, value=label)) from None


def default_scheme() -> Scheme:
    return get_scheme(DEFAULT_SCHEME)
