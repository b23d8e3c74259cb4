"""A staff member's declared conflicts of interest with organisations (administrators only),
beside the person's other records (``accounts.views.records``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greencert.web.accounts.access import admin_required, staff_account_for
from greencert.web.clients.conflicts import declare_conflict, remove_conflict
from greencert.web.clients.forms.conflicts import ConflictForm
from greencert.web.form_errors import add_validation_error


@admin_required
@require_http_methods(["GET", "POST"])
def person_conflicts(request, pk):
    account = staff_account_for(request.user, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declare_conflict(actor=request.user, person=account, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The declared conflict of interest was recorded."))
            return redirect("person_conflicts", pk=account.pk)
    conflicts = account.declared_conflicts.select_related("organisation")
    context = {"account": account, "form": form, "conflicts": conflicts}
    return render(request, "clients/person_conflicts.html", context)


@admin_required
@require_POST
def conflict_remove(request, pk, item):
    account = staff_account_for(request.user, pk)
    conflict = get_object_or_404(account.declared_conflicts.select_related("organisation"), pk=item)
    remove_conflict(actor=request.user, conflict=conflict)
    messages.success(request, _("The declared conflict of interest was removed."))
    return redirect("person_conflicts", pk=account.pk)
