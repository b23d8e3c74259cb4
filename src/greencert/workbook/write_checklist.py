"""The checklist sheets: GB/T 19001 (§4.2.1, §5.2.1) and the scheme's §4.2.2 rows.

One row per checklist row: its id, title in Chinese and English, what the
auditor looks at, a verdict picked from a list (Chinese first, the contract's
word after it), the reason when a row is out of scope, and room for evidence.
The GB/T 19001 sheet carries the §5.2.2 exemption block above its table.
The hidden marker names the checklist and its content hash, so a workbook
made for another checklist version is refused when read.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from greencert.core.checklist import Checklist, verdicts_for
from greencert.workbook import style
from greencert.workbook.layout import (
    CHECKLIST_HEADER_ROW,
    CHECKLIST_HEADERS,
    CHECKLIST_SHEETS,
    EXEMPTION_FIELDS,
    EXEMPTION_FIRST_ROW,
    FIELD_VALUE_COLUMN,
    MARKER_COLUMN,
    QMS,
    checklist_marker,
    verdict_choice,
)
from greencert.workbook.layout import ChecklistColumn as K

WIDTHS = {K.ID: 10, K.TITLE: 24, K.TITLE_EN: 28, K.NOTE: 48, K.VERDICT: 18, K.REASON: 24}
WIDTHS |= {K.NOTES: 30}
EXEMPTION_HINTS = {
    "certificate_expires": "YYYY-MM-DD",
    "audit_date": "YYYY-MM-DD",
    "clauses": "条款编号，逗号分隔，如 7.1.5, 8.3 · clause ids, comma-separated",
}


def write_checklist_sheet(wb: Workbook, checklist: Checklist) -> None:
    ws = wb.create_sheet(CHECKLIST_SHEETS[checklist.kind])
    style.title(ws, f"{checklist.title} · {checklist.label}", len(K), None, None)
    ws.cell(1, MARKER_COLUMN, checklist_marker(checklist.kind, checklist.label, checklist.hash))
    ws.column_dimensions[get_column_letter(MARKER_COLUMN)].hidden = True
    style.set_widths(ws, WIDTHS)
    choices = [verdict_choice(v) for v in verdicts_for(checklist.kind)]
    style.note(
        ws,
        2,
        f"每行选一个结论（{' / '.join(choices)}）；留空为未审核。不适用须写明理由。"
        f"{'豁免须有下方 §5.2.2 豁免记录且列出该条款。' if checklist.kind == QMS else ''}"
        f" · Pick a verdict per row; blank means not yet judged. Out of scope needs a reason."
        f"{' Exempted needs the §5.2.2 block below to list the clause.' if checklist.kind == QMS else ''}",
        1,
        len(K),
        WIDTHS,
    )
    if checklist.kind == QMS:
        _exemption_block(ws)
    style.header_row(ws, CHECKLIST_HEADER_ROW, CHECKLIST_HEADERS)
    first = CHECKLIST_HEADER_ROW + 1
    for row, clause in enumerate(checklist.clauses.values(), start=first):
        note = f"{clause.note}\n{clause.note_en}"
        style.text_cell(ws, row, K.ID, clause.id)
        ws.cell(row, K.TITLE, clause.title)
        ws.cell(row, K.TITLE_EN, clause.title_en)
        ws.cell(row, K.NOTE, note)
        for column in K:
            cell = ws.cell(row, column)
            cell.border, cell.alignment = style.BOX, style.WRAP
        for column in (K.VERDICT, K.REASON, K.NOTES):
            ws.cell(row, column).fill = style.INPUT_FILL
        style.fit(ws, row, [(note, WIDTHS[K.NOTE]), (clause.title_en, WIDTHS[K.TITLE_EN])])
    end = first + len(checklist.clauses) - 1
    letter = get_column_letter(K.VERDICT)
    validation = style.list_validation(choices, "结论 · verdict")
    style.validate(ws, validation, f"{letter}{first}:{letter}{end}")
    ws.freeze_panes = ws.cell(first, 1)


def _exemption_block(ws) -> None:
    """§5.2.2: the certificate's expiry, the audit date and the clauses exempted."""
    for row, (key, zh, en) in enumerate(EXEMPTION_FIELDS, start=EXEMPTION_FIRST_ROW):
        ws.cell(row, 1, f"{zh} {en}").font = style.BOLD
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=FIELD_VALUE_COLUMN)
        value = ws.cell(row, FIELD_VALUE_COLUMN + 1)
        value.fill, value.border = style.INPUT_FILL, style.BOX
        value.number_format = style.TEXT_FORMAT if key == "clauses" else "yyyy-mm-dd"
        ws.cell(row, FIELD_VALUE_COLUMN + 2, EXEMPTION_HINTS[key]).font = style.HINT
    caption = EXEMPTION_FIRST_ROW + len(EXEMPTION_FIELDS)
    hint = "§5.2.2 豁免仅在证书于审核日期有效时成立 · valid certificate on the audit date"
    ws.cell(caption, 1, hint).font = style.HINT
