"""A project's nonconformities: read by everyone who sees the project; answered by the client
users of its organisation; the plan accepted or returned, and the nonconformity closed, by its
team — the pages' rules (``certification/access.py``) and services
(``certification/services/nonconformities.py``)."""

import datetime
from typing import Literal

from ninja import Field, Router, Schema
from ninja.pagination import CursorPagination, paginate

from greencert.web.api import auth
from greencert.web.api.idempotency import idempotent
from greencert.web.api.problems import ProblemOut
from greencert.web.api.schemas import IsoDate
from greencert.web.certification import access
from greencert.web.certification.services import nonconformities as services
from greencert.web.projects.access import project_for

router = Router(tags=["nonconformities 不符合项"], auth=auth.READ)
NOT_FOUND = {404: ProblemOut, 401: ProblemOut}
WRITE_REFUSALS = {403: ProblemOut, 409: ProblemOut, 422: ProblemOut, **NOT_FOUND}
BASE = "/projects/{project_id}/nonconformities"


class ReferenceOut(Schema):
    kind: str = Field(description="item / clause / qms / specific")
    id: str


class NonconformityOut(Schema):
    id: int
    code: str = Field(description="编号 Number within the project, e.g. NC1")
    project_id: int
    reference: ReferenceOut
    severity: str = Field(description="major / minor")
    status: str = Field(description="open / answered / returned / plan_accepted / closed")
    status_label: str
    description: str
    evidence: str
    correction: str
    root_cause: str
    action_plan: str
    due_date: datetime.date | None
    answered_at: datetime.datetime | None
    review_comment: str
    verification: str
    closed_at: datetime.datetime | None
    raised_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_reference(obj) -> dict:
        return {"kind": obj.ref_kind, "id": obj.ref_id}

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class AnswerIn(Schema):
    """The answer form's fields (evidence files are sent on the page)."""

    correction: str = ""
    root_cause: str = ""
    action_plan: str = ""
    due_date: IsoDate | None = Field(None, description="纠正措施完成日期 When it will be done")


class ReviewIn(Schema):
    decision: Literal["accept", "return"] = Field(
        description="accept（接受计划 accept the plan）或 return（退回 return it)"
    )
    comment: str = Field("", description="退回时必填 Required to return")


class CloseIn(Schema):
    verification: str = Field("", description="验证证据 Verification evidence")


@router.get(
    BASE,
    response={200: list[NonconformityOut], **NOT_FOUND},
    summary="项目的不符合项 A project's nonconformities",
    description="可见该项目的人员（包括该组织的顾客）。 Everyone who sees the project, its clients"
    " included.",
)
@paginate(CursorPagination, ordering=("-id",))
def nonconformity_list(request, project_id: int):
    return project_for(request.user, project_id).nonconformities.all()


@router.get(
    BASE + "/{nonconformity_id}",
    response={200: NonconformityOut, **NOT_FOUND},
    summary="不符合项 A nonconformity",
    description="范围之外为 404。 Out of reach is 404.",
)
def nonconformity_detail(request, project_id: int, nonconformity_id: int):
    return access.nonconformity_in(project_for(request.user, project_id), nonconformity_id)


def _step(request, operation: str, project, nonconformity_id: int, payload, run):
    nc = access.nonconformity_in(project, nonconformity_id)
    return idempotent(
        request,
        operation=f"{operation}:{nc.pk}",
        body=payload.dict(),
        act=lambda: run(nc),
        out=NonconformityOut,
    )


@router.post(
    BASE + "/{nonconformity_id}/answer",
    auth=auth.WRITE,
    response={200: NonconformityOut, **WRITE_REFUSALS},
    summary="顾客答复 The client's answer",
    description="该组织的顾客用户填写纠正、原因分析、纠正措施计划与完成日期（待答复或被退回时）。"
    "其他人为 404；状态不允许时为 409。支持 `Idempotency-Key`。"
    " The organisation's client users give the correction, root cause, corrective-action plan"
    " and due date (while open or returned). Anyone else gets 404; a state that does not allow"
    " it, 409. Takes `Idempotency-Key`.",
)
def nonconformity_answer(request, project_id: int, nonconformity_id: int, payload: AnswerIn):
    project = access.client_project_for(request.user, project_id)
    return _step(
        request,
        "nonconformity_answer",
        project,
        nonconformity_id,
        payload,
        lambda nc: services.answer(actor=request.user, nc=nc, **payload.dict()),
    )


@router.post(
    BASE + "/{nonconformity_id}/review",
    auth=auth.WRITE,
    response={200: NonconformityOut, **WRITE_REFUSALS},
    summary="接受或退回纠正措施计划 Accept or return the client's plan",
    description="该项目的审核组（已答复时）；退回须说明理由。其他人为 404。支持 `Idempotency-Key`。"
    " The project's team (once answered); a return needs its comment. Anyone else gets 404."
    " Takes `Idempotency-Key`.",
)
def nonconformity_review(request, project_id: int, nonconformity_id: int, payload: ReviewIn):
    project = access.team_project_for(request.user, project_id)
    steps = {"accept": services.accept_plan, "return": services.return_answer}
    step = steps[payload.decision]
    return _step(
        request,
        "nonconformity_review",
        project,
        nonconformity_id,
        payload,
        lambda nc: step(actor=request.user, nc=nc, comment=payload.comment),
    )


@router.post(
    BASE + "/{nonconformity_id}/close",
    auth=auth.WRITE,
    response={200: NonconformityOut, **WRITE_REFUSALS},
    summary="关闭不符合项 Close a nonconformity",
    description="该项目的审核组，附验证证据（已答复或计划已接受时）。其他人为 404。"
    "支持 `Idempotency-Key`。 The project's team, with the verification evidence (once answered"
    " or the plan accepted). Anyone else gets 404. Takes `Idempotency-Key`.",
)
def nonconformity_close(request, project_id: int, nonconformity_id: int, payload: CloseIn):
    project = access.team_project_for(request.user, project_id)
    return _step(
        request,
        "nonconformity_close",
        project,
        nonconformity_id,
        payload,
        lambda nc: services.close(actor=request.user, nc=nc, verification=payload.verification),
    )
