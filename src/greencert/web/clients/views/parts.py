"""Adding, changing and removing the parts of an organisation's record:
contacts, sites, services and GB/T 19001 certificates.

The four behave alike, so one set of views serves them, configured by a
:class:`Part` given in the URL map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from greencert.web.clients import services
from greencert.web.clients.access import edits_contacts, manages, organisation_for_change
from greencert.web.clients.forms.organisations import (
    ContactForm,
    QmsCertificateForm,
    ServiceForm,
    SiteForm,
)
from greencert.web.clients.models import Contact, QmsCertificate, Service, Site


@dataclass(frozen=True)
class Part:
    model: type
    form: type
    add: Callable  # service: (actor=, organisation=, **fields)
    update: Callable  # service: (actor=, <target>=, **fields)
    remove: Callable  # service: (actor=, <target>=)
    target: str  # keyword naming the object in update/remove
    add_title: Promise
    edit_title: Promise
    allowed: Callable = manages  # (user, organisation) -> bool
    anchor: str = ""  # section of the organisation page to return to


CONTACT = Part(
    Contact,
    ContactForm,
    services.add_contact,
    services.update_contact,
    services.remove_contact,
    "contact",
    gettext_lazy("Add a contact"),
    gettext_lazy("Change contact"),
    allowed=edits_contacts,
    anchor="contacts",
)
SITE = Part(
    Site,
    SiteForm,
    services.add_site,
    services.update_site,
    services.remove_site,
    "site",
    gettext_lazy("Add a site"),
    gettext_lazy("Change site"),
    anchor="sites",
)
SERVICE = Part(
    Service,
    ServiceForm,
    services.add_service,
    services.update_service,
    services.remove_service,
    "service",
    gettext_lazy("Add a service"),
    gettext_lazy("Change service"),
    anchor="services",
)
QMS_CERTIFICATE = Part(
    QmsCertificate,
    QmsCertificateForm,
    services.record_qms_certificate,
    services.update_qms_certificate,
    services.remove_qms_certificate,
    "certificate",
    gettext_lazy("Record a GB/T 19001 certificate"),
    gettext_lazy("Change GB/T 19001 certificate"),
    anchor="qms",
)


def _back(organisation, part: Part):
    return redirect(reverse("organisation_detail", args=[organisation.pk]) + f"#{part.anchor}")


def _form_page(request, part, organisation, form, item=None):
    title = part.edit_title if item else part.add_title
    context = {"organisation": organisation, "form": form, "title": title, "item": item}
    return render(request, "clients/part_form.html", context)


@login_required
def part_add(request, pk, part: Part):
    organisation = organisation_for_change(request.user, pk, part.allowed)
    form = part.form(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            part.add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return _back(organisation, part)
    return _form_page(request, part, organisation, form)


@login_required
def part_edit(request, pk, item, part: Part):
    organisation = organisation_for_change(request.user, pk, part.allowed)
    obj = get_object_or_404(part.model, pk=item, organisation=organisation)
    form = part.form(
        request.POST if request.method == "POST" else None, instance=obj, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            part.update(actor=request.user, **{part.target: obj}, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return _back(organisation, part)
    return _form_page(request, part, organisation, form, item=obj)


@login_required
@require_POST
def part_delete(request, pk, item, part: Part):
    organisation = organisation_for_change(request.user, pk, part.allowed)
    obj = get_object_or_404(part.model, pk=item, organisation=organisation)
    try:
        part.remove(actor=request.user, **{part.target: obj})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(name)s” removed.") % {"name": obj})
    return _back(organisation, part)
