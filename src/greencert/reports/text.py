"""Text as it goes into documents: NFC-normalised, escaped for ReportLab markup, dates, labels.

Chinese is the language of the documents (the certification body's
documents of record), with short English subtitles where a reader abroad
needs them.  Codes coming from the web or the core (sources, roles,
statuses) are turned into labels here, once; an unknown code is printed
as given rather than dropped.
"""

from __future__ import annotations

import datetime
import unicodedata
from xml.sax.saxutils import escape


def nfc(value: object) -> str:
    """Any value as NFC text ("" for None): a name typed on a Mac prints like one typed in Windows."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value))


def markup(value: object) -> str:
    """Text safe inside a ReportLab Paragraph (which reads a small XML markup)."""
    return escape(nfc(value)).replace("\n", "<br/>")


def as_date(value: object) -> datetime.date | None:
    """A date from a date, a datetime or an ISO string; ``None`` for nothing."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip()[:10])


def date_text(value: object) -> str:
    day = as_date(value)
    return day.isoformat() if day else ""


def date_zh(value: object) -> str:
    day = as_date(value)
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


SOURCES = {
    "auditor": "审核员",
    "mystery_shopper": "神秘顾客",
    "customer": "顾客",
    "self": "自评",
}

ROLES = {
    "leader": "审核组长 Team leader",
    "evaluator": "审核员 Evaluator",
    "expert": "技术专家 Technical expert",
}

SEVERITIES = {"major": "严重 Major", "minor": "一般 Minor"}

NC_STATUSES = {
    "open": "未关闭 Open",
    "answered": "已答复待验证 Answered",
    "returned": "退回组织 Returned",
    "plan_accepted": "纠正措施计划已接受 Plan accepted",
    "closed": "已关闭 Closed",
}

CERTIFICATE_STATUSES = {
    "valid": "有效",
    "suspended": "暂停",
    "withdrawn": "撤销",
    "expired": "过期",
}


def label(table: dict[str, str], code: object) -> str:
    text = nfc(code)
    return table.get(text, text)
