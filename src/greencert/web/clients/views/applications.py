"""Applications for certification (认证申请): recording, listing, reviewing.

Project managers (and administrators) handle every application; a client
user may submit and follow its own organisation's.  Everyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencert.web.accounts.access import managers_required, role_required
from greencert.web.accounts.models import MANAGING_ROLES, Role
from greencert.web.clients import services
from greencert.web.clients.access import (
    application_for,
    organisation_for,
    visible_applications,
)
from greencert.web.clients.consequences import refusal
from greencert.web.clients.forms.applications import ApplicationForm, ReviewForm
from greencert.web.clients.models import Application
from greencert.web.confirmation import ConfirmWithReason
from greencert.web.form_errors import add_validation_error, error_summary

PAGE_SIZE = 50


@role_required(*MANAGING_ROLES, Role.CLIENT)
def application_list(request):
    applications = visible_applications(request.user).prefetch_related("projects")
    status = request.GET.get("status", "")
    if status in Application.Status.values:
        applications = applications.filter(status=status)
    else:
        status = ""
    page = Paginator(applications.order_by("-submitted_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "status": status, "statuses": Application.Status.choices}
    return render(request, "clients/application_list.html", context)


@login_required
def application_create(request, pk):
    organisation = organisation_for(request.user, pk)
    if not (request.user.manages or request.user.organisation_id == organisation.pk):
        raise Http404
    form = ApplicationForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.submit_application(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Application recorded."))
            return redirect("application_detail", pk=application.pk)
    context = {"organisation": organisation, "form": form}
    return render(request, "clients/application_form.html", context)


def _detail(request, application, review_form=None):
    if review_form is None and request.user.manages:
        review_form = ReviewForm()
    context = {
        "application": application,
        "organisation": application.organisation,
        "services": application.services.all(),
        "sites": application.sites.all(),
        "projects": application.projects.all(),
        "review_form": review_form if application.status == Application.Status.SUBMITTED else None,
    }
    return render(request, "clients/application_detail.html", context)


@login_required
def application_detail(request, pk):
    return _detail(request, application_for(request.user, pk))


@managers_required
def application_review(request, pk):
    """Accept on the application page; a refusal is taken only from its confirmation page."""
    application = application_for(request.user, pk)
    if request.method != "POST":
        return redirect("application_detail", pk=pk)
    if request.POST.get("decision") == Application.Status.REFUSED:
        messages.warning(request, _("Read what a refusal will do, then confirm it."))
        return redirect("application_refuse", pk=pk)
    form = ReviewForm(request.POST)
    try:
        services.check_reviewable(application)
        if form.is_valid():
            application = services.review_application(
                actor=request.user,
                application=application,
                accept=form.accept,
                reason=form.cleaned_data["reason"],
            )
            if form.accept:
                messages.success(request, _("Application accepted."))
            else:
                messages.success(request, _("Application refused."))
            return redirect("application_detail", pk=pk)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            form.add_error(None, exc)
        else:  # already reviewed: nothing in the form to correct
            for message in exc.messages:
                messages.error(request, message)
            return redirect("application_detail", pk=pk)
    return _detail(request, application, form)


def _refusal_form(data=None) -> ConfirmWithReason:
    return ConfirmWithReason(
        data,
        required=True,
        label=_("Reason for refusing"),
        required_message=_("Give the reason for refusing the application."),
        help_text=_("The applicant reads it on the application page."),
    )


@managers_required
@require_http_methods(["GET", "HEAD", "POST"])
def application_refuse(request, pk):
    """The refusal's confirmation page: what will happen, and the reason the applicant reads."""
    application = application_for(request.user, pk)
    if application.status != Application.Status.SUBMITTED:
        messages.error(
            request,
            _("This application was already reviewed (%(status)s).")
            % {"status": application.get_status_display()},
        )
        return redirect("application_detail", pk=pk)
    form = _refusal_form(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_application(
                    actor=request.user,
                    application=application,
                    accept=False,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Application refused."))
                return redirect("application_detail", pk=pk)
        status = 400
    context = {
        "application": application,
        "organisation": application.organisation,
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "consequences": refusal(application),
    }
    return render(request, "clients/application_refuse.html", context, status=status)
