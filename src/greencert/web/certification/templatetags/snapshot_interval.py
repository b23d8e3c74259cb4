"""``{% snapshot_interval shown as interval %}``: how sure a frozen snapshot's service score is,
for the certification body's people (the technical reviewer, the decision maker), with the
low-agreement flags; from the statistics the snapshot stored, nothing worked out again."""

from __future__ import annotations

from django import template

from greencert.web.projects.interval_display import interval_shown

register = template.Library()


@register.simple_tag
def snapshot_interval(shown: dict) -> dict | None:
    return interval_shown(shown.get("statistics"), staff=True)
