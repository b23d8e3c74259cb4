"""Helpers of the project-page tests: fill sheets through the services, read pages as text."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.conf import settings

from greencert.core.ratings import Rating
from greencert.core.registry import get_scheme
from greencert.web.projects.services.sheets import save_evaluation, save_maturity
from tests.web.audit_support import judge_all_conforming

SCHEME = get_scheme("CTS TBSC041-2026 B/0")
ITEMS = list(SCHEME.items)  # 1.1 … 7.1
CLAUSES = list(SCHEME.clauses)  # 1.1 … 7.2


def english(client):
    """Ask for the English interface, so that assertions on wording do not depend on a translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def add_evaluation(
    world, *, alpha=None, likert=None, code="", evaluator="李明", day=11, source="auditor"
):
    """A complete sheet: *alpha* / *likert* is one value for every item, or a dict per item."""
    ratings = {}
    for item in ITEMS:
        if alpha is not None:
            value = alpha[item] if isinstance(alpha, dict) else alpha
            ratings[item] = Rating.of_alpha(Decimal(str(value)), SCHEME)
        else:
            value = likert[item] if isinstance(likert, dict) else likert
            ratings[item] = Rating.of_likert(value, SCHEME)
    return save_evaluation(
        actor=world.leader,
        assessment=world.project.assessment,
        header={
            "code": code,
            "evaluator": evaluator,
            "date": datetime.date(2026, 5, day),
            "site": world.site,
            "source": source,
        },
        ratings=ratings,
    )


def rate_clauses(world, levels):
    """Store maturity levels: one level for every clause, or a dict clause → level."""
    assessment = world.project.assessment
    assessment.refresh_from_db()
    if isinstance(levels, int):
        levels = dict.fromkeys(CLAUSES, levels)
    judge_all_conforming(assessment, world.leader)  # so that the figures alone decide the grade
    return save_maturity(
        actor=world.leader,
        assessment=assessment,
        levels={cid: {"level": level} for cid, level in levels.items()},
        expected_version=assessment.maturity_version,
    )


class _Text(HTMLParser):
    """Collects the text of a page, and the rows of its tables as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            name = (attrs.get("class") or "").split(" ")[0] or f"table{len(self.tables)}"
            self._table.append(name)
            self.tables.setdefault(name, [])
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table[-1]].append(self._row)
            self._row = None
        elif tag == "table" and self._table:
            self._table.pop()

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def read(response) -> _Text:
    parser = _Text()
    parser.feed(response.content.decode())
    return parser


def text(response) -> str:
    """The page as a person reads it: the words, whitespace collapsed."""
    return re.sub(r"\s+", " ", " ".join(read(response).parts)).strip()


def rows(response, table: str) -> list[list[str]]:
    """The rows of the table whose first class is *table* (header row included)."""
    return read(response).tables.get(table, [])


def row_for(response, table: str, first_cell: str) -> list[str]:
    """The row of *table* whose first cell is (or starts with) *first_cell*."""
    for row in rows(response, table):
        if row and (row[0] == first_cell or row[0].startswith(first_cell + " ")):
            return row
    raise AssertionError(f"no row {first_cell!r} in table {table!r}: {rows(response, table)}")


def grade_shown(response) -> str:
    """What the grade box of the result says (the grade, not certified, or not determined)."""
    match = re.search(r"data-grade>([^<]*)<", response.content.decode())
    assert match, "no grade box on the page"
    return match.group(1).strip()
