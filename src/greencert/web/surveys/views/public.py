"""The public questionnaire: no login, no JavaScript, one light page and a thank-you page.

CSRF protection is off here on purpose: nobody is logged in, so a forged
post has no one's authority to borrow; what a post must carry instead is
the signed ticket of a page actually shown (see ``public_form``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import is_ratelimited

from greencert.web.net import client_ip
from greencert.web.projects.result_display import core_language
from greencert.web.projects.scoring import scheme_of
from greencert.web.surveys.acceptance import refusal
from greencert.web.surveys.models import Survey
from greencert.web.surveys.public_form import (
    HONEYPOT,
    PREFIX,
    Refused,
    honeypot_filled,
    new_ticket,
)
from greencert.web.surveys.submission import (
    SurveyClosed,
    SurveyNotFound,
    device_key,
    network_of,
    submit_online,
)

DEVICE_COOKIE = "gc_survey_device"
DEVICE_MAX_AGE = 2 * 365 * 24 * 3600  # long-lived: it tells repeat answers from one phone
RATE_GROUP = "greencert.surveys.submit"


def _rate(group, request) -> str:
    return f"{settings.SURVEY_RATE_PER_MINUTE}/m"


def _survey(token: str) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("project__organisation", "project__assessment", "site"),
        token=token,
    )


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # after a post, the browser fetches the page with GET
    return response


def _device_cookie(request) -> tuple[str, bool]:
    """This device's cookie, and whether it is new (then the response sets it)."""
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    return (value, False) if device_key(value) else (secrets.token_urlsafe(24), True)


def _with_device(request, response, value: str | None = None):
    cookie, new = _device_cookie(request)
    if new:
        response.set_cookie(
            DEVICE_COOKIE,
            value or cookie,
            max_age=DEVICE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _questions(scheme, problems=(), kept=None) -> list[dict]:
    en = core_language() == "en"
    errors = {p["item"]: p["text"] for p in problems if p["item"]}
    kept = kept or {}
    return [
        {
            "id": item.id,
            "n": n,
            "anchor": "q-" + item.id.replace(".", "_"),
            "name": PREFIX + item.id,
            "text": item.question_en if en else item.question,
            "error": errors.get(item.id, ""),
            "chosen": kept.get(item.id, ""),
        }
        for n, item in enumerate(scheme.items.values(), start=1)
    ]


def _form(request, survey, ticket_value: str, *, problems=(), kept=None, comment="", status=200):
    scheme = scheme_of(survey.project.assessment)
    en = core_language() == "en"
    problems = [
        {**p, "anchor": "q-" + p["item"].replace(".", "_") if p["item"] else ""} for p in problems
    ]
    context = {
        "survey": survey,
        "questions": _questions(scheme, problems, kept),
        "levels": [(str(b.level), b.label_en if en else b.label) for b in scheme.likert],
        "ticket": ticket_value,
        "problems": problems,
        "comment": comment,
        "comment_max": settings.SURVEY_COMMENT_MAX_CHARS,
        "honeypot": HONEYPOT,
    }
    response = render(request, "surveys/public_form.html", context, status=status)
    return _with_device(request, response)


CLOSED_STATUS = {"closed": 410, "ended": 410, "full": 410, "not_yet": 403}


def _closed(request, survey, reason: str, status: int | None = None):
    context = {"survey": survey, "reason": reason}
    return render(
        request,
        "surveys/public_closed.html",
        context,
        status=status or CLOSED_STATUS.get(reason, 410),
    )


def _message(request, title: str, text: str, status: int):
    context = {"title": title, "text": text}
    return render(request, "surveys/public_message.html", context, status=status)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    """The questionnaire.  Each load draws a new ticket, never kept in a cache: a
    form sent again is stored once; a page loaded again (the back button
    included) is a new form, and a second response from the same phone is
    flagged as such."""
    if request.method == "POST":
        return _post(request, token)
    survey = _survey(token)
    if reason := refusal(survey):
        return _closed(request, survey, reason)
    return _form(request, survey, new_ticket(survey.pk).dumps())


def _post(request, token: str):
    """Checks that need no database first; then one transaction does the rest."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    too_large = _("Your answers were not sent: the form is larger than this survey accepts.")
    if length > settings.SURVEY_MAX_BODY_BYTES:
        return _message(request, _("Too large"), too_large, 413)
    limited = is_ratelimited(
        request, group=RATE_GROUP, key="ip", rate=_rate, method="POST", increment=True
    )
    if limited:
        text = _(
            "Too many answers were sent from your network in the last minute. "
            "Please wait a minute and send again."
        )
        return _message(request, _("Please wait a minute"), text, 429)
    try:
        post = request.POST
    except RequestDataTooBig:
        return _message(request, _("Too large"), too_large, 413)
    thanks = reverse("survey_thanks", args=(token,))
    if honeypot_filled(post):
        # A bot filled the field people never see: it is told "thank you", nothing is stored.
        return _see_other(thanks)
    cookie, _new = _device_cookie(request)
    try:
        submit_online(
            token=token,
            post=post,
            device=device_key(cookie),
            network=network_of(client_ip(request)),
        )
    except SurveyNotFound:
        raise Http404 from None
    except SurveyClosed as closed:
        return _closed(request, _survey(token), closed.reason)
    except Refused as refused:
        survey = _survey(token)
        if reason := refusal(survey):  # a closed survey says so before it lists mistakes
            return _closed(request, survey, reason)
        ticket_value = post.get("ticket", "")
        if refused.fresh_ticket:
            ticket_value = new_ticket(survey.pk).dumps()
        return _form(
            request,
            survey,
            ticket_value,
            problems=refused.problems,
            kept=refused.kept,
            comment=refused.comment,
            status=refused.status,
        )
    return _with_device(request, _see_other(thanks), cookie)


@never_cache
@require_safe
def thanks(request, token):
    return render(request, "surveys/public_thanks.html", {"survey": _survey(token)})
