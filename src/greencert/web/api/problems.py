"""Errors as ``application/problem+json`` (RFC 9457), in the reader's language.

Every refusal names what it is about: a field of the request (``body.to``,
``query.cursor``), a key of the scoring contract, or the object that is not
found.  The core's problems keep their code, so a program need not parse words.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from greencert.core.exceptions import GreenCertError, Problem
from greencert.web.certification.services import Refused
from greencert.web.form_errors import reader_language
from greencert.web.projects.errors import NotEditable

CONTENT_TYPE = "application/problem+json"


class FieldProblem(Schema):
    field: str
    detail: str
    code: str | None = None


class ProblemOut(Schema):
    """RFC 9457 problem details, with the fields at fault in ``errors``."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = []


def problem_response(status: int, title: str, detail: str, errors=(), headers=None):
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body["errors"] = list(errors)
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_error(field: str, message: str) -> NinjaValidationError:
    """A refusal about one field of the request (raise it): ``field_error("body.to", …)``."""
    return NinjaValidationError([{"loc": field.split("."), "msg": message, "type": "value_error"}])


def _field_of(problem: Problem) -> str:
    for name in ("field", "path", "key", "item", "clause", "nonconformity", "evaluation"):
        if value := getattr(problem, name):
            return str(value)
    return "body"


def core_problem(problem: Problem) -> dict:
    lang = reader_language()
    return {"field": _field_of(problem), "detail": problem.text(lang), "code": problem.code or None}


def _location(loc) -> str:
    return ".".join(str(part) for part in loc if part not in ("payload", "filters"))


def on_validation(request, exc: NinjaValidationError):
    errors = [
        {
            "field": _location(e.get("loc", ())),
            "detail": str(e.get("msg", "")),
            "code": e.get("type"),
        }
        for e in exc.errors
    ]
    fields = ", ".join(e["field"] for e in errors)
    return problem_response(
        422, _("Invalid request"), _("Check these fields: %(fields)s") % {"fields": fields}, errors
    )


def on_core(request, exc: GreenCertError):
    errors = [core_problem(p) for p in exc.problems]
    return problem_response(422, _("Invalid input"), "; ".join(e["detail"] for e in errors), errors)


def on_django_validation(request, exc: DjangoValidationError):
    errors = [{"field": "body", "detail": m, "code": None} for m in exc.messages]
    return problem_response(422, _("Invalid input"), "; ".join(exc.messages), errors)


def on_not_editable(request, exc: NotEditable | Refused):
    return problem_response(409, _("Not possible now"), str(exc))


def on_not_found(request, exc: Http404):
    return problem_response(404, _("Not found"), _("Nothing here, or it is out of your reach."))


def on_unauthenticated(request, exc: AuthenticationError):
    return problem_response(
        401,
        _("Not authenticated"),
        _("Send a valid API token (Authorization: Bearer …) or log in."),
        headers={"WWW-Authenticate": "Bearer"},
    )


def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, NinjaValidationError):
        # Refused by our body parser (greencert.web.api.parser), which django-ninja wraps as
        # "Cannot parse request body": the refusal names its field as any other.
        return on_validation(request, exc.__cause__)
    return problem_response(exc.status_code, _("Refused"), str(exc))


HANDLERS = [
    (NinjaValidationError, on_validation),
    (GreenCertError, on_core),
    (DjangoValidationError, on_django_validation),
    (NotEditable, on_not_editable),
    (Refused, on_not_editable),  # a rule of the certification process: not from this state
    (Http404, on_not_found),
    (AuthenticationError, on_unauthenticated),
    (HttpError, on_http_error),
]
