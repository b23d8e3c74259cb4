"""The auditors' side: the review queue of flagged responses, and importing paper questionnaires."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.core.exceptions import InputError
from greencert.web.downloads import XLSX, download
from greencert.web.form_errors import problem_lines, problem_message
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.forms.sheets import ImportForm
from greencert.web.projects.scoring import scheme_of
from greencert.web.surveys import access, selectors, services
from greencert.web.surveys.documents import write_template
from greencert.web.surveys.forms import ReviewForm
from greencert.web.surveys.models import SurveyResponse

FLAGGED = Q(too_fast=True) | Q(same_answers=True) | Q(duplicate_device=True) | Q(network_burst=True)


def _queue(survey):
    """Flagged responses (and any already reviewed), those awaiting a decision first."""
    pending_first = Case(
        When(status=SurveyResponse.Status.HELD, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        survey.responses.filter(FLAGGED | Q(reviewed_at__isnull=False))
        .select_related("evaluation", "reviewed_by")
        .prefetch_related("evaluation__ratings")
        .order_by(pending_first, "id")
    )


def _render_queue(request, survey, forms=None, status=200):
    forms = forms or {}
    rows = [
        {"response": r, "form": forms.get(r.pk) or ReviewForm(prefix=f"r{r.pk}")}
        for r in _queue(survey)
    ]
    context = {
        "survey": survey,
        "project": survey.project,
        "rows": rows,
        "tally": selectors.tally(survey),
        "waiting": selectors.waiting(survey),
    }
    return render(request, "surveys/review.html", context, status=status)


@login_required
@require_safe
def survey_review(request, sid):
    survey = access.survey_for(request.user, sid, review=True)
    return _render_queue(request, survey)


@login_required
@require_POST
def response_review(request, sid, rid):
    survey = access.survey_for(request.user, sid, review=True)
    response = get_object_or_404(survey.responses, pk=rid)
    form = ReviewForm(request.POST, prefix=f"r{response.pk}")
    if form.is_valid():
        include = form.cleaned_data["decision"] == "include"
        try:
            services.review_response(
                actor=request.user,
                response=response,
                include=include,
                reason=form.cleaned_data["reason"],
            )
        except InputError as exc:
            form.add_error("reason", "; ".join(problem_message(p) for p in exc.problems))
        except NotEditable as exc:
            form.add_error(None, str(exc))
        else:
            text = _("%(code)s included.") if include else _("%(code)s excluded.")
            messages.success(request, text % {"code": response.evaluation.code})
            return redirect("survey_review", sid=survey.pk)
    return _render_queue(request, survey, forms={response.pk: form}, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_import(request, sid):
    survey = access.survey_for(request.user, sid, review=True)
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                created = services.import_questionnaires(
                    actor=request.user, survey=survey, stream=form.cleaned_data["file"]
                )
            except InputError as exc:
                problems = problem_lines(exc.problems)  # the reader's language
            except NotEditable as exc:
                problems, status = [str(exc)], 409
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d questionnaire imported.",
                        "%(count)d questionnaires imported.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect("survey_detail", sid=survey.pk)
    context = {"survey": survey, "project": survey.project, "form": form, "problems": problems}
    return render(request, "surveys/import_form.html", context, status=status)


@login_required
@require_safe
def survey_template(request, sid):
    survey = access.survey_for(request.user, sid, review=True)
    stream = io.BytesIO()
    title = f"{survey.project.code} {survey.code} · {survey.project.organisation} · {survey.site}"
    write_template(scheme_of(survey.project.assessment), stream, title=title)
    name = f"{survey.project.code}-{survey.code}-questionnaires.xlsx"
    return download(stream.getvalue(), XLSX, name)
