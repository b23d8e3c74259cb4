"""Giving a contact of an organisation its login: an invitation as a client user."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencert.web.accounts import services as accounts
from greencert.web.accounts.access import managers_required
from greencert.web.accounts.models import Role
from greencert.web.clients.access import invites_users, organisation_for_change
from greencert.web.clients.forms.users import ClientUserInviteForm
from greencert.web.form_errors import add_validation_error


@managers_required
@require_http_methods(["GET", "POST"])
def organisation_user_invite(request, pk):
    organisation = organisation_for_change(request.user, pk, allowed=invites_users)
    form = ClientUserInviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"]
        try:
            user = accounts.invite_person(
                actor=request.user,
                username=form.cleaned_data["username"],
                email=contact.email,
                display_name=contact.name,
                role=Role.CLIENT,
                organisation=organisation,
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Invitation sent to %(name)s (%(email)s).")
                % {"name": contact.name, "email": user.email},
            )
            return redirect(f"{reverse('organisation_detail', args=[organisation.pk])}#users")
    context = {
        "form": form,
        "organisation": organisation,
        "title": _("Invite a contact to log in"),
        "back_url": reverse("organisation_detail", args=[organisation.pk]),
        "back_label": organisation.name,
        "invitation_hours": settings.INVITATION_VALID_HOURS,
    }
    return render(request, "accounts/account_invite.html", context)
