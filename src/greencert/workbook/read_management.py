"""Read the maturity sheet (Appendix 3) and the nonconformity sheet (RULES.md §3).

Maturity: one level per clause row; clauses left blank are simply not
rated yet (the core then gives no management level).  Nonconformities:
one per row; blank rows are skipped.  The description column is for the
auditor's record and is not part of the score input.
"""

from __future__ import annotations

from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import nonconformity_problems, parse_maturity
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
from greencert.workbook.limits import Sheet


def read_maturity(ws: Sheet, scheme: Scheme, problems: list[Problem]) -> dict[str, int]:
    """Clause levels in scheme order; an empty sheet gives ``{}``."""
    sheet = ws.title
    header = find_row(ws, MATURITY_HEADERS[0][0], MATURITY_HEADER_ROW)
    levels: dict[str, int] = {}
    rows: dict[str, int] = {}
    for cells in ws.iter_rows(min_row=header + 1, max_col=len(M)):
        row, clause_id, cell = cells[0].row, text(cells[0].value), cells[M.LEVEL - 1]
        if clause_id not in scheme.clauses:
            if not is_blank(cell.value):
                problems.append(Problem(code="workbook.stray_level", sheet=sheet, row=row))
            continue
        where = {"sheet": sheet, "row": row, "clause": clause_id}
        if clause_id in rows:
            params = {"clause": clause_id, "other_row": str(rows[clause_id])}
            problems.append(Problem(code="workbook.clause_twice", params=params, **where))
            continue
        rows[clause_id] = row
        if is_formula(cell):
            problems.append(Problem(code="workbook.level_formula", **where))
        elif not is_blank(cell.value):
            try:
                levels[clause_id] = parse_maturity(exact(cell.value), scheme)
            except InputError as refused:
                problems.extend(p.at(**where) for p in refused.problems)
    return {cid: levels[cid] for cid in scheme.clauses if cid in levels}


def read_nonconformities(
    ws: Sheet, scheme: Scheme, problems: list[Problem], seen: dict[str, str]
) -> list[dict]:
    """One entry per filled row; *seen* maps ids to where they were first given."""
    sheet = ws.title
    header = find_row(ws, NONCONFORMITY_HEADERS[0][0], NONCONFORMITY_HEADER_ROW)
    out = []
    for cells in ws.iter_rows(min_row=header + 1, max_col=len(N)):
        if all(is_blank(cell.value) for cell in cells):
            continue
        where = {"sheet": sheet, "row": cells[0].row}
        if any(is_formula(cell) for cell in cells):
            problems.append(Problem(code="workbook.cell_formula", **where))
            continue
        value = {column: text(cells[column - 1].value) for column in N}
        entry = _nonconformity(value, scheme, where, problems, seen)
        if entry:
            out.append(entry)
    return out


def _nonconformity(
    value: dict, scheme: Scheme, where: dict, problems: list[Problem], seen: dict[str, dict]
) -> dict | None:
    start = len(problems)
    ncid = value[N.ID]
    if not ncid:
        problems.append(Problem(code="workbook.needs_nonconformity_id", **where))
    else:
        if ncid in seen:
            params = {"id": repr(ncid), "other_sheet": seen[ncid]["sheet"]}
            params["other_row"] = str(seen[ncid]["row"])
            problems.append(
                Problem(
                    code="workbook.nonconformity_id_twice",
                    params=params,
                    value=ncid,
                    nonconformity=ncid,
                    **where,
                )
            )
        seen.setdefault(ncid, where)
        where = {**where, "nonconformity": ncid}
    entry = {"id": ncid, "clause": value[N.CLAUSE], "severity": value[N.SEVERITY].lower()}
    if value[N.ITEM]:
        entry["item"] = value[N.ITEM]
    if value[N.STATUS]:
        entry["status"] = value[N.STATUS].lower()  # blank means open, as in the score contract
    found = nonconformity_problems(
        scheme,
        clause=entry["clause"],
        severity=entry["severity"],
        status=entry.get("status", "open"),
        item=entry.get("item"),
    )
    problems += [p.at(**where) for p in found]
    return None if len(problems) > start else entry
