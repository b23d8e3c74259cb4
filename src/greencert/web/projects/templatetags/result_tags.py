"""``{% evaluation_rows shown.evaluations %}``: the rows of the project page's evaluation table.

A project may hold hundreds of evaluations; written by ``format_html_join``
(every value escaped) the rows cost a small part of what the same markup
costs as a template loop, and the page stays the same.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

ROW = '<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td></tr>\n'


@register.simple_tag
def evaluation_rows(rows: list[dict]):
    not_counted = _("does not count")
    return format_html_join(
        "",
        ROW,
        (
            (
                "" if row["counts"] else format_html(' class="{}"', "muted"),
                format_html('<a href="{}">{}</a>', row["url"], row["code"])
                if row.get("url")
                else row["code"],
                row["evaluator"],
                row["date"],
                row["site"],
                row["source"],
                row["score"] if row["counts"] else not_counted,
            )
            for row in rows
        ),
    )
