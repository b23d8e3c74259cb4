"""What an account's page shows about it: invited, locked, second factor."""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from greencert.web.accounts import second_factor
from greencert.web.accounts.models import User


def is_invited(user: User) -> bool:
    """Invited and not accepted yet: no password chosen."""
    return not user.has_usable_password()


def locked_usernames(usernames) -> set[str]:
    """Of *usernames*, those that django-axes holds locked now: as many failures as the
    limit, the last within the cool-off time."""
    # One row per address and browser; django-axes adds them up per user name.
    totals = (
        AccessAttempt.objects.filter(username__in=list(usernames))
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(
            failures__gte=settings.AXES_FAILURE_LIMIT,
            last__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        )
    )
    return {row["username"] for row in totals}


@dataclass(frozen=True)
class AccountStatus:
    invited: bool
    locked: bool
    enrolled: bool
    second_factor_required: bool


def status_of(user: User) -> AccountStatus:
    return AccountStatus(
        invited=is_invited(user),
        locked=bool(locked_usernames([user.username])),
        enrolled=second_factor.is_enrolled(user),
        second_factor_required=user.role in settings.SECOND_FACTOR_ROLES,
    )
