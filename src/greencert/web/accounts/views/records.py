"""A staff member's records, kept by administrators: the identity document (seen whole only
here), qualifications and signed impartiality declarations; and the certification body's page.

The declared conflicts of interest are kept on a page of the clients app (they name an
organisation): ``clients.views.conflicts``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.web.accounts import records
from greencert.web.accounts.access import admin_required, staff_account_for
from greencert.web.accounts.forms import (
    BodyForm,
    DeclarationForm,
    IdDocumentForm,
    QualificationForm,
)
from greencert.web.accounts.models import CertificationBody, PersonRecord
from greencert.web.downloads import stored_file
from greencert.web.form_errors import add_validation_error


def _records_page(request, account, id_form=None):
    person = PersonRecord.objects.filter(user=account).first() or PersonRecord(user=account)
    context = {
        "account": account,
        "person": person,
        "id_form": id_form or IdDocumentForm(instance=person),
        "qualifications": account.qualifications.all(),
        "declarations": account.impartiality_declarations.all(),
    }
    return render(request, "accounts/person_records.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def person_records(request, pk):
    """The records page; its form (POST) records the identity document."""
    account = staff_account_for(request.user, pk)
    if request.method != "POST":
        return _records_page(request, account)
    stored = PersonRecord.objects.filter(user=account).first() or PersonRecord(user=account)
    form = IdDocumentForm(request.POST, instance=stored)
    if form.is_valid():
        try:
            records.save_id_document(
                actor=request.user,
                user=account,
                id_document_type=form.cleaned_data["id_document_type"],
                id_document_number=form.cleaned_data["id_document_number"],
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The ID document was saved."))
            return redirect("person_records", pk=account.pk)
    return _records_page(request, account, id_form=form)


def _form_page(request, account, form, *, title: str, multipart: bool = False):
    context = {"account": account, "form": form, "title": title, "multipart": multipart}
    return render(request, "accounts/record_form.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def qualification_add(request, pk):
    account = staff_account_for(request.user, pk)
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            records.add_qualification(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The qualification was recorded."))
            return redirect("person_records", pk=account.pk)
    return _form_page(request, account, form, title=_("Record a qualification"))


@admin_required
@require_POST
def qualification_remove(request, pk, item):
    account = staff_account_for(request.user, pk)
    qualification = get_object_or_404(account.qualifications, pk=item)
    records.remove_qualification(actor=request.user, qualification=qualification)
    messages.success(request, _("The qualification was removed."))
    return redirect("person_records", pk=account.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def declaration_add(request, pk):
    account = staff_account_for(request.user, pk)
    posted = request.method == "POST"
    form = DeclarationForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            records.add_declaration(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The impartiality declaration was recorded."))
            return redirect("person_records", pk=account.pk)
    title = _("Record an impartiality declaration")
    return _form_page(request, account, form, title=title, multipart=True)


@admin_required
@require_safe
def declaration_file(request, pk, item):
    account = staff_account_for(request.user, pk)
    declaration = get_object_or_404(account.impartiality_declarations.exclude(file=""), pk=item)
    return stored_file(declaration.file, declaration.original_name)


@admin_required
@require_POST
def declaration_remove(request, pk, item):
    account = staff_account_for(request.user, pk)
    declaration = get_object_or_404(account.impartiality_declarations, pk=item)
    records.remove_declaration(actor=request.user, declaration=declaration)
    messages.success(request, _("The impartiality declaration was removed."))
    return redirect("person_records", pk=account.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def certification_body(request):
    body = CertificationBody.current()
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            records.save_body(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The certification body's record was saved."))
            return redirect("certification_body")
    return render(request, "accounts/certification_body.html", {"form": form, "body": body})
