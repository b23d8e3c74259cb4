"""Staff pages of a project's surveys: the list, opening one, its page, its state, its poster."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.core.exceptions import InputError
from greencert.reports.qr import qr_svg as qr_markup
from greencert.web.downloads import PDF, download
from greencert.web.form_errors import problem_lines
from greencert.web.projects.errors import NotEditable
from greencert.web.surveys import access, selectors, services
from greencert.web.surveys.acceptance import refusal
from greencert.web.surveys.consequences import acceptance
from greencert.web.surveys.documents import poster_pdf
from greencert.web.surveys.forms import SurveyForm
from greencert.web.surveys.models import Survey


def public_url(survey: Survey) -> str:
    """The full link printed on the poster and encoded in the QR code."""
    return settings.SITE_URL + reverse("survey_answer", args=(survey.token,))


def qr_svg(url: str) -> str:
    """An inline SVG QR code (no image request, crisp at any size)."""
    return mark_safe(qr_markup(url))  # segno writes the SVG, of our own URL: nothing of the user


@login_required
@require_safe
def survey_list(request, pk):
    project = access.project_for_surveys(request.user, pk)
    surveys = list(project.surveys.select_related("site"))
    rows = [{"survey": s, "tally": selectors.tally(s)} for s in surveys]
    context = {
        "project": project,
        "rows": rows,
        "may_manage": access.may_manage(request.user),
        "closed_reason": closed_project_reason(project),
        "today": timezone.localdate(),
        "waiting": selectors.waiting_in_project(project),
    }
    return render(request, "surveys/survey_list.html", context)


def closed_project_reason(project) -> str | None:
    """Why no survey may be opened on *project* (its evaluation is over), or None."""
    if project.is_open:
        return None
    return _(
        "The project is “%(state)s”: a survey is opened only while the project is planned or in "
        "progress, so that its answers can still count."
    ) % {"state": project.get_state_display()}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_create(request, pk):
    project = access.project_for_surveys(request.user, pk)
    if not access.may_manage(request.user):
        raise Http404
    if refused := closed_project_reason(project):
        # Not offered on a project past its evaluation; a form posted anyway stores nothing.
        status = 409 if request.method == "POST" else 200
        context = {"project": project, "refused": refused}
        return render(request, "surveys/survey_form.html", context, status=status)
    sites = services.survey_sites(project)
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        sites=sites,
        initial=services.default_survey_dates(project),
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.open_survey(actor=request.user, project=project, **form.cleaned_data)
        except InputError as exc:
            problems = problem_lines(exc.problems)
        except NotEditable as exc:
            problems = [str(exc)]
        else:
            messages.success(request, _("The survey is open. Print its poster or share its link."))
            return redirect("survey_detail", sid=survey.pk)
    status = 400 if request.method == "POST" else 200
    context = {"project": project, "form": form, "problems": problems}
    return render(request, "surveys/survey_form.html", context, status=status)


STATE_BUTTONS = {
    Survey.State.OPEN: [(Survey.State.CLOSED, gettext_lazy("Close the survey"))],
    Survey.State.CLOSED: [
        (Survey.State.ACCEPTED, gettext_lazy("Accept the survey: its included responses count")),
        (Survey.State.OPEN, gettext_lazy("Reopen the survey")),
    ],
    Survey.State.ACCEPTED: [],
}


@login_required
@require_safe
def survey_detail(request, sid):
    survey = access.survey_for(request.user, sid)
    url = public_url(survey)
    may_manage = access.may_manage(request.user)
    context = {
        "survey": survey,
        "project": survey.project,
        "tally": selectors.tally(survey),
        "waiting": selectors.waiting(survey),
        "url": url,
        "qr": qr_svg(url),
        "refusal": refusal(survey),
        "may_manage": may_manage,
        "may_review": access.may_review(request.user, survey.project),
        "reviewers": access.reviewers(survey.project),
        "buttons": [(to, str(label)) for to, label in STATE_BUTTONS[survey.state]]
        if may_manage
        else [],
    }
    return render(request, "surveys/survey_detail.html", context)


@login_required
@require_POST
def survey_state(request, sid):
    survey = access.survey_for(request.user, sid, manage=True)
    to = request.POST.get("to", "")
    if to not in Survey.State.values:
        messages.error(request, _("Unknown survey state."))
        return redirect("survey_detail", sid=survey.pk)
    accepting = to == Survey.State.ACCEPTED and survey.state == Survey.State.CLOSED
    if accepting and request.POST.get("confirmed") != "yes":
        # Accepting cannot be undone: only from the page that says what it does.
        messages.warning(request, _("Read what accepting will do, then confirm it."))
        return redirect("survey_accept", sid=survey.pk)
    try:
        survey = services.change_survey_state(actor=request.user, survey=survey, to=to)
    except NotEditable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The survey is now “%(state)s”.") % {"state": survey.get_state_display()},
        )
    return redirect("survey_detail", sid=survey.pk)


@login_required
@require_safe
def survey_accept(request, sid):
    """What accepting the survey will do, and the button that accepts it."""
    survey = access.survey_for(request.user, sid, manage=True)
    if survey.state != Survey.State.CLOSED:
        raise Http404  # only a closed survey is accepted
    context = {
        "survey": survey,
        "project": survey.project,
        "consequences": acceptance(survey),
    }
    return render(request, "surveys/survey_accept.html", context)


@login_required
@require_safe
def survey_poster(request, sid):
    survey = access.poster_survey_for(request.user, sid)
    with translation.override(settings.LANGUAGE_CODE):  # for customers: the site's language
        pdf = poster_pdf(survey, public_url(survey))
    name = f"{survey.project.code}-{survey.code}-poster.pdf"
    return download(pdf, PDF, name, inline=True)
