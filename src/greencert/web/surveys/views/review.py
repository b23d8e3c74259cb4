"""The review of flagged responses (one at a time or several at once), and importing paper questionnaires."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from greencert.web.surveys.forms import BulkReviewForm, ReviewForm


def _render_queue(request, survey, forms=None, bulk=None, status=200):
    """The review page: everyone who sees the survey reads it; its team decides."""
    forms = forms or {}
    may_review = access.may_review(request.user, survey.project)
    groups = selectors.review_groups(survey)
    ids = [r.pk for g in groups for r in g.responses]
    bulk = bulk or BulkReviewForm(response_ids=ids)
    ticked = {int(v) for v in bulk["responses"].value() or [] if str(v).isdigit()}
    context = {
        "survey": survey,
        "project": survey.project,
        "groups": [
            {
                "device": g.device,
                "pending": g.pending,
                "rows": [
                    {"response": r, "form": forms.get(r.pk) or ReviewForm(prefix=f"r{r.pk}")}
                    for r in g.responses
                ],
            }
            for g in groups
        ],
        "may_review": may_review,
        "reviewers": access.reviewers(survey.project),
        "bulk": bulk,
        "ticked": ticked,
        "tally": selectors.tally(survey),
        "waiting": selectors.waiting(survey),
    }
    return render(request, "surveys/review.html", context, status=status)


@login_required
@require_safe
def survey_review(request, sid):
    survey = access.survey_for(request.user, sid)
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
@require_POST
def responses_review(request, sid):
    """Several responses decided at once, with one reason: all of them, or none."""
    survey = access.survey_for(request.user, sid, review=True)
    ids = [r.pk for g in selectors.review_groups(survey) for r in g.responses]
    form = BulkReviewForm(request.POST, response_ids=ids)
    if form.is_valid():
        include = form.cleaned_data["decision"] == "include"
        try:
            decided = services.review_responses(
                actor=request.user,
                survey=survey,
                response_ids=form.cleaned_data["responses"],
                include=include,
                reason=form.cleaned_data["reason"],
            )
        except InputError as exc:
            form.add_error(None, "; ".join(problem_lines(exc.problems)))
        except NotEditable as exc:
            form.add_error(None, str(exc))
        else:
            codes = ", ".join(r.evaluation.code for r in decided)
            text = _("Included: %(codes)s.") if include else _("Excluded: %(codes)s.")
            messages.success(request, text % {"codes": codes})
            return redirect("survey_review", sid=survey.pk)
    return _render_queue(request, survey, bulk=form, status=400)


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
