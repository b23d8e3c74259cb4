"""Projects: read in the pages' reach (``projects/access.py``), their audit trail, and the
steps of the state page (``certification/services/project_states.change_state``, which
moves the project through ``projects/services/states.move_project``)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import CursorPagination, paginate

from greencert.web.api import auth
from greencert.web.api.idempotency import idempotent
from greencert.web.api.problems import ProblemOut, field_error
from greencert.web.api.schemas import AuditEntryOut, IsoDate, ProjectOut, RowId, StateMove
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.access import (
    audit_trail_project_for,
    may_move,
    project_for,
    state_project_for,
    visible_projects,
)
from greencert.web.projects.models import Project

router = Router(tags=["projects 项目"], auth=auth.READ)
NOT_FOUND = {404: ProblemOut, 401: ProblemOut}


class ProjectFilter(Schema):
    q: str = ""  # project number or organisation name
    state: Project.State | None = None
    kind: Project.Kind | None = None
    organisation: RowId | None = None
    planned_from: IsoDate | None = None
    planned_to: IsoDate | None = None


@router.get(
    "/projects",
    response=list[ProjectOut],
    summary="项目列表 Projects",
    description="在您可见范围内的项目（按编号、组织、状态、类型、计划开始日期筛选）。"
    " The projects within your reach, filtered by number, organisation, state, type, planned start.",
)
@paginate(CursorPagination, ordering=("-id",))
def project_list(request, filters: Query[ProjectFilter]):
    projects = visible_projects(request.user)
    if q := filters.q.strip():
        projects = projects.filter(Q(code__icontains=q) | Q(organisation__name__icontains=q))
    for name, lookup in (
        ("state", "state"),
        ("kind", "kind"),
        ("organisation", "organisation_id"),
        ("planned_from", "planned_start__gte"),
        ("planned_to", "planned_start__lte"),
    ):
        if (value := getattr(filters, name)) is not None:
            projects = projects.filter(**{lookup: value})
    return projects


@router.get(
    "/projects/{project_id}",
    response={200: ProjectOut, **NOT_FOUND},
    summary="项目 A project",
    description="范围之外为 404。 Out of reach is 404.",
)
def project_detail(request, project_id: int):
    return project_for(request.user, project_id)


@router.get(
    "/projects/{project_id}/audit",
    response={200: list[AuditEntryOut], **NOT_FOUND},
    summary="项目审计记录 A project's audit trail",
    description="仅限可见该项目的认证机构人员（顾客为 404）。 Staff who see the project; clients get 404.",
)
@paginate(CursorPagination, ordering=("-sequence",))
def project_audit(request, project_id: int):
    return audit_trail_project_for(request.user, project_id).audit_entries.select_related("actor")


@router.post(
    "/projects/{project_id}/state",
    auth=auth.WRITE,
    response={200: ProjectOut, 403: ProblemOut, 409: ProblemOut, 422: ProblemOut, **NOT_FOUND},
    summary="项目状态变更 Move a project (start, close the evaluation, reopen, cancel)",
    description="与项目状态页相同的规则：项目经理，或该项目的审核组长（仅开始、关闭与重开测评）。"
    "评审与决定在其各自页面记录。支持 `Idempotency-Key`。"
    " The state page's rules: managers, or the team leader (start, close and reopen the"
    " evaluation). Review and decision are recorded on their own pages. Takes `Idempotency-Key`.",
)
def project_state(request, project_id: int, payload: StateMove):
    project, is_leader = state_project_for(request.user, project_id)

    def act():
        # Checked inside: a retry after the move replays the answer instead of being refused.
        if payload.to not in Project.State.values:
            raise field_error("body.to", _("“%(to)s” is not a project state.") % {"to": payload.to})
        if not may_move(request.user, project, payload.to, is_leader):
            label = Project.State(payload.to).label
            raise HttpError(403, _("You may not move this project to “%(to)s”.") % {"to": label})
        return change_state(
            actor=request.user, project=project, to=payload.to, reason=payload.reason
        )

    operation = f"project_state:{project_id}"
    return idempotent(request, operation=operation, body=payload.dict(), act=act, out=ProjectOut)
