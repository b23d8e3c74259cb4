"""A project's evaluation sheets and its maturity sheet: read by the staff who see the
project, written by its team (and administrators) — the sheet pages' reach
(``projects/views/sheet_context.official_context``) — through the pages' services
(``projects/services/sheets``), which check the sheet with the core and keep the audit
trail.  The ratings are read as the input contract of ``greencert score`` reads them
(``core/inputs.parse_evaluation``), so a sheet is judged by one set of rules wherever
it comes from; each refusal names the part of the body at fault.

Every answer about a sheet carries its ``ETag``; a change sends it back as ``If-Match``
(:mod:`greencert.web.api.preconditions`).
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Router, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import CursorPagination, paginate

from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import parse_evaluation
from greencert.core.ratings import Rating
from greencert.web.api import auth
from greencert.web.api.idempotency import idempotent
from greencert.web.api.preconditions import (
    ETAG,
    IF_MATCH,
    PreconditionFailed,
    evaluation_etag,
    maturity_etag,
    require_match,
)
from greencert.web.api.problems import ProblemOut
from greencert.web.api.sheet_schemas import (
    EvaluationIn,
    EvaluationOut,
    MaturityIn,
    MaturityOut,
)
from greencert.web.form_errors import reader_language
from greencert.web.projects.errors import EditConflict
from greencert.web.projects.models import Evaluation
from greencert.web.projects.services.sheets import (
    delete_evaluation,
    next_evaluation_code,
    save_evaluation,
    save_maturity,
)
from greencert.web.projects.views.sheet_context import SheetContext, official_context

router = Router(tags=["evaluations 测评", "maturity 成熟度"], auth=auth.READ)
NOT_FOUND = {404: ProblemOut, 401: ProblemOut}
WRITE_REFUSALS = {403: ProblemOut, 409: ProblemOut, 422: ProblemOut, **NOT_FOUND}
LOCKED = {412: ProblemOut, 428: ProblemOut}
TAGGED = {"responses": {200: {"headers": {"ETag": ETAG}}}}
READERS = "认证机构中可见该项目的人员（顾客为 404）。 Staff who see the project (clients get 404)."
WRITERS = (
    "项目审核组成员与管理员，项目开放时；需读写令牌。"
    " The project's team and administrators, while it is open; a read-write token."
)
LOCKING = (
    "须带 If-Match（读取时的 ETag）：缺少为 428，已过时为 412，均不保存。"
    " Send If-Match (the ETag read): without it 428, stale 412; nothing is stored."
)


def _evaluation(ctx: SheetContext, evaluation_id: int) -> Evaluation:
    # Only this project's evaluations: another project's id is not found.
    sheets = ctx.assessment.evaluations.select_related("survey_response", "rater")
    return get_object_or_404(sheets.prefetch_related("ratings"), pk=evaluation_id)


def _etag(evaluation: Evaluation) -> str:
    return evaluation_etag(evaluation.pk, evaluation.version, evaluation.counts)


def _answer(evaluation: Evaluation, response: HttpResponse) -> EvaluationOut:
    response["ETag"] = _etag(evaluation)
    return EvaluationOut.from_orm(evaluation)


# --- What a body says, read by the core's rules --------------------------------------


def _evaluation_field(problem: Problem, payload: EvaluationIn) -> list[str]:
    """Where in the body a problem of the sheet is: ``body.alpha.3.2``, ``body.date`` …"""
    if problem.item:
        if problem.field == "note":
            return ["body", "notes", problem.item]
        return ["body", "likert" if problem.item in payload.likert else "alpha", problem.item]
    if problem.code == "evaluation.unrated":
        return ["body", "alpha"]
    if problem.field in EvaluationIn.model_fields:
        return ["body", problem.field]
    return ["body"]


def _maturity_field(problem: Problem) -> list[str]:
    if problem.clause:
        return ["body", "clauses", problem.clause, "note" if problem.field == "note" else "level"]
    return ["body", "clauses"]


def _refusal(problems: list[Problem], where) -> NinjaValidationError:
    """The core's problems as a 422 naming each part of the body (see ``problems.py``)."""
    lang = reader_language()
    return NinjaValidationError(
        [{"loc": where(p), "msg": p.text(lang), "type": p.code or None} for p in problems]
    )


