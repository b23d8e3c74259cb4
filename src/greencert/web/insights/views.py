"""The insights pages: the body's figures across clients, their workbook, a client's benchmark.

Staff who oversee (``access.py``) see the body's page and an organisation's
cycles; a project's benchmark is shown to whoever sees the project.  Every
page reads stored rows (``selectors``) and says that statistics advise.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from greencert.web.clients.models import Organisation
from greencert.web.downloads import XLSX, download
from greencert.web.insights import selectors, tables
from greencert.web.insights.access import benchmarked_project, insights_required, organisation_for
from greencert.web.projects.models import Project
from greencert.workbook.tables import write_tables

FOUND_SHOWN = 20


@require_safe
@insights_required
def overview(request):
    query = request.GET.get("q", "").strip()[:100]
    found = []
    if query:
        found = list(
            Organisation.objects.filter(name__icontains=query).order_by("name")[:FOUND_SHOWN]
        )
    captions = tables.grade_captions()
    keys = ("grades-year", "grades-sector", "grades-region")
    weakest = tables.weakest_tables()
    context = {
        "note": tables.advice_note(),
        "grades": [
            (key, table, captions[key])
            for key, table in zip(keys, tables.grade_tables(), strict=True)
        ],
        "weakest": [
            (key, table, tables.tie_note(table))
            for key, table in zip(("weakest-items", "weakest-clauses"), weakest, strict=True)
        ],
        "calibration": tables.calibration_table(),
        "query": query,
        "found": found,
    }
    return render(request, "insights/overview.html", context)


@require_safe
@insights_required
def organisation_cycles(request, pk):
    organisation = organisation_for(request.user, pk)
    context = {
        "note": tables.short_note(),
        "organisation": organisation,
        "headers": tables.cycle_headers(),
        "cycles": tables.cycle_rows(organisation),
    }
    return render(request, "insights/organisation.html", context)


@require_safe
@insights_required
def export(request):
    sheets = [
        *tables.grade_tables(),
        *tables.weakest_tables(every=True),
        tables.calibration_table(),
        tables.all_cycles_table(),
    ]
    name = f"insights-{timezone.localdate().isoformat()}.xlsx"
    return download(write_tables(tables.advice_note(), sheets), XLSX, name)


@require_safe
@login_required
def project_benchmark(request, pk):
    project = benchmarked_project(request.user, pk)
    figures = selectors.current_figures(project)
    if project.state != Project.State.DECIDED:
        figures = None  # peers are certified results: compare a decided one (clients see no less)
    peers, items = selectors.standing(figures) if figures else (0, [])
    context = {
        "note": tables.short_note(),
        "project": project,
        "figures": figures,
        "peers": peers,
        "enough": peers >= selectors.MIN_PEERS,
        "minimum": selectors.MIN_PEERS,
        "items": [(tables.item_label(i.item_id), i, tables.percent(i.rank)) for i in items],
    }
    return render(request, "insights/benchmark.html", context)
