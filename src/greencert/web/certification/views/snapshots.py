"""Frozen results: the list of a project's snapshots and the page of one.

Every figure comes from the stored snapshot (``result`` or ``result_en``),
never from the sheets, so a snapshot shows what was frozen whatever was
edited after.  The scheme is only asked for names (characteristics,
clauses, levels), and only when its hash is still the one frozen.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from greencert.core.assessment_input import Reference
from greencert.core.exceptions import SchemeError
from greencert.core.explanation import rule_text
from greencert.core.reference_labels import entry_reference
from greencert.core.registry import get_scheme
from greencert.web.certification import access, references
from greencert.web.certification.models import Nonconformity, ResultSnapshot
from greencert.web.projects.models import Evaluation
from greencert.web.projects.result_display import core_language


def _scheme(snapshot: ResultSnapshot):
    """The scheme the snapshot was scored with, for names only; None if it is gone or changed."""
    try:
        scheme = get_scheme(snapshot.scheme_label)
    except SchemeError:
        return None
    return scheme if scheme.hash == snapshot.scheme_hash else None


def present(snapshot: ResultSnapshot) -> dict:
    """The snapshot's stored result laid out for the page, in the page's language."""
    en = core_language() == "en"
    result = snapshot.result_en if en else snapshot.result
    scheme = _scheme(snapshot)
    shown = {
        "grade": result.get("grade"),
        "determined": not any(
            n.get("code") == "grade.incomplete" for n in result.get("explanation", [])
        ),
        "scheme": result.get("scheme", {}),
        "conformity": result.get("conformity", {}),
        "explanation": [
            {**n, "rule": rule_text(n.get("rule", ""), core_language())}
            for n in result.get("explanation", [])
        ],
        "service": None,
        "management": None,
    }
    if service := result.get("service"):
        shown["service"] = {
            "score": service["score"],
            "n": service["n"],
            "evaluations": [
                {**e, "source_label": _source_label(e.get("source", ""))}
                for e in service.get("evaluations", [])
            ],
            "characteristics": [
                {"id": cid, "name": _characteristic_name(scheme, cid, en), **figures}
                for cid, figures in service.get("characteristics", {}).items()
            ],
        }
    if management := result.get("management"):
        level = management.get("level")
        shown["management"] = {
            **management,
            "level_name": _level_name(scheme, level, en),
        }
    return shown


def _source_label(source: str) -> str:
    """The source as people read it ("Mystery shopper"); an unknown one as stored."""
    try:
        return str(Evaluation.Source(source).label)
    except ValueError:
        return source


def _characteristic_name(scheme, cid: str, en: bool) -> str:
    if scheme is None or cid not in scheme.characteristic_by_id:
        return ""
    c = scheme.characteristic_by_id[cid]
    return c.name_en if en else c.name


def _level_name(scheme, level, en: bool) -> str:
    if not level:
        return ""
    if scheme is None:
        return str(level)
    band = scheme.management_levels[level - 1]
    return band.name_en if en else band.name


GATE_STATES = {
    "open": gettext_lazy("open"),
    "plan_accepted": gettext_lazy("plan accepted, not closed"),
    "closed": gettext_lazy("closed"),
}


def _nonconformities(snapshot: ResultSnapshot) -> list[dict]:
    """The nonconformities as the snapshot scored them, with their state at the gate and what
    each cites (an older snapshot's bare "clause" is a maturity clause)."""
    severities = dict(Nonconformity.Severity.choices)
    entries = snapshot.inputs.get("nonconformities", [])
    checklists = _checklists(snapshot) if entries else None
    return [
        {
            **nc,
            "reference": _reference(entry_reference(nc), checklists),
            "severity_label": severities.get(nc.get("severity"), nc.get("severity")),
            "status_label": GATE_STATES.get(nc.get("status"), nc.get("status")),
        }
        for nc in entries
    ]


def _checklists(snapshot: ResultSnapshot):
    """The assessment's scheme and pinned checklists, for names only; None if one changed."""
    if _scheme(snapshot) is None:
        return None
    try:
        return references.checklists_of(snapshot.project.assessment)
    except SchemeError:
        return None


def _reference(ref: Reference, checklists) -> str:
    if checklists is None:  # no names to be had: the kind and the id, as frozen
        return f"{ref.kind} {ref.id}"
    return references.label(ref, checklists)


@login_required
@require_safe
def snapshot_list(request, pk):
    project = access.staff_project_for(request.user, pk)
    snapshots = list(project.snapshots.select_related("created_by").order_by("-number"))
    rows = [{"snapshot": s, "shown": present(s)} for s in snapshots]
    return render(request, "certification/snapshot_list.html", {"project": project, "rows": rows})


@login_required
@require_safe
def snapshot_detail(request, pk, number):
    project = access.staff_project_for(request.user, pk)
    snapshot = access.snapshot_in(project, number)
    latest = project.snapshots.order_by("-number").values_list("number", flat=True).first()
    return render(
        request,
        "certification/snapshot_detail.html",
        {
            "project": project,
            "snapshot": snapshot,
            "shown": present(snapshot),
            "is_latest": snapshot.number == latest,
            "nonconformities": _nonconformities(snapshot),
            "reviews": snapshot.reviews.select_related("reviewer"),
            "decisions": snapshot.decisions.select_related("decided_by"),
        },
    )