def _sheet(ctx: SheetContext, payload: EvaluationIn, evaluation: Evaluation | None) -> dict:
    """The keyword arguments of ``save_evaluation`` the body gives, or a 422 naming each
    problem: the ratings as the scoring contract reads them, the site among the
    organisation's."""
    problems: list[Problem] = []
    code = payload.code.strip()
    named = code or (evaluation.code if evaluation else next_evaluation_code(ctx.assessment))
    entry = {
        "id": named,
        "source": payload.source,
        "alpha": payload.alpha,
        "likert": payload.likert,
    }
    read = parse_evaluation(entry, ctx.scheme, problems)
    problems += [
        Problem(code="rating.not_item", evaluation=named, item=item_id, field="note")
        for item_id in payload.notes
        if item_id not in ctx.scheme.items
    ]
    site = None
    if payload.site is not None:
        site = ctx.assessment.organisation.sites.filter(pk=payload.site).first()
        if site is None:
            message = _("site %(site)s is not one of the organisation's sites")
            problems.append(Problem(field="site", message=message % {"site": payload.site}))
    rater = None
    if "rater" not in payload.model_fields_set and evaluation is not None:
        # Not sent (a client older than the field): the rater recorded is kept, as an empty
        # code is; an explicit null clears it.
        rater = evaluation.rater
    elif payload.rater is not None:
        rater = get_user_model().objects.filter(username=payload.rater.strip()).first()
        if rater is None:  # refused as one not on the team: no account is confirmed to exist
            problems.append(
                Problem(
                    code="evaluation.rater_not_on_team",
                    params={"name": payload.rater},
                    field="rater",
                    value=payload.rater,
                )
            )
    if problems:
        raise _refusal(problems, lambda p: _evaluation_field(p, payload))
    header = {
        "code": code,
        "evaluator": payload.evaluator.strip(),
        "rater": rater,
        "date": payload.date,
        "site": site,
        "source": payload.source,
        "note": payload.note,
    }
    ratings = {i: Rating(alpha, read.likert.get(i)) for i, alpha in read.alphas.items()}
    notes = {i: note.strip() for i, note in payload.notes.items()}
    return {"header": header, "ratings": ratings, "notes": notes}


def _saved(ctx: SheetContext, payload: EvaluationIn, evaluation: Evaluation | None, actor):
    sheet = _sheet(ctx, payload, evaluation)
    try:
        saved = save_evaluation(
            actor=actor,
            assessment=ctx.assessment,
            evaluation=evaluation,
            expected_version=evaluation.version if evaluation else None,
            **sheet,
        )
    except InputError as exc:
        raise _refusal(exc.problems, lambda p: _evaluation_field(p, payload)) from None
    except EditConflict:
        raise PreconditionFailed from None  # saved by someone else since If-Match was checked
    return _evaluation(ctx, saved.pk)


# --- Evaluations ---------------------------------------------------------------------


@router.get(
    "/projects/{project_id}/evaluations",
    response={200: list[EvaluationOut], **NOT_FOUND},
    summary="项目的测评 A project's evaluations",
    description=READERS,
)
@paginate(CursorPagination, ordering=("id",))
def evaluation_list(request, project_id: int):
    ctx = official_context(request.user, project_id, edit=False)
    sheets = ctx.assessment.evaluations.select_related("survey_response", "rater")
    return sheets.prefetch_related("ratings")


@router.get(
    "/projects/{project_id}/evaluations/{evaluation_id}",
    response={200: EvaluationOut, **NOT_FOUND},
    summary="测评 An evaluation",
    description=READERS + " 带 ETag。 With its ETag.",
    openapi_extra=TAGGED,
)
def evaluation_detail(request, project_id: int, evaluation_id: int, response: HttpResponse):
    ctx = official_context(request.user, project_id, edit=False)
    return _answer(_evaluation(ctx, evaluation_id), response)


@router.post(
    "/projects/{project_id}/evaluations",
    auth=auth.WRITE,
    response={201: EvaluationOut, **WRITE_REFUSALS},
    summary="新建测评 Add an evaluation",
    description=WRITERS + " 与测评页面相同的校验；支持 `Idempotency-Key`。"
    " The sheet page's checks; takes `Idempotency-Key`.",
    openapi_extra={"responses": {201: {"headers": {"ETag": ETAG}}}},
)
def evaluation_create(request, project_id: int, payload: EvaluationIn, response: HttpResponse):
    ctx = official_context(request.user, project_id, edit=True)
    answer = idempotent(
        request,
        operation=f"evaluation_create:{project_id}",
        body=payload.dict(),
        act=lambda: _saved(ctx, payload, None, request.user),
        out=EvaluationOut,
        status=201,
    )
    if isinstance(answer, Status):
        response["ETag"] = evaluation_etag(
            answer.value.id, answer.value.version, answer.value.counts
        )
    elif answer.status_code == 201:  # the answer kept with the Idempotency-Key
        kept = json.loads(answer.content)
        answer["ETag"] = evaluation_etag(kept["id"], kept["version"], kept["counts"])
    return answer


