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

from greencert.web.accounts.access import managers_required, role_required
from greencert.web.accounts.models import MANAGING_ROLES, Role
from greencert.web.clients import services
from greencert.web.clients.access import (
    application_for,
    organisation_for,
    visible_applications,
)
from greencert.web.clients.forms.applications import ApplicationForm, ReviewForm
from greencert.web.clients.models import Application
from greencert.web.next_steps import Facts, with_next_step

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
    application = application_for(request.user, pk)
    if request.method != "POST":
        return redirect("application_detail", pk=pk)
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
                accepted = Facts(application_id=application.pk, application_status="accepted")
                messages.success(request, with_next_step(_("Application accepted."), accepted))
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
