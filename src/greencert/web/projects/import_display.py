"""The import preview's rows, worded for the page: what would change, grouped by sheet.

The changes themselves come from :func:`greencert.workbook.changes.changes`;
here each is only given its label and its values in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from greencert.web.projects.models import Evaluation, Verdict
from greencert.workbook.changes import Changed, Changes, Score

GROUPS = ("evaluation", "maturity", "qms", "specific")


@dataclass(frozen=True)
class Row:
    key: str  # the evaluation or clause id
    field: str
    before: str
    after: str
    cleared: bool  # the import would remove the stored value


@dataclass(frozen=True)
class Group:
    part: str
    title: str
    rows: list[Row]


def change_groups(changes: Changes) -> list[Group]:
    """The changed cells by sheet, in the order of :data:`GROUPS`; empty sheets left out."""
    titles = {
        "evaluation": _("Changed evaluations"),
        "maturity": _("Changed maturity levels"),
        "qms": _("Changed GB/T 19001 verdicts"),
        "specific": _("Changed §4.2.2 verdicts"),
    }
    groups = []
    for part in GROUPS:
        rows = [_row(c) for c in changes.changed if c.part == part]
        if rows:
            groups.append(Group(part, titles[part], rows))
    return groups


def _row(change: Changed) -> Row:
    return Row(
        key=change.key,
        field=field_label(change),
        before=value_text(change.field, change.before),
        after=value_text(change.field, change.after),
        cleared=change.after is None,
    )


def field_label(change: Changed) -> str:
    labels = {
        "evaluator": _("evaluator"),
        "rater": _("rater account"),
        "date": _("date"),
        "site": _("site"),
        "source": _("source"),
        "level": _("maturity level"),
        "verdict": _("verdict"),
        "reason": _("reason it is out of scope"),
    }
    if change.field in labels:
        return labels[change.field]
    return _("item %(id)s") % {"id": change.field}


def value_text(field: str, value: object) -> str:
    """A value as the page shows it; an empty stored or given value as a dash."""
    if value is None:
        return "—"
    if isinstance(value, Score):
        if value.likert is not None:
            return pgettext("Likert", "level %(level)d") % {"level": value.likert}
        return str(value)  # "α 0.9": the same in both languages
    if field == "source":
        return str(Evaluation.Source(value).label)
    if field == "verdict":
        return str(Verdict(value).label)
    return str(value)


@dataclass(frozen=True)
class AddedRow:
    id: str
    source: str
    site: str
    ratings: int


def added_rows(changes: Changes) -> list[AddedRow]:
    """The evaluations the import would add, their source in words."""
    return [
        AddedRow(a.id, value_text("source", a.source), a.site or "—", a.ratings)
        for a in changes.added
    ]
