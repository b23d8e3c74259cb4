"""Session limits and the second factor, applied to every request.

``SessionLimitsMiddleware`` ends a session idle for ``SESSION_IDLE_MINUTES``
or older than ``SESSION_MAX_HOURS`` (counted from the log-in).
``SecondFactorMiddleware`` lets a person whose role needs a second factor
(``SECOND_FACTOR_ROLES``) reach no page on their password alone: only the
pages that enrol or check the second factor, log out and change the
language.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from greencert.web.accounts import checks, second_factor

# Written at most this often, so that a page view costs no session write.
SEEN_RESOLUTION_SECONDS = 60
# Open to a person whose second factor is still to be checked or enrolled.
BEFORE_SECOND_FACTOR = {
    "second_factor_verify",
    "second_factor_enrol",
    "logout",
    "set_language",
    "healthz",
}


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session, now = request.session, time.time()
            logged_in = session.get(checks.LOGGED_IN_AT, 0)
            seen = session.get(checks.SEEN_AT, 0)
            if (
                now - seen > settings.SESSION_IDLE_MINUTES * 60
                or now - logged_in > settings.SESSION_MAX_HOURS * 3600
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            if now - seen > SEEN_RESOLUTION_SECONDS:
                session[checks.SEEN_AT] = int(now)
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if second_factor.required_for(user) and not user.is_verified():
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in BEFORE_SECOND_FACTOR and not request.path.startswith(
                settings.STATIC_URL
            ):
                step = (
                    "second_factor_verify"
                    if second_factor.is_enrolled(user)
                    else "second_factor_enrol"
                )
                return redirect(f"{reverse(step)}?{urlencode({'next': request.path})}")
        return self.get_response(request)
