"""Where schemes and their checklists come from: the bundled files, plus folders named by the
operator.

A new scheme version is a new TOML file.  Drop it into ``schemes/`` (or a
folder listed in ``GREENCERT_SCHEME_DIRS``, separated by ``os.pathsep``)
and it loads beside the others without any code change.  An audit
checklist (:mod:`greencert.core.checklist`) is a TOML file in the same
folders whose head table is ``[checklist]``.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from greencert.core.checklist import Checklist, load_checklist
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


def _is_checklist(text: str) -> bool:
    """A checklist file starts its content with ``[checklist]`` (invalid TOML is left to the
    scheme reader, which names the problem)."""
    try:
        return "checklist" in tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False


def _add(found: dict, loaded: Scheme | Checklist, source: str) -> None:
    if loaded.label in found and found[loaded.label].hash != loaded.hash:
        params = {"label": loaded.label}
        raise SchemeError(Problem(code="scheme.label_twice", params=params, source=source))
    found[loaded.label] = loaded


@cache
def _load_files() -> tuple[dict[str, Scheme], dict[str, Checklist]]:
    schemes: dict[str, Scheme] = {}
    checklists: dict[str, Checklist] = {}
    for source, text in _scheme_files():
        if _is_checklist(text):
            _add(checklists, load_checklist(text, source=source), source)
        else:
            _add(schemes, load_scheme(text, source=source), source)
    return schemes, checklists


def _load_all() -> dict[str, Scheme]:
    return _load_files()[0]


def reload() -> None:
    """Forget the loaded schemes and checklists (after GREENCERT_SCHEME_DIRS changes)."""
    _load_files.cache_clear()


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


def available_checklists() -> list[Checklist]:
    return list(_load_files()[1].values())


def get_checklist(label: str) -> Checklist:
    """The checklist written as ``"CODE VERSION"``.

    >>> get_checklist("GB/T 19001-2016 GC1").kind
    'qms'
    """
    label = " ".join(label.split())
    checklists = _load_files()[1]
    try:
        return checklists[label]
    except KeyError:
        params = {"label": repr(label), "known": ", ".join(sorted(checklists)) or "none"}
        raise SchemeError(Problem(code="checklist.unknown", params=params, value=label)) from None


def _newest(scheme: Scheme, kind: str, belongs) -> Checklist:
    found = [c for c in available_checklists() if c.kind == kind and belongs(c)]
    if not found:
        params = {"scheme": scheme.label}
        raise SchemeError(Problem(code=f"checklist.none_for_{kind}", params=params))
    return max(found, key=lambda c: (c.code, c.version))


def qms_checklist_for(scheme: Scheme) -> Checklist:
    """The GB/T 19001 checklist a new project of *scheme* is audited against (§4.2.1): the
    newest one meant for this scheme or for any."""
    return _newest(scheme, "qms", lambda c: c.scheme in ("", scheme.label))


def specific_checklist_for(scheme: Scheme) -> Checklist:
    """The §4.2.2 checklist of *scheme* (its own requirements, so it names the scheme)."""
    return _newest(scheme, "specific", lambda c: c.scheme == scheme.label)
