"""Enrolling the authenticator app, checking its code after the password, and the
fresh check before a signature."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from greencert.web.accounts import checks, second_factor, services
from greencert.web.accounts.forms import CodeForm, EnrolForm, ReauthenticateForm
from greencert.web.form_errors import add_validation_error

PENDING_KEY = "greencert.totp_pending_key"


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request):
    """The secret is drawn once and kept in the session until a first code confirms it."""
    user = request.user
    if second_factor.is_enrolled(user) and not user.is_verified():
        # Replacing an authenticator needs the current one (or a recovery code) first.
        return redirect("second_factor_verify")
    key = request.session.get(PENDING_KEY) or default_key()
    request.session[PENDING_KEY] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.enrol_second_factor(
                user=user, key=key, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            del request.session[PENDING_KEY]
            otp_login(request, device)
            checks.mark_checked(request.session)
            context = {"codes": codes, "next": checks.safe_next(request)}
            return render(request, "accounts/recovery_codes.html", context)
    device = TOTPDevice(user=user, key=key, name="authenticator")
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_base32(device),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    user = request.user
    if not second_factor.is_enrolled(user):
        return redirect("second_factor_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.match(user, form.cleaned_data["code"])
        if device is None:
            form.add_error("code", _("This code is not right, or was already used."))
        else:
            otp_login(request, device)
            checks.mark_checked(request.session)
            return redirect(checks.safe_next(request))
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reauthenticate(request):
    """Confirm who you are (password, or a second-factor code) before a signature."""
    form = ReauthenticateForm(
        request.POST or None,
        request=request,
        check_code=lambda user, code: second_factor.match(user, code) is not None,
    )
    if request.method == "POST" and form.is_valid():
        checks.mark_checked(request.session)
        target = checks.safe_next(request)
        carried = checks.take_carried(request.session, target)
        if carried is not None:
            # The refused form comes back with what was typed in it, to be sent by the person.
            return render(
                request,
                "accounts/resubmit.html",
                {"action": target, **carried},
            )
        messages.success(request, _("Thank you. You may go on for the next few minutes."))
        return redirect(target)
    if form.has_error("secret", ReauthenticateForm.WRONG):
        # As at log-in: each wrong try is in the trail, and the lockout it may cause.
        services.record_failed_check(
            user=request.user,
            at=services.REAUTHENTICATION,
            failures=getattr(request, "axes_failures_since_start", None),
        )
    return render(
        request,
        "accounts/reauthenticate.html",
        {"form": form, "next": request.GET.get("next", "")},
    )
