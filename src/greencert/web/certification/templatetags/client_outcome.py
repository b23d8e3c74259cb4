"""``{% client_outcome project as outcome %}``: what a client sees of its project's outcome;
``{% with_decisions projects as rows %}``: each project with its current decision, if decided.

Nothing before the certification decision (the figures may still change, and the client must
not be led by them); once the project is decided, the decision's own frozen snapshot — the
figures the decision maker looked at, never the live sheets — with its charts, the grade
granted, the final report and the certificates in force.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from greencert.web.certification.models import Certificate, Decision
from greencert.web.certification.snapshot_statistics import snapshot_statistics
from greencert.web.certification.views.snapshots import present
from greencert.web.projects import charts
from greencert.web.projects.interval_display import interval_shown
from greencert.web.projects.models import Project
from greencert.web.projects.result_display import core_language

register = template.Library()


@register.simple_tag
def client_outcome(project: Project) -> dict:
    if project.state != Project.State.DECIDED:
        return {"decided": False}
    decision = project.decisions.select_related("snapshot").order_by("-revision").first()
    if decision is None:  # a decided project always has one; say nothing rather than guess
        return {"decided": False}
    shown = present(decision.snapshot)
    today = timezone.localdate()
    certificates = [
        c for c in project.certificates.all() if c.current_status(today) == Certificate.Status.VALID
    ]
    return {
        "decided": True,
        "decision": decision,
        "shown": shown,
        "charts": _charts(shown),
        # How sure the decided score is, from the snapshot; the raters' agreement is the
        # certification body's own concern (its people), not shown to the client.
        "interval": interval_shown(
            snapshot_statistics(decision.snapshot)[core_language()], staff=False
        ),
        "certificates": certificates,
    }


def _charts(shown: dict) -> dict:
    """The decided figures' radar and clause bars, from the snapshot's stored strings."""
    out = {}
    if service := shown["service"]:
        characteristics = service["characteristics"]
        out["radar"] = charts.radar(
            [f"{c['id']} {c['name']}".strip() for c in characteristics],
            [c["percent"] for c in characteristics],
        )
    if (management := shown["management"]) and management.get("clauses"):
        clauses = management["clauses"]
        out["clauses"] = charts.clause_bars(
            list(clauses),
            [c.get("points") for c in clauses.values()],
            [c["worth"] for c in clauses.values()],
        )
    return out


@register.simple_tag
def with_decisions(projects) -> list[dict]:
    """Each of *projects* with the decision in force once it is decided, else None (one query
    for all of them): an organisation's list shows the grade only after the decision."""
    projects = list(projects)
    decided = [p.pk for p in projects if p.state == Project.State.DECIDED]
    latest = {}
    if decided:
        for decision in Decision.objects.filter(project_id__in=decided).order_by("revision"):
            latest[decision.project_id] = decision  # the last revision wins
    return [{"project": p, "decision": latest.get(p.pk)} for p in projects]
