"""The regulator's report format as data: sheets, columns, code lists (报送格式).

The monthly report to the national platform (认证机构管理体系认证、服务认证信息
报告规范, revised 2021) is an Excel upload whose sheet names, header rows and
column order must not change.  That template lives in a versioned TOML file
(``report_formats/*.toml``), read with the scheme's table reader and pinned by
the scheme's content hash, so that a new template is a new file, not new code.

A code-list entry whose code is empty is one the platform does not publish:
the certification body completes it (:meth:`ReportFormat.completed`), and a
row that needs it meanwhile is a problem, never a made-up code.

>>> fmt = bundled_format()
>>> [s.name for s in fmt.sheets]
['审核计划信息表', '证书信息表', '审核结果信息表']
>>> fmt.code_lists["report_type"].code_of("reissue")
'02'
>>> fmt.code_lists["multi_site"].code_of("yes") is None   # to be completed by the body
True
>>> fmt.completed({"multi_site": {"yes": "1"}}).code_lists["multi_site"].code_of("yes")
'1'
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from greencert.core.exceptions import Problem, SchemeError
from greencert.core.scheme.loading import TableReader, content_hash

FORMAT_DIR = Path(__file__).with_name("report_formats")
BUNDLED = "cnca-certification-report-2021.toml"
KINDS = ("text", "upper", "date", "number", "code")

HEAD_KEYS = {"code": str, "version": str, "title": str, "title_en": str}
HEAD_KEYS |= {"date_format": str, "list_separator": str, "deadline_day": int}
LIST_KEYS = {"name": str, "name_en": str, "entries": list}
ENTRY_KEYS = {"key": str, "code": str, "label": str, "label_en": str}
SHEET_KEYS = {"key": str, "name": str, "name_en": str, "columns": list}
COLUMN_KEYS = {"name": str, "name_en": str, "field": str, "kind": str, "required": bool}
COLUMN_KEYS["code_list"] = str


@dataclass(frozen=True)
class CodeEntry:
    key: str
    code: str  # "" = not published: completed by the body
    label: str
    label_en: str


@dataclass(frozen=True)
class CodeList:
    key: str
    name: str
    name_en: str
    entries: tuple[CodeEntry, ...]

    def entry(self, key: str) -> CodeEntry | None:
        return next((e for e in self.entries if e.key == key), None)

    def code_of(self, key: str) -> str | None:
        """The code of *key*; None when it is unknown or still to be completed."""
        entry = self.entry(key)
        return entry.code if entry and entry.code else None

    @property
    def to_complete(self) -> tuple[CodeEntry, ...]:
        return tuple(e for e in self.entries if not e.code)


@dataclass(frozen=True)
class Column:
    name: str
    name_en: str
    field: str
    kind: str
    required: bool
    code_list: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    name_en: str
    columns: tuple[Column, ...]

    @property
    def header(self) -> tuple[str, ...]:
        """The header row, exactly as the platform's template has it."""
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class ReportFormat:
    code: str
    version: str
    title: str
    title_en: str
    date_format: str
    list_separator: str
    deadline_day: int
    code_lists: dict[str, CodeList]
    sheets: tuple[Sheet, ...]
    hash: str  # the scheme's content hash: SHA-256 of the parsed content

    @property
    def label(self) -> str:
        return f"{self.code} {self.version}"

    def sheet(self, key: str) -> Sheet:
        return next(s for s in self.sheets if s.key == key)

    def completed(self, body_codes: dict[str, dict[str, str]]) -> ReportFormat:
        """The format with the body's own codes filled in where the platform publishes none.

        A published code is never replaced: *body_codes* fills blanks only.
        """
        lists = {}
        for key, code_list in self.code_lists.items():
            given = body_codes.get(key, {})
            entries = tuple(
                e if e.code else dataclasses.replace(e, code=given.get(e.key, "").strip())
                for e in code_list.entries
            )
            lists[key] = dataclasses.replace(code_list, entries=entries)
        return dataclasses.replace(self, code_lists=lists)


@functools.cache
def bundled_format() -> ReportFormat:
    """The format shipped with GreenCert (the 2021 rules), read once per process."""
    path = FORMAT_DIR / BUNDLED
    return load_format(path.read_text(encoding="utf-8"), source=path.name)


def load_format(text: str, source: str = "<format>") -> ReportFormat:
    """Parse and check a format file; :class:`SchemeError` lists every problem by key path.

    >>> load_format('[format]\\ncode = "X"', source="f.toml")
    Traceback (most recent call last):
    ...
    greencert.core.exceptions.SchemeError: f.toml format.version: is missing; ...
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        params = {"reason": str(exc)}
        raise SchemeError(Problem(code="scheme.not_toml", params=params, source=source)) from exc
    reader = _Reader(source)
    head = reader.fields(raw.get("format"), "format", HEAD_KEYS)
    lists = {
        key: reader.code_list(key, value, f"code_lists.{key}")
        for key, value in _table(raw.get("code_lists")).items()
    }
    sheets = tuple(
        reader.sheet(value, f"sheets[{i}]", lists)
        for i, value in enumerate(reader.array(raw, "sheets"))
    )
    for extra in sorted(set(raw) - {"format", "code_lists", "sheets"}):
        reader.fail(extra, "scheme.unknown_key")
    if reader.problems:
        raise SchemeError(reader.problems)
    return ReportFormat(**head, code_lists=lists, sheets=sheets, hash=content_hash(raw))


def _table(value) -> dict:
    return value if isinstance(value, dict) else {}


class _Reader(TableReader):
    """The scheme's table reader, with keys that may be left out and every value present."""

    def fields(self, raw, path: str, keys: dict, optional=()) -> dict:
        """A table's values by *keys*; a missing or mistyped one reads as its type's empty
        value (the problem is listed), an *optional* one left out is left out."""
        if isinstance(raw, dict):
            keys = {k: t for k, t in keys.items() if k not in optional or k in raw}
        found = self.table(raw, path, keys)
        return {key: found.get(key, kind()) for key, kind in keys.items()}

    def code_list(self, key: str, value, path: str) -> CodeList:
        head = self.fields(value, path, LIST_KEYS)
        entries = tuple(
            CodeEntry(**self.fields(e, f"{path}.entries[{i}]", ENTRY_KEYS))
            for i, e in enumerate(head.pop("entries", []) or [])
        )
        keys = [e.key for e in entries]
        for twice in sorted({k for k in keys if keys.count(k) > 1}):
            self.fail(f"{path}.entries", "report_format.key_twice", key=twice)
        return CodeList(key=key, entries=entries, **head)

    def sheet(self, value, path: str, lists: dict[str, CodeList]) -> Sheet:
        head = self.fields(value, path, SHEET_KEYS)
        columns = []
        for i, raw in enumerate(head.pop("columns", []) or []):
            where = f"{path}.columns[{i}]"
            column = Column(**self.fields(raw, where, COLUMN_KEYS, optional=("code_list",)))
            if column.kind not in KINDS:
                self.fail(f"{where}.kind", "checklist.bad_kind", choices=", ".join(KINDS))
            if (column.kind == "code") != bool(column.code_list):
                self.fail(f"{where}.code_list", "report_format.code_list_with_kind")
            elif column.code_list and column.code_list not in lists:
                self.fail(f"{where}.code_list", "report_format.no_code_list")
            columns.append(column)
        names = [c.name for c in columns]
        for twice in sorted({n for n in names if names.count(n) > 1}):
            self.fail(f"{path}.columns", "report_format.key_twice", key=twice)
        return Sheet(columns=tuple(columns), **head)
