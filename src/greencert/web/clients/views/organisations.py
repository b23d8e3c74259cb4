"""The organisation list, its page, and creating or changing its main record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from greencert.web.accounts.access import managers_required, sees_insights, staff_required
from greencert.web.clients import services
from greencert.web.clients.access import (
    edits_contacts,
    invites_users,
    organisation_for,
    organisation_for_change,
    visible_applications,
    visible_organisations,
)
from greencert.web.clients.forms.organisations import OrganisationForm
from greencert.web.clients.models import Organisation, uscc_problem
from greencert.web.listing import Column, Sorting, list_context, page_of

PAGE_SIZE = 50


ORGANISATION_COLUMNS = [
    Column("name", pgettext_lazy("organisation", "Name"), ("name",)),
    Column("uscc", _lazy("Unified social credit code"), ("uscc",)),
    Column("address", _lazy("Address")),
]


@staff_required
def organisation_list(request):
    organisations = visible_organisations(request.user)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(uscc__icontains=query.replace(" ", "").upper())
        )
    sorting = Sorting(request.GET, ORGANISATION_COLUMNS, default="name")
    page = page_of(organisations.order_by(*sorting.order_by()), request.GET, PAGE_SIZE)
    context = {"q": query, **list_context(page, sorting)}
    return render(request, "clients/organisation_list.html", context)


@login_required
def organisation_detail(request, pk):
    organisation = organisation_for(request.user, pk)
    user = request.user
    context = {
        "organisation": organisation,
        "uscc_problem": uscc_problem(organisation.uscc),
        "contacts": organisation.contacts.order_by("name", "pk"),
        "sites": organisation.sites.all(),
        "services": organisation.services.all(),
        "certificates": organisation.qms_certificates.all(),
        "today": timezone.localdate(),
        "can_manage": user.manages,
        "can_edit_contacts": edits_contacts(user, organisation),
        "can_apply": user.manages or user.organisation_id == organisation.pk,
        # Applications are shown to those who may open them (managers, the client itself).
        "applications": visible_applications(user).filter(organisation=organisation),
        "sees_applications": user.manages or user.organisation_id == organisation.pk,
        "users": organisation.users.order_by("username") if user.manages else None,
        "can_invite": invites_users(user, organisation),
        "sees_insights": sees_insights(user),  # links to its cycles across clients
    }
    return render(request, "clients/organisation_detail.html", context)


def _save(request, form, save, template, context):
    """Validate *form*, call *save* (a service) and map its refusal back onto the form."""
    if form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, template, {**context, "form": form})


@managers_required
def organisation_create(request):
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":

        def save(data):
            organisation = services.create_organisation(actor=request.user, **data)
            messages.success(request, _("Organisation %(name)s created.") % {"name": organisation})
            return redirect("organisation_detail", pk=organisation.pk)

        return _save(request, form, save, "clients/organisation_form.html", {})
    return render(request, "clients/organisation_form.html", {"form": form})


@managers_required
def organisation_edit(request, pk):
    organisation = organisation_for_change(request.user, pk)
    # The form gets its own copy: validating it changes its instance, and the
    # page keeps showing the stored record until the change is saved.
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=Organisation.objects.get(pk=pk)
    )
    context = {"organisation": organisation, "uscc_problem": uscc_problem(organisation.uscc)}
    if request.method == "POST":

        def save(data):
            services.update_organisation(actor=request.user, organisation=organisation, **data)
            messages.success(request, _("Changes saved."))
            return redirect("organisation_detail", pk=organisation.pk)

        return _save(request, form, save, "clients/organisation_form.html", context)
    return render(request, "clients/organisation_form.html", {**context, "form": form})
