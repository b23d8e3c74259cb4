"""``{% snapshot_interval snapshot as interval %}``: how sure a frozen snapshot's service score
is, for the certification body's people (the technical reviewer, the decision maker), with the
low-agreement flags; from the statistics the snapshot stored (worked out from its frozen inputs
for one frozen before them: :mod:`greencert.web.certification.snapshot_statistics`)."""

from __future__ import annotations

from django import template

from greencert.web.certification.models import ResultSnapshot
from greencert.web.certification.snapshot_statistics import snapshot_statistics
from greencert.web.projects.interval_display import interval_shown
from greencert.web.projects.result_display import core_language

register = template.Library()


@register.simple_tag
def snapshot_interval(snapshot: ResultSnapshot) -> dict | None:
    return interval_shown(snapshot_statistics(snapshot)[core_language()], staff=True)
