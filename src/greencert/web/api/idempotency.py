"""``Idempotency-Key`` on POST: the first answer is kept and a retry with the same key gets it
again, without acting twice; the same key sent to another operation, or to the same one with
another body, is refused (422), the refusal naming the key and which of the two it was.

The answer is kept per caller (the person, and the token used, if any) in the same
transaction as the act, so an act is never kept without its answer nor the reverse;
two retries racing meet the unique constraint and the loser replays the winner's answer.
"""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Status

from greencert.web.api.models import IdempotentRequest
from greencert.web.api.problems import problem_response

HEADER = "Idempotency-Key"
MAX_KEY = 200


def _fingerprint(operation: str, body) -> str:
    text = json.dumps([operation, body], sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _caller(request) -> dict:
    token = getattr(request.user, "acting_token", None)
    return {"user": request.user, "token_prefix": token.prefix if token else ""}


def _replay(stored: IdempotentRequest, operation: str, digest: str):
    """The stored answer again; or, the key being for another request, the refusal naming it."""
    if stored.operation != operation:
        detail = _("The Idempotency-Key “%(key)s” was used for another operation.")
    elif stored.body_hash != digest:
        detail = _("The Idempotency-Key “%(key)s” was sent before with another request body.")
    else:
        response = JsonResponse(stored.response, status=stored.status, safe=False)
        response["Idempotent-Replayed"] = "true"
        return response
    return problem_response(
        422,
        _("Idempotency key reused"),
        detail % {"key": stored.key},
        [{"field": f"header.{HEADER}", "detail": _("Use a new key."), "code": None}],
    )


def idempotent(request, *, operation: str, body, act, out, status: int = 200):
    """Run *act* once per key; its result is given as *out* (a schema) with *status*, and kept
    with the key."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return Status(status, out.from_orm(act()))
    if len(key) > MAX_KEY:
        return problem_response(
            422,
            _("Invalid request"),
            _("The Idempotency-Key is longer than %(n)s characters.") % {"n": MAX_KEY},
            [{"field": f"header.{HEADER}", "detail": _("Too long."), "code": None}],
        )
    caller, digest = _caller(request), _fingerprint(operation, body)
    stored = IdempotentRequest.objects.filter(key=key, **caller).first()
    if stored is not None:
        return _replay(stored, operation, digest)
    try:
        with transaction.atomic():
            answer = json.loads(json.dumps(out.from_orm(act()).dict(), cls=DjangoJSONEncoder))
            IdempotentRequest.objects.create(
                key=key,
                operation=operation,
                body_hash=digest,
                status=status,
                response=answer,
                **caller,
            )
    except IntegrityError:
        return _replay(IdempotentRequest.objects.get(key=key, **caller), operation, digest)
    return JsonResponse(answer, status=status)
