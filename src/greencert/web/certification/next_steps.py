"""The facts :func:`greencert.web.next_steps.next_step` needs, read for one project or application.

The projects app knows the state and the team; this app adds the latest
decision, whether it issued its certificate, and the next surveillance visit.
"""

from __future__ import annotations

from dataclasses import replace

from greencert.web import next_steps
from greencert.web.accounts.models import Role
from greencert.web.certification import access
from greencert.web.certification.models import SurveillanceVisit
from greencert.web.certification.services.certificates import issued_for
from greencert.web.clients.models import Application
from greencert.web.next_steps import Facts, NextStep
from greencert.web.projects.access import leads
from greencert.web.projects.models import Project
from greencert.web.projects.next_steps import planning_facts


def project_facts(project: Project) -> Facts:
    facts = planning_facts(project)
    if project.state == Project.State.DECIDED:
        facts = replace(facts, **_decision_facts(project))
    return facts


def _decision_facts(project: Project) -> dict:
    decision = project.decisions.order_by("-revision").first()
    if decision is None:
        return {}
    facts = {"decision_id": decision.pk, "decision_outcome": decision.outcome}
    if decision.outcome != decision.Outcome.GRANT or not issued_for(decision):
        return facts
    certificate = decision.certificates.first() or project.certificates.first()
    visit = (
        SurveillanceVisit.objects.filter(certificate=certificate, project__isnull=True)
        .order_by("due_on")
        .first()
    )
    return facts | {
        "certificate_issued": True,
        "certificate_id": certificate.pk if certificate else None,
        "surveillance_due_on": visit.due_on if visit else None,
    }


def application_facts(application: Application) -> Facts:
    """An accepted application follows its newest project; before that, its own status."""
    project = application.projects.order_by("-id").first()
    if application.status == Application.Status.ACCEPTED and project is not None:
        return project_facts(project)
    return Facts(application_id=application.pk, application_status=application.status)


def may_take(user, step: NextStep, project: Project | None) -> bool:
    """Whether *user* is the one the step waits for (the page links it only for them)."""
    if step.who == next_steps.PROJECT_MANAGER:
        return user.manages
    if step.who == next_steps.TECHNICAL_REVIEWER:
        return access.may_open_review(user)
    if step.who == next_steps.DECISION_MAKER:
        return access.may_open_decision(user)
    if step.who == next_steps.CLIENT:
        return user.is_client
    return project is not None and (user.role == Role.ADMIN or leads(user, project))
