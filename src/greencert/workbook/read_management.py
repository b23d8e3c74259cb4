"""Read the maturity sheet (Appendix 3) and the nonconformity sheet (RULES.md §3).

Maturity: one level per clause row; clauses left blank are simply not
rated yet (the core then gives no management level).  Nonconformities:
one per row; blank rows are skipped.  The description column is for the
auditor's record and is not part of the score input.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from greencert.core.exceptions import Problem
from greencert.core.inputs import NC_STATES, SEVERITIES, parse_maturity
from greencert.core.scheme import Scheme
from greencert.workbook.cells import exact, find_row, is_blank, is_formula, text
from greencert.workbook.layout import (
    MATURITY_HEADER_ROW,
    MATURITY_HEADERS,
    NONCONFORMITY_HEADER_ROW,
    NONCONFORMITY_HEADERS,
)
from greencert.workbook.layout import MaturityColumn as M
from greencert.workbook.layout import NonconformityColumn as N
from greencert.workbook.read_evaluation import FORMULA


def read_maturity(ws: Worksheet, scheme: Scheme, problems: list[Problem]) -> dict[str, int]:
    """Clause levels in scheme order; an empty sheet gives ``{}``."""
    sheet = f"sheet {ws.title}"
    header = find_row(ws, MATURITY_HEADERS[0][0], MATURITY_HEADER_ROW)
    levels: dict[str, int] = {}
    rows: dict[str, int] = {}
    for cells in ws.iter_rows(min_row=header + 1, max_col=len(M)):
        row, clause_id, cell = cells[0].row, text(cells[0].value), cells[M.LEVEL - 1]
        if clause_id not in scheme.clauses:
            if not is_blank(cell.value):
                message = "has a level but no clause id of the scheme in column A"
                problems.append(Problem(f"{sheet} row {row}", message))
            continue
        where = f"{sheet} row {row} (clause {clause_id})"
        if clause_id in rows:
            problems.append(Problem(where, f"clause {clause_id} is also on row {rows[clause_id]}"))
            continue
        rows[clause_id] = row
        if is_formula(cell):
            problems.append(Problem(where, f"the level cell {FORMULA}"))
        elif not is_blank(cell.value):
            found: list[Problem] = []
            levels |= parse_maturity({clause_id: exact(cell.value)}, scheme, found)
            problems.extend(Problem(where, p.message) for p in found)
    return {cid: levels[cid] for cid in scheme.clauses if cid in levels}


def read_nonconformities(
    ws: Worksheet, scheme: Scheme, problems: list[Problem], seen: dict[str, str]
) -> list[dict]:
    """One entry per filled row; *seen* maps ids to where they were first given."""
    sheet = f"sheet {ws.title}"
    header = find_row(ws, NONCONFORMITY_HEADERS[0][0], NONCONFORMITY_HEADER_ROW)
    out = []
    for cells in ws.iter_rows(min_row=header + 1, max_col=len(N)):
        if all(is_blank(cell.value) for cell in cells):
            continue
        where = f"{sheet} row {cells[0].row}"
        if any(is_formula(cell) for cell in cells):
            problems.append(Problem(where, f"a cell {FORMULA}"))
            continue
        value = {column: text(cells[column - 1].value) for column in N}
        entry = _nonconformity(value, scheme, where, problems, seen)
        if entry:
            out.append(entry)
    return out


def _nonconformity(
    value: dict, scheme: Scheme, where: str, problems: list[Problem], seen: dict[str, str]
) -> dict | None:
    start = len(problems)
    ncid = value[N.ID]
    if not ncid:
        problems.append(Problem(where, "needs an id (编号)"))
    else:
        where = f"{where} (nonconformity {ncid})"
        if ncid in seen:
            problems.append(Problem(where, f"id {ncid!r} is also used on {seen[ncid]}"))
        seen.setdefault(ncid, where.split(" (")[0])
    clause, item = value[N.CLAUSE], value[N.ITEM]
    severity, status = value[N.SEVERITY].lower(), value[N.STATUS].lower()
    if clause not in scheme.clauses:
        problems.append(Problem(where, f"clause {clause!r} is not a clause of the scheme"))
    if item and item not in scheme.items:
        problems.append(Problem(where, f"item {item!r} is not an item of the scheme"))
    if severity not in SEVERITIES:
        problems.append(Problem(where, f"severity {severity!r} is not {' or '.join(SEVERITIES)}"))
    if status and status not in NC_STATES:
        problems.append(Problem(where, f"status {status!r} is not one of {', '.join(NC_STATES)}"))
    if len(problems) > start:
        return None
    entry = {"id": ncid, "clause": clause, "severity": severity}
    if item:
        entry["item"] = item
    if status:
        entry["status"] = status  # blank means open, as in the score contract
    return entry
