"""Scoring (the command line's contract) and the public certificate check."""

from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja import Query, Router, Schema

from greencert.core.assessment import assess_data
from greencert.core.contract_text import decode_json
from greencert.core.exceptions import InputError, Problem
from greencert.core.inputs import TOP_KEYS, scheme_label
from greencert.core.registry import get_scheme
from greencert.core.score_output import score_output
from greencert.web.api import auth
from greencert.web.api.problems import ProblemOut, problem_response
from greencert.web.api.schemas import VerifyOut
from greencert.web.certification.views.public import (
    PUBLIC_LIMIT,
    find_certificate,
    public_facts,
)

router = Router(tags=["scoring and verification 评分与证书查验"])

MAX_SCORE_BODY = 2 * 1024 * 1024  # the contract for 19 items × a few hundred evaluations fits

# The contract's keys; their values are the core's to check (core/inputs.py), each
# problem named in a 422, as the command line names it.
CONTRACT = {
    "type": "object",
    "additionalProperties": False,
    "properties": {key: {} for key in sorted(TOP_KEYS)},
}

SCORE_BODY = {
    "required": True,
    "description": "与 `greencert score` 相同的 JSON 输入（契约第 2 版）。"
    " The same JSON input as `greencert score` (contract version 2).",
    "content": {"application/json": {"schema": CONTRACT}},
}


class ScoreQuery(Schema):
    lang: str = "zh-hans"


@router.post(
    "/score",
    auth=auth.READ,
    response={200: dict, 401: ProblemOut, 422: ProblemOut},
    summary="评分 Score an assessment",
    description="输入与输出与 `greencert score --json` 完全相同；输入有误时 422 并逐条指明。"
    " Input and output exactly as `greencert score --json`; bad input is 422, each problem named.",
    openapi_extra={"requestBody": SCORE_BODY},
)
def score(request, query: Query[ScoreQuery]):
    lang = "en" if query.lang == "en" else "zh-hans"
    if len(request.body) > MAX_SCORE_BODY:
        raise InputError(
            Problem(code="json.unusable", params={"reason": "too large"}, source="body")
        )
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(Problem(code="file.not_text", source="body")) from None
    data = decode_json(text, "body")
    assessment = assess_data(get_scheme(scheme_label(data)), data)
    return JsonResponse(score_output(assessment, lang), json_dumps_params={"ensure_ascii": False})


@router.get(
    "/verify/{number}",
    auth=None,
    response={200: VerifyOut, 404: ProblemOut, 429: ProblemOut},
    summary="查验证书 Verify a certificate (public)",
    description="与公开查验页面相同的字段与限流。 The public verification page's fields and rate limit.",
)
def verify(request, number: str):
    if is_ratelimited(request, **PUBLIC_LIMIT, increment=True):
        return problem_response(
            429,
            _("Too many requests"),
            _("Too many look-ups from your address; try again in a minute."),
            headers={"Retry-After": "60"},
        )
    certificate = find_certificate(number)
    if certificate is None:
        raise Http404
    facts = public_facts(certificate, timezone.localdate())
    return {**facts, "status_label": str(facts["status_label"])}  # a lazy label, worded now
