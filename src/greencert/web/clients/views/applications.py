"""Applications for certification (认证申请): recording, listing, reviewing.

Project managers (and administrators) handle every application; a client
user may submit and follow its own organisation's.  Everyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
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
from greencert.web.clients.forms.applications import (
    ApplicationFilterForm,
    ApplicationForm,
    ReviewForm,
)
from greencert.web.clients.models import Application
from greencert.web.confirmation import ConfirmWithReason
from greencert.web.form_errors import add_validation_error, error_summary
from greencert.web.listing import Column, Sorting, list_context, page_of
from greencert.web.next_steps import Facts, with_next_step

PAGE_SIZE = 50


APPLICATION_COLUMNS = [
    Column("submitted", pgettext_lazy("application", "Submitted"), ("submitted_at",)),
    Column("organisation", _lazy("Organisation"), ("organisation__name",)),
    Column("scope", _lazy("Requested scope")),
    Column("status", _lazy("Status"), ("status",)),
]


@role_required(*MANAGING_ROLES, Role.CLIENT)
def application_list(request):
    form = ApplicationFilterForm(request.GET or None)
    applications = visible_applications(request.user).select_related("organisation")
    if form.is_valid():
        if status := form.cleaned_data["status"]:
            applications = applications.filter(status=status)
        if q := form.cleaned_data["q"].strip():
            applications = applications.filter(
                Q(organisation__name__icontains=q)
                | Q(organisation__uscc=q.replace(" ", "").upper())
                | Q(scope__icontains=q)
            )
        applications = form.in_range(applications, "submitted_at__date")
    sorting = Sorting(request.GET, APPLICATION_COLUMNS, default="-submitted")
    page = page_of(applications.order_by(*sorting.order_by()), request.GET, PAGE_SIZE)
    return render(
        request, "clients/application_list.html", {"form": form, **list_context(page, sorting)}
    )


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
