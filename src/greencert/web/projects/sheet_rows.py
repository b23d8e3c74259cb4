"""The rows of a sheet: what a person typed for each item or clause, checked by the core.

Each row keeps the raw text, so a rejected sheet comes back exactly as it
was typed, with its problems beside it.  The checks are the core's
(:func:`parse_alpha`, :func:`parse_likert`, :func:`parse_maturity`); a
Likert level stands for the α the scheme maps it to
(``scheme.likert_band(level).alpha``).  Nothing here does arithmetic.

Field names: ``alpha_<item>``, ``likert_<item>``, ``note_<item>`` and
``evidence_<item>`` on the evaluation sheet; ``level_<clause>``,
``note_<clause>`` and ``evidence_<clause>`` on the maturity sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import parse_alpha, parse_likert, parse_maturity
from greencert.core.ratings import Rating
from greencert.core.scheme import Clause, Item, Scheme
from greencert.web.form_errors import problem_message, problem_text
from greencert.web.upload_checks import upload_problem

ITEM_FIELDS = ("alpha", "likert", "note", "evidence")
CLAUSE_FIELDS = ("level", "note", "evidence")


@dataclass
class ItemRow:
    item: Item
    alpha: str = ""
    likert: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)
    value: Decimal | None = None  # the α this row stands for, once it is valid
    level: int | None = None  # the Likert level, when given as one
    evidence: list = field(default_factory=list)  # (name, url) of stored files
    figure: dict | None = None  # band and points, from the core

    @property
    def slug(self) -> str:
        """The item id usable in an HTML id and a CSS selector (1.2 → 1_2)."""
        return self.item.id.replace(".", "_")

    @property
    def blank(self) -> bool:
        return not self.alpha and not self.likert


@dataclass
class ClauseRow:
    clause: Clause
    level: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)
    value: int | None = None
    evidence: list = field(default_factory=list)
    points: int | None = None  # from the core

    @property
    def slug(self) -> str:
        return self.clause.id.replace(".", "_")


@dataclass
class Rows:
    """The rows of a posted sheet, with what could not be tied to any row."""

    rows: list
    problems: list[str] = field(default_factory=list)
    uploads: dict = field(default_factory=dict)  # item or clause id → uploaded file

    @property
    def valid(self) -> bool:
        return not self.problems and not any(r.errors for r in self.rows)

    def by_id(self, key: str):
        for row in self.rows:
            if getattr(row, "item", None) and row.item.id == key:
                return row
            if getattr(row, "clause", None) and row.clause.id == key:
                return row
        return None

    def add_problems(self, problems: list[Problem]) -> None:
        """Tie the core's problems to the rows of the item or clause they name."""
        for problem in problems:
            key = problem.item or problem.clause
            row = self.by_id(key) if key else None
            if row is not None:
                row.errors.append(problem_message(problem))
            else:
                self.problems.append(problem_text(problem))


def _stray(data, files, prefixes: tuple[str, ...], known, noun: str) -> list[str]:
    """Fields naming an item or clause the scheme does not have (a tampered form)."""
    names = set(data.keys()) | set(files.keys())
    stray = set()
    for name in names:
        prefix, sep, key = name.partition("_")
        if sep and prefix in prefixes and key not in known:
            stray.add(key)
    return [
        _("%(noun)s %(id)s is not part of the scheme; reload the sheet.")
        % {"noun": noun, "id": key}
        for key in sorted(stray)
    ]


def _uploads(rows: Rows, files, key_of) -> None:
    for row in rows.rows:
        file = files.get(f"evidence_{key_of(row)}")
        if file is None:
            continue
        problem = upload_problem(file)
        if problem:
            row.errors.append(problem)
        else:
            rows.uploads[key_of(row)] = file


# --- Evaluation sheet ---------------------------------------------------------


