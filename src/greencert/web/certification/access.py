"""Who may see and do what with nonconformities, snapshots, reviews, decisions,
certificates and complaints.

Seeing starts from :func:`~greencert.web.projects.access.project_for`, so
a project outside a person's reach is not found.  On top of that:

- nonconformities: everyone who sees the project sees them (the client
  must, to answer); the team raises, accepts, returns and closes them; the
  client user of the project's organisation answers them;
- snapshots and decisions: staff who see the project (clients wait for the
  decision and the certificate);
- the technical review: technical reviewers and administrators;
- the decision: decision makers and administrators;
- certificates: staff who see all projects, the auditors of their project or of a
  surveillance project, and the client organisation's users (who print only those in force);
- complaints and appeals: staff who see all projects, and each case's handler.

Impartiality (who took part in the evaluation) is the services' to check:
it is a rule of the certification process, refused with a message and
logged, not a page that does not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from greencert.web.accounts.models import Role
from greencert.web.certification.models import (
    Certificate,
    Complaint,
    Decision,
    Nonconformity,
    ResultSnapshot,
)
from greencert.web.projects.access import is_on_team, project_for
from greencert.web.projects.models import Project

REVIEW_ROLES = {Role.TECHNICAL_REVIEWER, Role.ADMIN}
DECISION_ROLES = {Role.DECISION_MAKER, Role.ADMIN}

# What the client may still answer, and what the team may still act on.
ANSWERABLE = {Nonconformity.Status.OPEN, Nonconformity.Status.RETURNED}
REVIEWABLE = {Nonconformity.Status.ANSWERED}
CLOSABLE = {Nonconformity.Status.ANSWERED, Nonconformity.Status.PLAN_ACCEPTED}


def on_team(user, project: Project) -> bool:
    return not user.is_client and is_on_team(user, project)


def team_project_for(user, pk) -> Project:
    """A project whose nonconformities *user* raises and handles: its team only."""
    project = project_for(user, pk)
    if not on_team(user, project):
        raise Http404
    return project


def client_project_for(user, pk) -> Project:
    """A project whose nonconformities *user* answers: the organisation's client users."""
    project = project_for(user, pk)
    if not (user.is_client and user.organisation_id == project.organisation_id):
        raise Http404
    return project


def nonconformity_in(project: Project, number) -> Nonconformity:
    """One of *project*'s nonconformities; another project's id is not found."""
    return get_object_or_404(
        Nonconformity.objects.select_related("raised_by", "answered_by", "closed_by"),
        project=project,
        pk=number,
    )


def staff_project_for(user, pk) -> Project:
    """A project whose snapshots and decisions *user* may read: staff who see it."""
    if user.is_client:
        raise Http404
    return project_for(user, pk)


def reviewer_project_for(user, pk) -> Project:
    if user.role not in REVIEW_ROLES:
        raise Http404
    return project_for(user, pk)


def decider_project_for(user, pk) -> Project:
    if user.role not in DECISION_ROLES:
        raise Http404
    return project_for(user, pk)


def snapshot_in(project: Project, number) -> ResultSnapshot:
    return get_object_or_404(
        ResultSnapshot.objects.select_related("created_by"), project=project, number=number
    )


def decision_in(project: Project, revision) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("decided_by", "review__reviewer", "snapshot"),
        project=project,
        revision=revision,
    )


def may_raise(user, project: Project, is_team: bool | None = None) -> bool:
    if is_team is None:
        is_team = on_team(user, project)
    return is_team and project.is_open


def may_answer(user, nc: Nonconformity) -> bool:
    return (
        user.is_client
        and user.organisation_id == nc.project.organisation_id
        and nc.status in ANSWERABLE
    )


def may_review_nc(is_team: bool, nc: Nonconformity) -> bool:
    return is_team and nc.status in REVIEWABLE


def may_close(is_team: bool, nc: Nonconformity) -> bool:
    return is_team and nc.status in CLOSABLE


def may_open_review(user) -> bool:
    return user.role in REVIEW_ROLES


def may_open_decision(user) -> bool:
    return user.role in DECISION_ROLES


def visible_certificates(user) -> QuerySet[Certificate]:
    certificates = Certificate.objects.select_related("organisation", "project")
    if not user.is_authenticated or not user.is_active:
        return certificates.none()
    if user.sees_all_projects:
        return certificates
    if user.role == Role.AUDITOR:
        # The current project, or a surveillance project of the certificate, has them on its team.
        return certificates.filter(
            Q(project__team__user=user) | Q(surveillance__project__team__user=user)
        ).distinct()
    if user.role == Role.CLIENT:
        return certificates.filter(organisation_id=user.organisation_id)
    return certificates.none()


def certificate_for(user, pk) -> Certificate:
    return get_object_or_404(visible_certificates(user), pk=pk)


def may_print(user, certificate: Certificate, today) -> bool:
    """Whether *user*, who sees *certificate*, may download its PDF: staff any, a client
    only one in force (a suspended or withdrawn certificate must not circulate as valid)."""
    return not user.is_client or certificate.current_status(today) == Certificate.Status.VALID


def visible_complaints(user) -> QuerySet[Complaint]:
    complaints = Complaint.objects.select_related(
        "handler", "certificate", "project", "decision__project"
    )
    if not user.is_authenticated or not user.is_active or user.is_client:
        return complaints.none()
    if user.sees_all_projects:
        return complaints
    return complaints.filter(handler=user)


def complaint_for(user, pk) -> Complaint:
    return get_object_or_404(visible_complaints(user), pk=pk)


def handled_complaint_for(user, pk) -> Complaint:
    """A case whose acknowledgement and outcome *user* records: its handler, or an administrator."""
    complaint = complaint_for(user, pk)
    if not (complaint.handler_id == user.pk or user.role == Role.ADMIN):
        raise Http404
    return complaint
