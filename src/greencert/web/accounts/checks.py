"""When a person last proved who they are, kept in their session.

Django's ``login`` is the moment a password was checked (the log-in form, an
accepted invitation, a reset password); the second factor and the
re-authentication page mark the session again.  The session middleware and
the :func:`fresh_check_required` guard read these marks.
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

LOGGED_IN_AT = "greencert.logged_in_at"  # seconds since the epoch
CHECKED_AT = "greencert.checked_at"  # the last password or second-factor check
SEEN_AT = "greencert.seen_at"  # the last request, for the idle timeout
CARRIED = "greencert.carried_post"  # what a refused signature's form held, until confirmed
CARRIED_MAX_CHARS = 64 * 1024  # a decision's reasoning fits; a flood does not enter the session


def mark_logged_in(session) -> None:
    now = int(time.time())
    session[LOGGED_IN_AT] = session[CHECKED_AT] = session[SEEN_AT] = now


def mark_checked(session) -> None:
    session[CHECKED_AT] = int(time.time())


def checked_recently(session) -> bool:
    checked = session.get(CHECKED_AT)
    return checked is not None and time.time() - checked <= settings.REAUTH_MINUTES * 60


def on_logged_in(sender, request, user, **kwargs) -> None:
    """Django's ``user_logged_in``: the password (or an invitation's link) was just checked."""
    if request is not None and hasattr(request, "session"):
        mark_logged_in(request.session)


def safe_next(request, fallback: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(fallback)


def fresh_check_required(view):
    """A write (POST) needs a password or second-factor check within ``REAUTH_MINUTES``.

    Otherwise the person is sent to confirm who they are and comes back to the
    page (a GET of the same address), where they submit again.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not checked_recently(request.session):
            carry(request)
            query = urlencode({"next": request.path})
            return redirect(f"{reverse('reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped


def carry(request) -> None:
    """Keep what the refused form held, so that confirming does not lose the typed text.

    Only text: a chosen file cannot be carried (the page says so).  Nothing is
    done with it but offering it back, to the same person, for the same address.
    """
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]
    if sum(len(name) + len(value) for name, value in fields) > CARRIED_MAX_CHARS:
        request.session.pop(CARRIED, None)
        return
    request.session[CARRIED] = {
        "path": request.path,
        "fields": fields,
        "files_dropped": bool(request.FILES),
    }


def take_carried(session, path: str) -> dict | None:
    """The form carried for *path* (and forget it), or None."""
    carried = session.pop(CARRIED, None)
    if carried is None or carried.get("path") != path:
        return None
    return carried
