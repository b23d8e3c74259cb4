"""A person's own API tokens, on their account page: made (shown once) and revoked.

A role that must use a second factor makes a token only after confirming who
they are in the last few minutes (:func:`fresh_check_required`): a token
outlives the session it was made in.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from greencert.web.accounts import api_tokens, second_factor
from greencert.web.accounts.checks import fresh_check_required
from greencert.web.accounts.forms import AccessTokenForm


def fresh_check_for_second_factor_roles(view):
    """The fresh check, for the roles that need a second factor only."""
    checked = fresh_check_required(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if second_factor.required_for(request.user):
            return checked(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapped


@login_required
@never_cache
@require_POST
@fresh_check_for_second_factor_roles
def access_token_create(request):
    form = AccessTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = api_tokens.create_token(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("expires_on", exc)
        else:
            return render(
                request, "accounts/access_token_created.html", {"token": token, "raw": raw}
            )
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)
    return redirect("my_account")


@login_required
@require_POST
def access_token_revoke(request, pk):
    token = api_tokens.own_token(request.user, pk)
    api_tokens.revoke_token(actor=request.user, token=token)
    messages.success(
        request, _("Token %(prefix)s revoked: it no longer works.") % {"prefix": token.prefix}
    )
    return redirect("my_account")
