"""Who calls: a personal access token (``Authorization: Bearer gct_…``) or the browser's session.

A token acts as its owner, with the owner's role and reach; the person object
carries the token (``acting_token``) so that the audit entries written by the
services name it.  A read-only token is refused (403) on an operation that
writes.  The session works too, with Django's CSRF check on writes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from greencert.web.accounts.api_tokens import usable_token
from greencert.web.accounts.checks import checked_recently


class BearerToken(HttpBearer):
    """A personal access token; *writes*: the operation changes data."""

    def __init__(self, *, writes: bool = False):
        self.writes = writes
        super().__init__()

    def authenticate(self, request, token: str):
        found = usable_token(token)
        if found is None:
            return None
        if self.writes and not found.writes:
            raise HttpError(403, _("This token may only read."))
        user = found.user
        user.acting_token = found
        request.user = user
        return user


class Session(SessionAuth):
    """The browser's session (CSRF checked by ninja on unsafe methods)."""

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


READ = [BearerToken(), Session()]
WRITE = [BearerToken(writes=True), Session()]


def check_fresh(request) -> None:
    """What the pages' ``fresh_check_required`` asks of a write, for the browser's session: a
    password or second-factor check within ``REAUTH_MINUTES`` (403 otherwise; confirm on the
    site, then call again).  A token is that check already: a role that needs a second factor
    makes its tokens only after it."""
    if getattr(request.user, "acting_token", None) is None and not checked_recently(
        request.session
    ):
        raise HttpError(403, _("Confirm who you are on the site first, then try again."))
