"""Read a checklist sheet (GB/T 19001 or §4.2.2) into the contract's verdicts and exemption.

A blank verdict cell is a row not yet judged.  A verdict may be typed as the
drop-down offers it (``符合 conforms``) or as either word alone; any other
word is refused, naming sheet, row and value.  A row out of scope needs its
reason.  The §5.2.2 block (GB/T 19001 sheet only) gives the contract's
``"exemption"``; its clauses are checked here against the checklist so that
a wrong id is named with its sheet and row.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from greencert.core.checklist import Checklist, verdicts_for
from greencert.core.exceptions import Problem
from greencert.workbook.cells import find_row, is_blank, is_formula, text
from greencert.workbook.layout import (
    CHECKLIST_HEADER_ROW,
    CHECKLIST_HEADERS,
    EXEMPTION_FIELDS,
    FIELD_VALUE_COLUMN,
    QMS,
    VERDICT_WORDS,
    label_of,
    verdict_choice,
)
from greencert.workbook.layout import ChecklistColumn as K
from greencert.workbook.limits import Sheet

EXEMPTION_LABELS = {zh: (key, f"{zh} {en}") for key, zh, en in EXEMPTION_FIELDS}
EXEMPTION_VALUE_COLUMN = FIELD_VALUE_COLUMN + 1
CLAUSE_SEPARATORS = re.compile(r"[\s,，、;；]+")


@dataclass
class SheetAudit:
    """What one checklist sheet holds: verdicts in checklist order, reasons, the exemption."""

    verdicts: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    exemption: dict | None = None


def verdict_of(value: str, kind: str) -> str | None:
    """The contract's verdict for a typed *value*, or ``None`` if it is none of them.

    >>> verdict_of("符合 conforms", "qms"), verdict_of("不适用", "qms"), verdict_of("Major", "qms")
    ('conforms', 'out_of_scope', 'major')
    >>> verdict_of("豁免", "specific") is None, verdict_of("ok", "qms") is None
    (True, True)
    """
    typed = " ".join(value.split()).lower()
    for verdict in verdicts_for(kind):
        words = {verdict, verdict.replace("_", " "), VERDICT_WORDS[verdict]}
        if typed in words or typed == verdict_choice(verdict).lower():
            return verdict
    return None


def has_entries(ws: Sheet) -> bool:
    """Whether anything is typed in the sheet's verdict or reason cells, or its §5.2.2 block."""
    header = find_row(ws, CHECKLIST_HEADERS[0][0], CHECKLIST_HEADER_ROW)
    for cells in ws.iter_rows(min_row=2, max_col=len(K)):
        typed = (
            cells[EXEMPTION_VALUE_COLUMN - 1 : EXEMPTION_VALUE_COLUMN]
            if cells[0].row < header
            else cells[K.VERDICT - 1 : K.REASON]
            if cells[0].row > header
            else ()
        )
        if any(not is_blank(cell.value) for cell in typed):
            return True
    return False


def read_checklist(ws: Sheet, checklist: Checklist, problems: list[Problem]) -> SheetAudit:
    sheet, kind = ws.title, checklist.kind
    header = find_row(ws, CHECKLIST_HEADERS[0][0], CHECKLIST_HEADER_ROW)
    found = SheetAudit()
    rows: dict[str, int] = {}
    for cells in ws.iter_rows(min_row=header + 1, max_col=len(K)):
        row, clause_id = cells[0].row, text(cells[0].value)
        verdict_cell, reason = cells[K.VERDICT - 1], text(cells[K.REASON - 1].value)
        if clause_id not in checklist.clauses:
            if not is_blank(verdict_cell.value):
                problems.append(Problem(code="workbook.stray_verdict", sheet=sheet, row=row))
            continue
        where = {"sheet": sheet, "row": row, "clause": clause_id}
        if clause_id in rows:
            params = {"clause": clause_id, "other_row": str(rows[clause_id])}
            problems.append(Problem(code="workbook.clause_twice", params=params, **where))
            continue
        rows[clause_id] = row
        if is_formula(verdict_cell):
            problems.append(Problem(code="workbook.cell_formula", **where))
        elif not is_blank(verdict_cell.value):
            _verdict(found, text(verdict_cell.value), reason, kind, where, problems)
    order = list(checklist.clauses)
    found.verdicts = dict(sorted(found.verdicts.items(), key=lambda pair: order.index(pair[0])))
    if kind == QMS:
        found.exemption = _exemption(ws, header, checklist, problems)
    return found


def _verdict(found: SheetAudit, typed: str, reason: str, kind: str, where: dict, problems) -> None:
    verdict = verdict_of(typed, kind)
    if verdict is None:
        allowed = verdicts_for(kind)
        params = {"value": repr(typed), "choices": ", ".join(verdict_choice(v) for v in allowed)}
        code = "checklist.bad_verdict"
        if verdict_of(typed, QMS) == "exempted":
            code = "checklist.exempted_specific"  # §5.2.2 exempts GB/T 19001 rows only
        problems.append(Problem(code=code, params=params, value=typed, **where))
    elif verdict == "out_of_scope" and not reason:
        problems.append(Problem(code="workbook.needs_reason", **where))
    else:
        found.verdicts[where["clause"]] = verdict
        if reason:
            found.reasons[where["clause"]] = reason


def _exemption(ws: Sheet, header: int, checklist: Checklist, problems) -> dict | None:
    """The §5.2.2 block above the table, as the contract's ``"exemption"``; blank: ``None``."""
    fields: dict[str, tuple[int, object, str]] = {}
    for cells in ws.iter_rows(max_col=EXEMPTION_VALUE_COLUMN):
        if cells[0].row >= header:
            break
        if label_of(cells[0].value) in EXEMPTION_LABELS:
            key, label = EXEMPTION_LABELS[label_of(cells[0].value)]
            fields.setdefault(key, (cells[0].row, cells[EXEMPTION_VALUE_COLUMN - 1].value, label))
    if all(is_blank(value) for _, value, _ in fields.values()):
        return None
    start, out = len(problems), {}
    for key, _zh, _en in EXEMPTION_FIELDS:
        row, value, label = fields.get(key, (None, None, key))
        where = {"sheet": ws.title, "row": row, "field": label}
        if key == "clauses":
            out[key] = _clauses(text(value), checklist, where, problems)
        elif is_blank(value):
            params = {"key": label}
            problems.append(Problem(code="exemption.needs_date", params=params, **where))
        else:
            out[key] = _date(value, label, where, problems)
    return out if len(problems) == start else None


def _date(value: object, label: str, where: dict, problems: list[Problem]) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return text(value)
    try:
        return datetime.date.fromisoformat(text(value)).isoformat()
    except ValueError:
        params = {"key": label, "value": repr(text(value))}
        problems.append(Problem(code="exemption.bad_date", params=params, value=value, **where))
        return ""


def _clauses(typed: str, checklist: Checklist, where: dict, problems) -> list[str]:
    clauses = [c for c in CLAUSE_SEPARATORS.split(typed) if c]
    for clause_id in clauses:
        if clause_id not in checklist.clauses:
            params = {"checklist": checklist.label}
            problems.append(
                Problem(
                    code="checklist.not_row",
                    params=params,
                    value=clause_id,
                    sheet=where["sheet"],
                    row=where["row"],
                    clause=clause_id,
                )
            )
    return clauses
