"""View guards.  Anonymous people are sent to log in; a logged-in person
without the right role gets 404, like for an object outside their reach,
so that nothing leaks about what exists."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from greencert.web.accounts.models import MANAGING_ROLES, Role, User

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


# Who sees what the body learns across its clients (issue 18 §4): the staff who decide or
# oversee.  Kept here, below both the insights pages and the dashboard that links to them, so
# that the link and the pages' permission are one fact.
INSIGHT_ROLES = (Role.ADMIN, Role.PROJECT_MANAGER, Role.TECHNICAL_REVIEWER, Role.DECISION_MAKER)

staff_required = role_required(*STAFF_ROLES)
managers_required = role_required(*MANAGING_ROLES)
admin_required = role_required(Role.ADMIN)


def visible_accounts(user) -> QuerySet[User]:
    """Administrators see every account; nobody else reaches the account pages."""
    if user.is_authenticated and user.is_active and user.role == Role.ADMIN:
        return User.objects.select_related("organisation")
    return User.objects.none()


def account_for(user, pk) -> User:
    return get_object_or_404(visible_accounts(user), pk=pk)


def staff_account_for(user, pk) -> User:
    """A staff member's account, whose records (identity document, qualifications, impartiality
    declarations, declared conflicts) only administrators keep; a client user's is not found."""
    return get_object_or_404(visible_accounts(user).exclude(role=Role.CLIENT), pk=pk)


def sees_id_documents(user) -> bool:
    """Only administrators see an ID-document number, whole on the person's records page and
    masked in the list of people.  Nobody else does, not even the person themself: the number is
    asked for the regulator's report and nothing else in the product needs it."""
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN


def sees_insights(user) -> bool:
    """Whether *user* may open the insights across clients (see :data:`INSIGHT_ROLES`)."""
    return user.is_authenticated and user.is_active and user.role in INSIGHT_ROLES
