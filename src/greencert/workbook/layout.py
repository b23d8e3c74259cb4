"""Where things are in a GreenCert workbook: the one layout the writer and the reader share.

A data sheet is recognised by its *marker*, a text in row 1 of a hidden
column (``greencert:evaluation:CTS TBSC041-2026 B/0``), never by its name,
so people may rename or copy sheets.  The marker also names the scheme the
sheet was made for, so that a B/0 workbook is not read against B/1.

Inside a sheet, the reader finds rows by what column A says (a field
label, an item id, a clause id), so a row inserted above the table does
no harm; columns are fixed, as listed here.
"""

from __future__ import annotations

from enum import IntEnum

from greencert.core.scheme import Scheme

EVALUATION = "evaluation"
MATURITY = "maturity"
NONCONFORMITIES = "nonconformities"

MARKER_COLUMN = 26  # Z, hidden
INSTRUCTIONS_SHEET = "说明"
MATURITY_SHEET = "成熟度"
NONCONFORMITY_SHEET = "不符合项"
TEXT_FORMAT = "@"  # ids stay text: "1.1" must never become a number or a date


def marker(kind: str, scheme: Scheme) -> str:
    return f"greencert:{kind}:{scheme.label}"


def parse_marker(value: object) -> tuple[str, str] | None:
    """``(kind, scheme label)`` of a marker text, or ``None`` if it is not one."""
    if not isinstance(value, str) or not value.startswith("greencert:"):
        return None
    kind, _, label = value.removeprefix("greencert:").partition(":")
    return kind, label


def header_text(label: tuple[str, str]) -> str:
    """A header cell: Chinese on the first line, short English below."""
    return f"{label[0]}\n{label[1]}"


def label_of(value: object) -> str:
    """The Chinese part of a label cell (its first word), to recognise rows."""
    return value.split()[0] if isinstance(value, str) and value.strip() else ""


# --- Evaluation sheet (one per evaluation, §5.1.2) ---------------------------

EVALUATION_FIELDS = (  # key, Chinese, English: the header block, one row each
    ("id", "测评编号", "ID"),
    ("evaluator", "测评人", "Evaluator"),
    ("rater", "评价人账号", "Rater account"),
    ("date", "日期", "Date"),
    ("site", "场所", "Site"),
    ("source", "来源", "Source"),
)
EVALUATION_FIRST_FIELD_ROW = 2
EVALUATION_HEADER_ROW = 9
FIELD_VALUE_COLUMN = 2


class EvaluationColumn(IntEnum):
    ITEM = 1
    CHARACTERISTIC = 2
    ASPECT = 3
    REQUIREMENT = 4
    WEIGHT = 5
    ALPHA = 6
    LIKERT = 7
    BAND = 8
    POINTS = 9


EVALUATION_HEADERS = (
    ("项目编号", "Item"),
    ("服务特性", "Characteristic"),
    ("方面", "Aspect"),
    ("评价内容", "Requirement"),
    ("分值", "Weight"),
    ("α 经验系数", "α 0–1"),
    ("Likert 等级", "Level 1–5"),
    ("档次", "Band"),
    ("得分", "Points"),
)


# --- Maturity sheet (Appendix 3) ---------------------------------------------

MATURITY_HEADER_ROW = 3


class MaturityColumn(IntEnum):
    CLAUSE = 1
    CHAPTER = 2
    TITLE = 3
    WORTH = 4
    POINTS_PER_LEVEL = 5
    GUIDANCE = 6
    LEVEL = 7
    POINTS = 8
    EVIDENCE = 9


MATURITY_HEADERS = (
    ("条款编号", "Clause"),
    ("章", "Chapter"),
    ("条款", "Title"),
    ("分值", "Worth"),
    ("各级得分", "Points, levels 1–5"),
    ("审核指南", "Guidance"),
    ("成熟度等级", "Level 1–5"),
    ("得分", "Points"),
    ("证据/备注", "Evidence / note"),
)


# --- Nonconformity sheet (RULES.md §3) ---------------------------------------

NONCONFORMITY_HEADER_ROW = 3
NONCONFORMITY_ROWS = 100  # rows prepared with validations; more may be added below


class NonconformityColumn(IntEnum):
    ID = 1
    CLAUSE = 2
    ITEM = 3
    SEVERITY = 4
    STATUS = 5
    DESCRIPTION = 6


NONCONFORMITY_HEADERS = (
    ("编号", "ID"),
    ("条款", "Clause"),
    ("评价项目(可空)", "Item (optional)"),
    ("严重程度", "Severity"),
    ("状态", "Status"),
    ("描述", "Description"),
)


# --- Checklist sheets: GB/T 19001 (§4.2.1, §5.2.1) and §4.2.2 ------------------
# Their marker names the checklist and its content hash, not the scheme:
# ``greencert:qms:GB/T 19001-2016 GC1:<sha256>``.

QMS = "qms"
SPECIFIC = "specific"
CHECKLIST_SHEETS = {QMS: "GB-T 19001", SPECIFIC: "§4.2.2"}  # Excel forbids "/" in a sheet name
CHECKLIST_HEADER_ROW = 7  # the §5.2.2 exemption block sits above it on the GB/T 19001 sheet

# What a verdict cell may hold: the drop-down's entry, or either of its words alone.
VERDICT_WORDS = {
    "conforms": "符合",
    "minor": "一般不符合",
    "major": "严重不符合",
    "exempted": "豁免",
    "out_of_scope": "不适用",
}


def verdict_choice(verdict: str) -> str:
    """A verdict as the drop-down offers it, Chinese first: ``符合 conforms``."""
    return f"{VERDICT_WORDS[verdict]} {verdict}"


def checklist_marker(kind: str, label: str, digest: str) -> str:
    return f"greencert:{kind}:{label}:{digest}"


def split_checklist_label(label: str) -> tuple[str, str]:
    """``(checklist label, hash)`` of a checklist marker's label part (the hash comes last)."""
    name, _, digest = label.rpartition(":")
    return (name, digest) if name else (label, "")


EXEMPTION_FIELDS = (  # key, Chinese, English: the §5.2.2 block, one row each from row 2
    ("certificate_expires", "证书有效期至", "Certificate expires"),
    ("audit_date", "审核日期", "Audit date"),
    ("clauses", "豁免条款", "Exempted clauses"),
)
EXEMPTION_FIRST_ROW = 3


class ChecklistColumn(IntEnum):
    ID = 1
    TITLE = 2
    TITLE_EN = 3
    NOTE = 4
    VERDICT = 5
    REASON = 6
    NOTES = 7


CHECKLIST_HEADERS = (
    ("条款", "Clause"),
    ("标题", "Title"),
    ("英文标题", "Title (English)"),
    ("审核要点", "What to look at"),
    ("结论", "Verdict"),
    ("不适用理由", "Reason if out of scope"),
    ("证据/备注", "Evidence / note"),
)
