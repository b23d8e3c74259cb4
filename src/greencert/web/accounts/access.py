"""View guards.  Anonymous people are sent to log in; a logged-in person
without the right role gets 404, like for an object outside their reach,
so that nothing leaks about what exists."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from greencert.web.accounts.models import MANAGING_ROLES, Role

STAFF_ROLES = tuple(r for r in Role if r != Role.CLIENT)


def role_required(*roles):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(*STAFF_ROLES)
managers_required = role_required(*MANAGING_ROLES)