@router.put(
    "/projects/{project_id}/evaluations/{evaluation_id}",
    auth=auth.WRITE,
    response={200: EvaluationOut, **WRITE_REFUSALS, **LOCKED},
    summary="修改测评 Replace an evaluation",
    description=WRITERS + " 整张测评表替换。 The whole sheet is replaced. " + LOCKING,
    openapi_extra=TAGGED,
)
def evaluation_update(
    request,
    project_id: int,
    evaluation_id: int,
    payload: EvaluationIn,
    response: HttpResponse,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH),
):
    ctx = official_context(request.user, project_id, edit=True)
    evaluation = _evaluation(ctx, evaluation_id)
    require_match(if_match, _etag(evaluation))
    return _answer(_saved(ctx, payload, evaluation, request.user), response)


@router.delete(
    "/projects/{project_id}/evaluations/{evaluation_id}",
    auth=auth.WRITE,
    response={204: None, **WRITE_REFUSALS, **LOCKED},
    summary="删除测评 Delete an evaluation",
    description=WRITERS
    + " 顾客的问卷答复不能删除（409）。 A survey response cannot be (409). "
    + LOCKING,
)
def evaluation_delete(
    request,
    project_id: int,
    evaluation_id: int,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH),
):
    ctx = official_context(request.user, project_id, edit=True)
    evaluation = _evaluation(ctx, evaluation_id)
    require_match(if_match, _etag(evaluation))
    try:
        delete_evaluation(
            actor=request.user, evaluation=evaluation, expected_version=evaluation.version
        )
    except EditConflict:
        raise PreconditionFailed from None
    return Status(204, None)


# --- The maturity sheet --------------------------------------------------------------


def _maturity(ctx: SheetContext, response: HttpResponse) -> MaturityOut:
    assessment = ctx.assessment
    response["ETag"] = maturity_etag(assessment.pk, assessment.maturity_version)
    stored = {r.clause_id: r for r in assessment.clause_ratings.all()}
    clauses = {
        cid: {"level": stored[cid].level, "note": stored[cid].note}
        if cid in stored
        else {"level": None, "note": ""}
        for cid in ctx.scheme.clauses
    }
    return MaturityOut(version=assessment.maturity_version, clauses=clauses)


@router.get(
    "/projects/{project_id}/maturity",
    response={200: MaturityOut, **NOT_FOUND},
    summary="成熟度评价表 The maturity sheet",
    description=READERS + " 21 个条款，等级 1–5，带 ETag。 The 21 clauses, levels 1–5; its ETag.",
    openapi_extra=TAGGED,
)
def maturity_detail(request, project_id: int, response: HttpResponse):
    return _maturity(official_context(request.user, project_id, edit=False), response)


@router.put(
    "/projects/{project_id}/maturity",
    auth=auth.WRITE,
    response={200: MaturityOut, **WRITE_REFUSALS, **LOCKED},
    summary="修改成熟度评价表 Replace the maturity sheet",
    description=WRITERS + " 可逐步评定：未列出的条款为未评。"
    " Clauses may be rated step by step: one left out is not rated. " + LOCKING,
    openapi_extra=TAGGED,
)
def maturity_update(
    request,
    project_id: int,
    payload: MaturityIn,
    response: HttpResponse,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH),
):
    ctx = official_context(request.user, project_id, edit=True)
    assessment = ctx.assessment
    require_match(if_match, maturity_etag(assessment.pk, assessment.maturity_version))
    levels = {cid: {"level": c.level, "note": c.note.strip()} for cid, c in payload.clauses.items()}
    try:
        ctx.assessment = save_maturity(
            actor=request.user,
            assessment=assessment,
            levels=levels,
            expected_version=assessment.maturity_version,
        )
    except InputError as exc:
        raise _refusal(exc.problems, _maturity_field) from None
    except EditConflict:
        raise PreconditionFailed from None
    return _maturity(ctx, response)
