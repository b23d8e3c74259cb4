"""Service blueprints (服务蓝图, §4.2.2 2)①): one per site and service of a project.

The core checks the blueprint (:class:`greencert.core.blueprint.Blueprint`)
before anything is stored; the write is atomic, refused once the project is
no longer open, guarded by the blueprint's version (a stale copy raises
:class:`EditConflict`) and recorded in the audit trail with every step's
content before and after.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.core.blueprint import Blueprint, Step
from greencert.core.exceptions import InputError, Problem
from greencert.web.audit.services import record
from greencert.web.projects.errors import EditConflict
from greencert.web.projects.models import Project, ServiceBlueprint
from greencert.web.projects.services.states import check_project_open


@transaction.atomic
def save_blueprint(
    *, actor, project: Project, site, service, data: object, expected_version: int
) -> ServiceBlueprint:
    """Store the blueprint of *service* at *site*; *expected_version* 0 when there is none yet."""
    check_project_open(project.pk)
    problems: list[Problem] = []
    if not project.sites.filter(pk=site.pk).exists():
        problems.append(Problem(field="site", message=_("This site is not part of the project.")))
    if not project.services.filter(pk=service.pk).exists():
        problems.append(
            Problem(field="service", message=_("This service is not part of the project."))
        )
    try:
        blueprint = Blueprint.of(data)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    stored = ServiceBlueprint.objects.filter(project=project, site=site, service=service).first()
    now, clean = timezone.now(), blueprint.as_data()
    if stored is None:
        before = None
        stored = _create(project, site, service, clean, actor, now, expected_version)
    else:
        before = audit_view(Blueprint.of(stored.data))
        updated = ServiceBlueprint.objects.filter(pk=stored.pk, version=expected_version).update(
            data=clean, version=F("version") + 1, updated_by=actor, updated_at=now
        )
        if not updated:
            raise EditConflict(_conflict())
        stored.refresh_from_db()
    record(
        actor=actor,
        action="greencert.blueprint.changed" if before else "greencert.blueprint.created",
        target=stored,
        project=project,
        before=before,
        after=audit_view(blueprint),
    )
    return stored


def _create(project, site, service, data, actor, now, expected_version) -> ServiceBlueprint:
    """The first version; someone else's first version saved meanwhile is a conflict."""
    if expected_version != 0:
        raise EditConflict(_conflict())
    try:
        with transaction.atomic():
            return ServiceBlueprint.objects.create(
                project=project,
                site=site,
                service=service,
                data=data,
                version=1,
                updated_by=actor,
                updated_at=now,
            )
    except IntegrityError:
        raise EditConflict(_conflict()) from None


def _conflict() -> str:
    return _(
        "The blueprint was changed by someone else after you opened it. "
        "Your changes were not saved: reload the page to see theirs."
    )


def audit_view(blueprint: Blueprint) -> dict:
    """Each step as one line of the audit trail, keyed by its number ("1", "2", …)."""
    return {str(n): _step_line(step) for n, step in enumerate(blueprint.steps, start=1)}


def _step_line(step: Step) -> str:
    contacts = "; ".join(f"{c.text} [{c.kind}]" for c in step.contacts)
    lanes = [step.customer, contacts, "; ".join(step.backstage), "; ".join(step.support)]
    return " ‖ ".join(lane or "—" for lane in lanes)  # an empty lane keeps its place
