"""Logging in, invitations, passwords: Django's own views, with the audit trail and
GreenCert's templates."""

from __future__ import annotations

import datetime

from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_safe

from greencert.web.accounts import second_factor, services
from greencert.web.accounts.forms import AccessTokenForm
from greencert.web.accounts.models import User
from greencert.web.accounts.tokens import invitation_tokens


class LoginView(auth_views.LoginView):
    """Django's log-in; django-axes refuses a locked account, the trail records each try."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_login(user=form.get_user())
        return response

    def form_invalid(self, form):
        request = self.request
        user = User.objects.filter(username=request.POST.get("username", "")).first()
        failures = getattr(request, "axes_failures_since_start", None)
        if user is not None and failures is not None:  # None: already locked, not counted
            services.record_failed_check(user=user, at=services.LOG_IN, failures=failures)
        return super().form_invalid(form)


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a password (the validators apply), then straight in;
    the second factor is enrolled before the first page where the role needs it."""

    token_generator = invitation_tokens
    template_name = "accounts/invitation_accept.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        with transaction.atomic():
            user = services.accept_invitation(
                user=self.user, password=form.cleaned_data["new_password1"]
            )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        auth_login(self.request, user, "django.contrib.auth.backends.ModelBackend")
        return super(auth_views.PasswordResetConfirmView, self).form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(user=form.user, by_reset=False)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(user=self.user, by_reset=True)
        return response


@login_required
@require_safe
def my_account(request):
    user = request.user
    context = {
        "enrolled": second_factor.is_enrolled(user),
        "required": second_factor.required_for(user),
        "codes_left": len(second_factor.recovery_codes(user)),
        "tokens": user.access_tokens.all(),
        "token_form": AccessTokenForm(
            initial={"expires_on": timezone.localdate() + datetime.timedelta(days=90)}
        ),
        "today": timezone.localdate(),
    }
    return render(request, "accounts/my_account.html", context)


login = LoginView.as_view()
invitation_accept = InvitationAcceptView.as_view()
password_change = PasswordChangeView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
