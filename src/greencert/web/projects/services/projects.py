"""Projects: creating them and changing their plan.

Keyword-only, one transaction, the audit entry written with the change.
The project's state is moved only by :mod:`.states`.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem
from greencert.core.registry import get_scheme, qms_checklist_for, specific_checklist_for
from greencert.web.audit.services import record
from greencert.web.date_limits import audit_date_problems, plan_problems
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.models import Assessment, AuditMode, Project
from greencert.web.text_limits import length_problems


def next_project_code(year: int) -> str:
    prefix = f"GC-{year}-"
    last = (
        Project.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def create_project(
    *,
    actor,
    organisation,
    kind: str,
    scope: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    sites=(),
    services=(),
    application=None,
    previous=None,
    scheme_label: str | None = None,
) -> Project:
    """Create a project with its official assessment; the scheme and its audit checklists
    (GB/T 19001, §4.2.2) are pinned now."""
    _check_plan(scope, planned_start, planned_end)
    scheme = get_scheme(scheme_label)
    qms, specific = qms_checklist_for(scheme), specific_checklist_for(scheme)
    project = Project.objects.create(
        code=next_project_code(planned_start.year),
        organisation=organisation,
        application=application,
        previous=previous,
        kind=kind,
        scope=scope,
        planned_start=planned_start,
        planned_end=planned_end,
        scheme_label=scheme.label,
        scheme_hash=scheme.hash,
    )
    project.sites.set(sites)
    project.services.set(services)
    Assessment.objects.create(
        kind=Assessment.Kind.OFFICIAL,
        project=project,
        organisation=organisation,
        scheme_label=scheme.label,
        scheme_hash=scheme.hash,
        qms_label=qms.label,
        qms_hash=qms.hash,
        specific_label=specific.label,
        specific_hash=specific.hash,
    )
    record(
        actor=actor,
        action="greencert.project.created",
        target=project,
        project=project,
        after=project_snapshot(project),
    )
    return project


def _check_plan(scope: str, planned_start, planned_end) -> None:
    problems = length_problems(Project, {"scope": scope}) + plan_problems(
        planned_start, planned_end
    )
    if problems:
        raise InputError(problems)


def project_snapshot(project: Project) -> dict:
    return {
        "kind": project.kind,
        "scope": project.scope,
        "state": project.state,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "scheme": project.scheme_label,
        "sites": sorted(s.name for s in project.sites.all()),
        "services": sorted(s.name for s in project.services.all()),
        "audit_mode": project.audit_mode,
        "audit_started_on": project.audit_started_on,
        "audit_ended_on": project.audit_ended_on,
    }


AUDIT_FIELDS = ("audit_mode", "audit_started_on", "audit_ended_on")


@transaction.atomic
def update_project(
    *,
    actor,
    project: Project,
    scope: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    sites=(),
    services=(),
    **audit,
) -> Project:
    """Change the plan of a project that is still planned or in progress; *audit* may give
    how the audit is done and its actual dates (:data:`AUDIT_FIELDS`), left as they are when
    not given."""
    if unknown := set(audit) - set(AUDIT_FIELDS):
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _check_plan(scope, planned_start, planned_end)
    project = Project.objects.select_for_update().get(pk=project.pk)
    audit = {f: getattr(project, f) for f in AUDIT_FIELDS} | audit
    problems = audit_date_problems(audit["audit_started_on"], audit["audit_ended_on"])
    if audit["audit_mode"] not in ("", *AuditMode.values):
        problems.append(Problem(field="audit_mode", message=_("Choose one of the audit modes.")))
    if problems:
        raise InputError(problems)
    if not project.is_open:
        raise NotEditable(
            _("The project is “%(state)s”: its plan can no longer change.")
            % {"state": project.get_state_display()}
        )
    before = project_snapshot(project)
    project.scope = scope
    project.planned_start = planned_start
    project.planned_end = planned_end
    for name, value in audit.items():
        setattr(project, name, value)
    project.save(update_fields=["scope", "planned_start", "planned_end", *AUDIT_FIELDS])
    project.sites.set(sites)
    project.services.set(services)
    after = project_snapshot(project)
    if before != after:
        record(
            actor=actor,
            action="greencert.project.changed",
            target=project,
            project=project,
            before=before,
            after=after,
        )
    return project
