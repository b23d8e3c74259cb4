"""The administrators' account pages: staff and client users, invitations, roles,
deactivation (never deletion), unlocking, resetting a second factor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greencert.web.accounts import services
from greencert.web.accounts.access import account_for, admin_required, visible_accounts
from greencert.web.accounts.checks import fresh_check_required
from greencert.web.accounts.forms import RoleForm, StaffInviteForm
from greencert.web.accounts.models import Role
from greencert.web.accounts.status import is_invited, locked_usernames, status_of
from greencert.web.audit.display import trail_rows
from greencert.web.audit.models import AuditEntry
from greencert.web.form_errors import add_validation_error


@admin_required
@require_safe
def account_list(request):
    accounts = visible_accounts(request.user).select_related("person_record")
    accounts = list(accounts.order_by("organisation__name", "username"))
    locked = locked_usernames(a.username for a in accounts)
    rows = [(a, is_invited(a), a.username in locked) for a in accounts]
    context = {
        "staff": [r for r in rows if r[0].role != Role.CLIENT],
        "clients": [r for r in rows if r[0].role == Role.CLIENT],
    }
    return render(request, "accounts/account_list.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def account_invite(request):
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_person(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect("account_detail", pk=user.pk)
    context = {"form": form, "back_url": reverse("account_list"), "back_label": _("People")}
    return render(request, "accounts/account_invite.html", context)


@admin_required
@require_safe
def account_detail(request, pk):
    account = account_for(request.user, pk)
    entries = AuditEntry.objects.filter(object_type="user", object_id=str(account.pk))
    context = {
        "account": account,
        "status": status_of(account),
        "role_form": RoleForm(initial={"role": account.role}),
        "trail": trail_rows(entries.select_related("actor")[:50]),
        "is_self": account.pk == request.user.pk,
    }
    return render(request, "accounts/account_detail.html", context)


def _act(request, pk, change, done: str):
    """Run *change* (a service taking actor= and user=) and go back to the account's page."""
    account = account_for(request.user, pk)
    try:
        change(actor=request.user, user=account)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("account_detail", pk=account.pk)


@admin_required
@fresh_check_required
@require_POST
def account_role(request, pk):
    account = account_for(request.user, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("role", []):
            messages.error(request, f"{_('Role')}: {message}")
        return redirect("account_detail", pk=account.pk)
    role = form.cleaned_data["role"]
    return _act(
        request,
        pk,
        lambda actor, user: services.change_role(actor=actor, user=user, role=role),
        _("Role changed."),
    )


@admin_required
@require_POST
def account_deactivate(request, pk):
    return _act(
        request,
        pk,
        lambda actor, user: services.set_active(actor=actor, user=user, active=False),
        _("Account deactivated: this person can no longer log in."),
    )


@admin_required
@require_POST
def account_reactivate(request, pk):
    return _act(
        request,
        pk,
        lambda actor, user: services.set_active(actor=actor, user=user, active=True),
        _("Account reactivated."),
    )


@admin_required
@require_POST
def account_unlock(request, pk):
    return _act(request, pk, services.unlock, _("Account unlocked."))


@admin_required
@require_POST
def account_second_factor_reset(request, pk):
    return _act(
        request,
        pk,
        services.reset_second_factor,
        _("Second factor removed: this person enrols again at the next log-in."),
    )


@admin_required
@require_POST
def account_invitation_resend(request, pk):
    return _act(request, pk, services.resend_invitation, _("A new invitation was sent."))
