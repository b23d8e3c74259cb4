"""A project's surveys and their responses: read by its managers and its team; a response
included or excluded, with its reason, by the team and administrators — the survey pages'
rules (``surveys/access.py``) and service (``surveys/services.review_response``)."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import CursorPagination, paginate

from greencert.core.exceptions import InputError
from greencert.web.api import auth
from greencert.web.api.idempotency import idempotent
from greencert.web.api.problems import ProblemOut
from greencert.web.api.schemas import Named
from greencert.web.surveys import access, selectors, services

router = Router(tags=["surveys 顾客调查"], auth=auth.READ)
NOT_FOUND = {404: ProblemOut, 401: ProblemOut}


class SurveyOut(Schema):
    id: int
    code: str
    project_id: int
    site: Named
    state: str = Field(description="open / closed / accepted")
    state_label: str
    opens_on: datetime.date
    closes_on: datetime.date
    max_responses: int | None
    accepted_at: datetime.datetime | None

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class SurveyDetail(SurveyOut):
    tally: dict[str, int] = Field(
        description="按状态计的答卷数（included、held、excluded、total、offline、counted）"
        " Responses by status, on paper, and how many count now"
    )
    waiting: int = Field(description="尚未处理的在线答卷 Answers not yet made responses")

    @staticmethod
    def resolve_tally(obj) -> dict[str, int]:
        return selectors.tally(obj)

    @staticmethod
    def resolve_waiting(obj) -> int:
        return selectors.waiting(obj)


class ResponseOut(Schema):
    id: int
    code: str = Field(description="测评编号 The evaluation's number")
    channel: str = Field(description="online / offline")
    status: str = Field(description="included / held / excluded")
    status_label: str
    flags: list[str] = Field(
        description="too_fast, same_answers, duplicate_device, network_burst 的子集 Its flags"
    )
    counts: bool = Field(description="是否计入得分 Whether it counts in the score now")
    reason: str
    reviewed_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.evaluation.code

    @staticmethod
    def resolve_counts(obj) -> bool:
        return obj.evaluation.counts

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class ResponseReview(Schema):
    decision: Literal["include", "exclude"] = Field(description="include（纳入）/ exclude（排除）")
    reason: str = Field("", description="理由（必填）Reason (required)")


@router.get(
    "/projects/{project_id}/surveys",
    response={200: list[SurveyOut], **NOT_FOUND},
    summary="项目的顾客调查 A project's surveys",
    description="管理人员与该项目的审核组（其他人为 404）。 Managers and the project's team;"
    " anyone else gets 404.",
)
@paginate(CursorPagination, ordering=("-id",))
def survey_list(request, project_id: int):
    project = access.project_for_surveys(request.user, project_id)
    return project.surveys.select_related("site")


@router.get(
    "/surveys/{survey_id}",
    response={200: SurveyDetail, **NOT_FOUND},
    summary="顾客调查 A survey, with its tally",
    description="范围之外为 404。 Out of reach is 404.",
)
def survey_detail(request, survey_id: int):
    return access.survey_for(request.user, survey_id)


@router.get(
    "/surveys/{survey_id}/responses",
    response={200: list[ResponseOut], **NOT_FOUND},
    summary="调查的答卷 A survey's responses",
    description="与调查页面相同的范围。 The survey pages' reach.",
)
@paginate(CursorPagination, ordering=("id",))
def response_list(request, survey_id: int):
    survey = access.survey_for(request.user, survey_id)
    return survey.responses.select_related("evaluation")


@router.post(
    "/surveys/{survey_id}/responses/{response_id}/review",
    auth=auth.WRITE,
    response={
        200: ResponseOut,
        403: ProblemOut,
        409: ProblemOut,
        422: ProblemOut,
        **NOT_FOUND,
    },
    summary="纳入或排除答卷 Include or exclude a response",
    description="该项目的审核组与管理员，须说明理由（记入审计记录）；调查已接受后须项目仍可编辑"
    "（否则 409）。其他人为 404。支持 `Idempotency-Key`。"
    " The project's team and administrators, with the reason (kept in the audit trail); once"
    " the survey is accepted the project's sheets must still be open (409 otherwise). Anyone"
    " else gets 404. Takes `Idempotency-Key`.",
)
def response_review(request, survey_id: int, response_id: int, payload: ResponseReview):
    survey = access.survey_for(request.user, survey_id, review=True)
    response = get_object_or_404(survey.responses.select_related("evaluation"), pk=response_id)

    def act():
        try:
            return services.review_response(
                actor=request.user,
                response=response,
                include=payload.decision == "include",
                reason=payload.reason,
            )
        except InputError as exc:
            # The service names the field in the reader's words (for the page); here, the
            # request's field.
            raise InputError([p.at(field="reason") for p in exc.problems]) from None

    operation = f"survey_response_review:{response.pk}"
    return idempotent(request, operation=operation, body=payload.dict(), act=act, out=ResponseOut)
