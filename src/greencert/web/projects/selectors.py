"""Reads for the worklists: projects still to plan, and the sheets a team member has open.

Each function returns a query set, so that a page can both list its first
rows and count them all in one statement with the other lists
(:mod:`greencert.web.worklists.lists`).  Nothing here writes.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from greencert.core.registry import available_checklists, available_schemes
from greencert.web.projects.models import (
    ChecklistVerdict,
    ClauseRating,
    Evaluation,
    Project,
    ServiceBlueprint,
    TeamMember,
)

State = Project.State


def projects_to_plan() -> QuerySet[Project]:
    """Planned projects without a team leader or without a single service blueprint yet."""
    # The leaders of planned projects only: under the OR, PostgreSQL reads the subquery whole
    # into a hash, which unrestricted meant every leader of every project ever planned.
    leader = TeamMember.objects.filter(
        project=OuterRef("pk"), role=TeamMember.Role.LEADER, project__state=State.PLANNED
    )
    blueprint = ServiceBlueprint.objects.filter(project=OuterRef("pk"))
    return (
        Project.objects.filter(state=State.PLANNED)
        .annotate(has_leader=Exists(leader), has_blueprint=Exists(blueprint))
        .filter(Q(has_leader=False) | Q(has_blueprint=False))
        .select_related("organisation")
        .order_by("planned_start", "id")
    )


def _count(model, **match):
    """How many rows of *model* belong to the project's assessment (a correlated subquery)."""
    rows = model.objects.filter(assessment__project=OuterRef("pk"), **match).order_by()
    counted = rows.values("assessment").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def _size(field: str, sizes: dict[str, int]):
    """The number of rows a sheet must have, by the label the assessment pinned."""
    cases = [When(**{field: label}, then=Value(n)) for label, n in sizes.items()]
    return Case(*cases, default=Value(0), output_field=IntegerField())


def _with_sheets(projects: QuerySet[Project]) -> QuerySet[Project]:
    """*projects* annotated with what each sheet holds and what the pinned scheme and
    checklists ask for: ``evaluations``, ``clauses``/``clauses_needed``,
    ``qms``/``qms_needed``, ``specific``/``specific_needed``."""
    checklists = {c.label: len(c.clauses) for c in available_checklists()}
    schemes = {s.label: len(s.clauses) for s in available_schemes()}
    return projects.annotate(
        evaluations=_count(Evaluation),
        clauses=_count(ClauseRating),
        clauses_needed=_size("assessment__scheme_label", schemes),
        qms=_count(ChecklistVerdict, kind=ChecklistVerdict.Kind.QMS),
        qms_needed=_size("assessment__qms_label", checklists),
        specific=_count(ChecklistVerdict, kind=ChecklistVerdict.Kind.SPECIFIC),
        specific_needed=_size("assessment__specific_label", checklists),
    )


# A sheet not complete yet.  An evaluation is stored whole: that sheet is open while there is none.
SHEET_OPEN = (
    Q(evaluations=0)
    | Q(clauses__lt=F("clauses_needed"))
    | Q(qms__lt=F("qms_needed"))
    | Q(specific__lt=F("specific_needed"))
)


def open_sheets(user) -> QuerySet[Project]:
    """Projects in progress on *user*'s team with a sheet not complete yet (annotated as
    :func:`_with_sheets` says)."""
    on_team = TeamMember.objects.filter(project=OuterRef("pk"), user=user)
    return (
        _with_sheets(Project.objects.filter(state=State.IN_PROGRESS).filter(Exists(on_team)))
        .filter(SHEET_OPEN)
        .select_related("organisation")
        .order_by("planned_end", "id")
    )


def assessments_to_move(user) -> QuerySet[Project]:
    """The projects *user* leads that wait for their leader's step: planned (to start), or in
    progress with every sheet complete (to close the evaluation)."""
    leads = TeamMember.objects.filter(
        project=OuterRef("pk"), user=user, role=TeamMember.Role.LEADER
    )
    projects = Project.objects.filter(state__in=[State.PLANNED, State.IN_PROGRESS])
    return (
        _with_sheets(projects.filter(Exists(leads)))
        .filter(Q(state=State.PLANNED) | (Q(state=State.IN_PROGRESS) & ~SHEET_OPEN))
        .select_related("organisation")
        .order_by("planned_start", "id")
    )
