"""What an account's page shows about it: invited, locked, second factor."""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from greencert.web.accounts import second_factor
from greencert.web.accounts.models import User


def is_invited(user: User) -> bool:
    """Invited and not accepted yet: no password chosen."""
    return not user.has_usable_password()


def locked_usernames(usernames) -> set[str]:
    """Of *usernames*, those that django-axes holds locked now: as many failures as the
    limit, the last within the cool-off time."""
    attempts = AccessAttempt.objects.filter(
        username__in=list(usernames),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )
    return set(attempts.values_list("username", flat=True))


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
