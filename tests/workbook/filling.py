"""Fill a template the way a person does in a spreadsheet, through openpyxl.

Numbers go in as Python floats and ints, which is what Excel stores;
the tests then read the saved file back.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from greencert.workbook.layout import (
    CHECKLIST_HEADER_ROW,
    EVALUATION_FIELDS,
    EXEMPTION_FIELDS,
    FIELD_VALUE_COLUMN,
    ChecklistColumn,
    EvaluationColumn,
    MaturityColumn,
    NonconformityColumn,
    label_of,
)

FIELD_LABELS = {key: zh for key, zh, _ in EVALUATION_FIELDS}


def open_book(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def row_of(ws, first_column_value: str, below: int = 7) -> int:
    """The row whose column A holds an item or clause id (below the header block)."""
    for (cell,) in ws.iter_rows(min_row=below + 1, min_col=1, max_col=1):
        if cell.value == first_column_value:
            return cell.row
    raise KeyError(first_column_value)


def field_row(ws, key: str) -> int:
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if label_of(cell.value) == FIELD_LABELS[key]:
            return cell.row
    raise KeyError(key)


def fill_evaluation(ws, scheme, alpha=None, likert=None, every_alpha=None, **fields) -> None:
    """Header fields, then α and Likert per item; *every_alpha* fills the other items."""
    alpha, likert = alpha or {}, likert or {}
    for key, value in fields.items():
        ws.cell(field_row(ws, key), FIELD_VALUE_COLUMN, value)
    for item_id in scheme.items:
        row = row_of(ws, item_id)
        if item_id in alpha:
            ws.cell(row, EvaluationColumn.ALPHA, alpha[item_id])
        if item_id in likert:
            ws.cell(row, EvaluationColumn.LIKERT, likert[item_id])
        if item_id not in alpha and item_id not in likert and every_alpha is not None:
            ws.cell(row, EvaluationColumn.ALPHA, every_alpha)


def fill_maturity(ws, levels: dict[str, object]) -> None:
    for clause_id, level in levels.items():
        ws.cell(row_of(ws, clause_id, below=3), MaturityColumn.LEVEL, level)


def fill_nonconformity(ws, row: int, **values) -> None:
    for key, value in values.items():
        ws.cell(row, NonconformityColumn[key.upper()], value)


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


def fill_verdicts(ws, verdicts: dict[str, object], reasons: dict[str, str] | None = None) -> None:
    """Type a verdict (as a person would: the list's entry or a word alone) per checklist row."""
    for clause_id, verdict in verdicts.items():
        row = row_of(ws, clause_id, below=CHECKLIST_HEADER_ROW)
        ws.cell(row, ChecklistColumn.VERDICT, verdict)
    for clause_id, reason in (reasons or {}).items():
        ws.cell(row_of(ws, clause_id, below=CHECKLIST_HEADER_ROW), ChecklistColumn.REASON, reason)


def fill_exemption(ws, **values) -> None:
    """The §5.2.2 block of the GB/T 19001 sheet: certificate_expires, audit_date, clauses."""
    labels = {key: zh for key, zh, _ in EXEMPTION_FIELDS}
    for key, value in values.items():
        for (cell,) in ws.iter_rows(min_col=1, max_col=1, max_row=CHECKLIST_HEADER_ROW):
            if label_of(cell.value) == labels[key]:
                ws.cell(cell.row, FIELD_VALUE_COLUMN + 1, value)