def item_rows_from_post(scheme: Scheme, data, files, *, complete: bool) -> Rows:
    """Read the posted item rows; with *complete*, an unrated item is an error too."""
    rows = Rows([], _stray(data, files, ITEM_FIELDS, scheme.items, _("Item")))
    for item in scheme.items.values():
        row = ItemRow(
            item,
            alpha=data.get(f"alpha_{item.id}", "").strip(),
            likert=data.get(f"likert_{item.id}", "").strip(),
            note=data.get(f"note_{item.id}", "").strip(),
        )
        _check_item(scheme, row)
        rows.rows.append(row)
    missing = [row.item.id for row in rows.rows if row.blank]
    if complete and missing:
        for row in rows.rows:
            if row.blank:
                row.errors.append(_("not rated: give α or a Likert level"))
        rows.problems.append(
            _("Items not rated: %(items)s. Every item must be rated.")
            % {"items": ", ".join(missing)}
        )
    _uploads(rows, files, lambda row: row.item.id)
    return rows


def _check_item(scheme: Scheme, row: ItemRow) -> None:
    if row.alpha and row.likert:
        row.errors.append(
            _("α %(alpha)s and Likert level %(level)s are both given: fill in only one")
            % {"alpha": row.alpha, "level": row.likert}
        )
    elif row.alpha:
        try:
            row.value = parse_alpha(row.alpha, scheme)
        except InputError as exc:
            row.errors.extend(problem_message(p) for p in exc.problems)
    elif row.likert:
        try:
            row.level = parse_likert(row.likert, scheme)
        except InputError as exc:
            row.errors.extend(problem_message(p) for p in exc.problems)
        else:
            row.value = scheme.likert_band(row.level).alpha


def item_rows_from_evaluation(scheme: Scheme, evaluation) -> Rows:
    ratings = {r.item_id: r for r in evaluation.ratings.all()} if evaluation else {}
    rows = Rows([])
    for item in scheme.items.values():
        rating = ratings.get(item.id)
        row = ItemRow(item)
        if rating is not None:
            row.alpha = "" if rating.alpha is None else str(rating.alpha)
            row.likert = "" if rating.likert is None else str(rating.likert)
            row.note = rating.note
            _check_item(scheme, row)
        rows.rows.append(row)
    return rows


def ratings_of(rows: Rows) -> dict[str, Rating]:
    """The rated items as the core's ratings: the α read from the cell, or the Likert level
    with the α the scheme maps it to (read once, here)."""
    return {row.item.id: Rating(row.value, row.level) for row in rows.rows if row.value is not None}


def notes_of(rows: Rows) -> dict[str, str]:
    return {row.item.id: row.note for row in rows.rows if row.value is not None}


# --- Maturity sheet -----------------------------------------------------------


def clause_rows_from_post(scheme: Scheme, data, files) -> Rows:
    rows = Rows([], _stray(data, files, CLAUSE_FIELDS, scheme.clauses, _("Clause")))
    for clause in scheme.clauses.values():
        row = ClauseRow(
            clause,
            level=data.get(f"level_{clause.id}", "").strip(),
            note=data.get(f"note_{clause.id}", "").strip(),
        )
        _check_clause(scheme, row)
        rows.rows.append(row)
    _uploads(rows, files, lambda row: row.clause.id)
    return rows


def _check_clause(scheme: Scheme, row: ClauseRow) -> None:
    if not row.level:
        return  # not yet rated: allowed, the level waits for every clause (RULES.md §2)
    try:
        row.value = parse_maturity(row.level, scheme)
    except InputError as exc:
        row.errors.extend(problem_message(p) for p in exc.problems)


def clause_rows_from_assessment(scheme: Scheme, assessment) -> Rows:
    stored = {r.clause_id: r for r in assessment.clause_ratings.all()}
    rows = Rows([])
    for clause in scheme.clauses.values():
        rating = stored.get(clause.id)
        row = ClauseRow(clause)
        if rating is not None:
            row.level, row.note, row.value = str(rating.level), rating.note, rating.level
        rows.rows.append(row)
    return rows


def levels_of(rows: Rows) -> dict[str, dict]:
    """The sheet as :func:`~greencert.web.projects.services.save_maturity` takes it."""
    return {row.clause.id: {"level": row.value, "note": row.note} for row in rows.rows}
