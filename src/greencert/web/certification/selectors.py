"""Reads for the worklists: what waits for the managers, the team, the reviewer, the decision
maker and the client in findings, decisions, certificates, surveillance and complaints.

Each function returns a query set, so that the landing page lists its first
rows and counts them all with the other lists in one statement.  Nothing here
writes.  Impartiality is the services' to enforce (:mod:`.services.impartiality`);
the review and decision lists only leave out the projects whose team or
evaluating actions include the person, so that nobody is offered work they
would be refused.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from greencert.web.audit.models import AuditEntry
from greencert.web.certification.access import ANSWERABLE
from greencert.web.certification.models import (
    Certificate,
    Complaint,
    Decision,
    Nonconformity,
    SurveillanceVisit,
)
from greencert.web.certification.services.impartiality import EVALUATING_ACTIONS
from greencert.web.projects.models import Project, TeamMember

State = Project.State
# A surveillance audit enters the managers' list this many days before it falls due.
SURVEILLANCE_PLANNING_DAYS = 60
# Answered: the answer waits for the team; plan accepted: the action waits for verification.
TO_VERIFY = (Nonconformity.Status.ANSWERED, Nonconformity.Status.PLAN_ACCEPTED)


def certificates_to_issue() -> QuerySet[Decision]:
    """Granting decisions, not superseded, on which no certificate was issued or reissued.

    Read from the rows the decision and certificate services keep
    (:mod:`.services.to_issue`): as many as there are decisions waiting, whatever the
    number decided over the years (the same answer as setting every granting decision
    against the certificates and their issue events, at a fraction of the cost).
    """
    return (
        Decision.objects.filter(awaiting__isnull=False)
        .select_related("project__organisation")
        .order_by("decided_on", "id")
    )


def surveillance_due(today: datetime.date) -> QuerySet[SurveillanceVisit]:
    """Surveillance visits not started yet, due within the planning window or overdue,
    of certificates in force today."""
    return (
        SurveillanceVisit.objects.filter(
            project__isnull=True,
            due_on__lte=today + datetime.timedelta(days=SURVEILLANCE_PLANNING_DAYS),
            certificate__status=Certificate.Status.VALID,
            certificate__expires_on__gte=today,
        )
        .select_related("certificate")
        .order_by("due_on", "id")
    )


def open_complaints(user) -> QuerySet[Complaint]:
    """Complaints and appeals not closed: every one for a manager, else those *user* handles."""
    complaints = Complaint.objects.exclude(status=Complaint.Status.CLOSED)
    if not user.manages:
        complaints = complaints.filter(handler=user)
    return complaints.order_by("resolve_by", "id")


def _on_team(user):
    return Exists(TeamMember.objects.filter(project=OuterRef("project_id"), user=user))


def nonconformities_to_verify(user) -> QuerySet[Nonconformity]:
    """Answered, or with a plan accepted, on projects whose team includes *user*."""
    return (
        Nonconformity.objects.filter(status__in=TO_VERIFY)
        .filter(_on_team(user))
        .select_related("project__organisation")
        .order_by("answered_at", "id")
    )


def _took_part(user):
    """*user* is on the project's team or did an evaluating action on it."""
    acted = Q()
    for prefix in EVALUATING_ACTIONS:
        acted |= Q(action__startswith=prefix)
    actions = AuditEntry.objects.filter(acted, project=OuterRef("pk"), actor=user)
    team = TeamMember.objects.filter(project=OuterRef("pk"), user=user)
    return Exists(team) | Exists(actions)


def reviews_to_do(user) -> QuerySet[Project]:
    """Projects whose evaluation is complete, waiting for a technical review by *user*."""
    return (
        Project.objects.filter(state=State.EVALUATION_COMPLETE)
        .exclude(_took_part(user))
        .select_related("organisation")
        .order_by("id")
    )


def decisions_to_take(user) -> QuerySet[Project]:
    """Projects reviewed and recommended, waiting for a certification decision by *user*."""
    return (
        Project.objects.filter(state=State.UNDER_REVIEW)
        .exclude(_took_part(user))
        .select_related("organisation")
        .order_by("id")
    )


def nonconformities_to_answer(organisation_id: int) -> QuerySet[Nonconformity]:
    """The organisation's nonconformities waiting for its answer (open or returned)."""
    return (
        Nonconformity.objects.filter(
            project__organisation_id=organisation_id, status__in=list(ANSWERABLE)
        )
        .select_related("project")
        .order_by("due_date", "id")
    )


def certificates_in_force(organisation_id: int, today: datetime.date) -> QuerySet[Certificate]:
    """The organisation's certificates valid today: the ones it may print."""
    return Certificate.objects.filter(
        organisation_id=organisation_id,
        status=Certificate.Status.VALID,
        expires_on__gte=today,
    ).order_by("-granted_on", "id")


def decided_projects(organisation_id: int) -> QuerySet[Project]:
    """The organisation's decided projects: their final assessment report may be downloaded."""
    return Project.objects.filter(organisation_id=organisation_id, state=State.DECIDED).order_by(
        "-id"
    )
