"""Excel exports: one project's findings, and the internal certificate register.

Inputs are plain lists of dicts (the web builds them from its models), so
these builders run anywhere.  Every workbook has one header row, frozen
panes and an autofilter; text is NFC, trimmed and stored as text (a name
starting with "=" stays a name, never a formula); dates are real Excel dates
shown yyyy-mm-dd; figures are numbers.  Written with openpyxl, the files
open in Excel, WPS and LibreOffice.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greencert.reports.certificate import certificate_number
from greencert.reports.text import (
    CERTIFICATE_STATUSES,
    NC_STATUSES,
    SEVERITIES,
    SOURCES,
    as_date,
    label,
    nfc,
)

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="E8F2EC")


def text(value: object) -> str:
    """NFC, trimmed, without the control characters a workbook cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", nfc(value)).strip()


def number(value: object) -> Decimal | int | None:
    """A figure (given as number or figure string) as a number cell value; None if blank."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None


class Sheet:
    """A worksheet written row by row under one header row."""

    def __init__(self, ws: Worksheet, headers: list[str], widths: list[int]):
        self.ws = ws
        for col, (title, width) in enumerate(zip(headers, widths, strict=True), 1):
            cell = ws.cell(row=1, column=col, value=text(title))
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        self.row = 1

    def add(self, values: list, formats: dict[int, str] | None = None) -> None:
        self.row += 1
        for col, value in enumerate(values, 1):
            cell = self.ws.cell(row=self.row, column=col)
            if isinstance(value, str):
                cell.value = text(value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, datetime.datetime | datetime.date):
                cell.value = as_date(value)
                cell.number_format = DATE_FORMAT
            else:
                cell.value = value
            if formats and col in formats and value is not None:
                cell.number_format = formats[col]

    def finish(self) -> None:
        self.ws.auto_filter.ref = self.ws.dimensions


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _date(value: object) -> datetime.date | str:
    day = as_date(value)
    return day if day else ""


# ---------------------------------------------------------------------------
# One project


def project_workbook(
    evaluations: list[dict],
    maturity: list[dict],
    nonconformities: list[dict],
    item_ids: list[str] | None = None,
) -> bytes:
    """Three sheets: evaluations (items as columns), maturity ratings, nonconformities.

    ``evaluations``: {"id", "source", "site", "date", "evaluator", "score", "alphas": {item: α}};
    ``maturity``: {"clause", "title", "level", "points", "worth"};
    ``nonconformities``: {"id", "reference", "severity", "status", "description", "due_date"}
    ("reference" names what it cites; a bare "clause" is also read).
    *item_ids* fixes the item columns and their order (default: as first met).
    """
    if item_ids is None:
        item_ids = []
        for ev in evaluations:
            item_ids += [i for i in ev.get("alphas", {}) if i not in item_ids]
    wb = Workbook()
    _evaluations_sheet(wb.active, evaluations, item_ids)
    _maturity_sheet(wb.create_sheet("成熟度 Maturity"), maturity)
    _nonconformities_sheet(wb.create_sheet("不符合项 Nonconformities"), nonconformities)
    return _save(wb)


def _evaluations_sheet(ws, evaluations: list[dict], item_ids: list[str]) -> None:
    ws.title = "测评 Evaluations"
    head = ["测评 Evaluation", "来源 Source", "场所 Site", "日期 Date", "评价人 Evaluator"]
    sheet = Sheet(
        ws, [*head, *item_ids, "得分 Score"], [14, 12, 22, 12, 16, *[7] * len(item_ids), 10]
    )
    first_item = len(head) + 1
    formats = {col: "0.00" for col in range(first_item, first_item + len(item_ids) + 1)}
    for ev in evaluations:
        alphas = ev.get("alphas", {})
        sheet.add(
            [
                ev.get("id", ""),
                label(SOURCES, ev.get("source")),
                ev.get("site", ""),
                _date(ev.get("date")),
                ev.get("evaluator", ""),
                *(number(alphas.get(i)) for i in item_ids),
                number(ev.get("score")),
            ],
            formats,
        )
    sheet.finish()


def _maturity_sheet(ws, maturity: list[dict]) -> None:
    sheet = Sheet(
        ws,
        ["条款 Clause", "管理要求 Requirement", "分值 Worth", "成熟度等级 Level", "得分 Points"],
        [10, 30, 10, 14, 10],
    )
    for row in maturity:
        sheet.add(
            [
                row.get("clause", ""),
                row.get("title", ""),
                number(row.get("worth")),
                number(row.get("level")),
                number(row.get("points")),
            ]
        )
    sheet.finish()


def _nonconformities_sheet(ws, nonconformities: list[dict]) -> None:
    sheet = Sheet(
        ws,
        [
            "编号 No.",
            "依据 Reference",
            "程度 Severity",
            "状态 Status",
            "说明 Description",
            "期限 Due",
        ],
        [10, 44, 14, 26, 40, 12],
    )
    for nc in nonconformities:
        sheet.add(
            [
                nc.get("id") or nc.get("code") or "",
                nc.get("reference") or nc.get("clause", ""),
                label(SEVERITIES, nc.get("severity")),
                nc.get("status_label") or label(NC_STATUSES, nc.get("status")),
                nc.get("description", ""),
                _date(nc.get("due_date")),
            ]
        )
    sheet.finish()


# ---------------------------------------------------------------------------
# The certificate register (an internal list; the regulator's upload is web/regulator's)

REGISTER_HEADERS = [
    "证书编号",
    "获证组织名称",
    "统一社会信用代码",
    "认证范围",
    "服务场所",
    "认证等级",
    "证书状态",
    "颁证日期",
    "有效期至",
]


def sites_text(sites: object) -> str:
    """Sites as one cell: "name（address）；…" (a list of dicts or of text, or text)."""
    if not sites:
        return ""
    if isinstance(sites, str):
        return " ".join(sites.split())
    parts = []
    for site in sites:
        if isinstance(site, dict):
            name, address = text(site.get("name")), text(site.get("address"))
            parts.append(f"{name}（{address}）" if address else name)
        else:
            parts.append(text(site))
    return "；".join(p for p in parts if p)


def certificate_register(certificates: list[dict]) -> bytes:
    """All certificates, one row each.

    Each dict: {"number", "revision", "organisation", "uscc", "scope", "sites", "grade",
    "status", "granted_on", "expires_on"}; ``status`` is a code (valid, suspended,
    withdrawn, expired) or a label.  The number is the permanent one, upper case without
    spaces; the revision, when given, is added as ``-R<n>``.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "证书清单"
    sheet = Sheet(ws, REGISTER_HEADERS, [24, 32, 22, 40, 40, 10, 10, 12, 12])
    for cert in certificates:
        revision = int(cert.get("revision") or 0)
        base = certificate_number(cert.get("number"))
        sheet.add(
            [
                f"{base}-R{revision}" if revision else base,
                " ".join(text(cert.get("organisation")).split()),
                certificate_number(cert.get("uscc")),
                " ".join(text(cert.get("scope")).split()),
                sites_text(cert.get("sites")),
                text(cert.get("grade")).upper(),
                label(CERTIFICATE_STATUSES, cert.get("status")),
                _date(cert.get("granted_on")),
                _date(cert.get("expires_on")),
            ]
        )
    sheet.finish()
    return _save(wb)
