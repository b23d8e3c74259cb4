"""Writes for accounts: invitations, roles, deactivation, lockout, passwords, second factor.

Keyword-only, one transaction each, the audit entry written with the change
(``greencert.account.*``).  Accounts are never deleted: the audit trail
refers to them; a person who leaves is deactivated.
"""

from __future__ import annotations

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from greencert.web.accounts import second_factor, tasks
from greencert.web.accounts.access import STAFF_ROLES
from greencert.web.accounts.models import User
from greencert.web.accounts.tokens import invitation_tokens
from greencert.web.audit.services import record


def _record(*, actor, action: str, user: User, before=None, after=None) -> None:
    record(
        actor=actor,
        action=action,
        target=user,
        organisation=user.organisation if user.organisation_id else None,
        before=before,
        after=after,
    )


# --- invitations -------------------------------------------------------------


def invitation_link(user: User) -> str:
    path = reverse(
        "invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )
    return settings.SITE_URL + path


def _invite(*, actor, user: User, resent: bool) -> None:
    user.set_unusable_password()  # a new random marker: links sent before stop working
    user.save(update_fields=["password"])
    _record(
        actor=actor,
        action="greencert.account.invited",
        user=user,
        after={
            "account_role": user.role,
            "email": user.email,
            "display_name": user.display_name,
            **({"resent": True} if resent else {}),
        },
    )
    link = invitation_link(user)
    # Sent once the account is stored: no mail for an invitation that was rolled back.
    transaction.on_commit(lambda: tasks.send_invitation.delay(user.pk, link, str(actor)))


@transaction.atomic
def invite_person(
    *,
    actor,
    username: str,
    email: str,
    display_name: str,
    role: str,
    organisation=None,
) -> User:
    """Make an account that can only be used through the e-mailed link, and send the link.

    Client users belong to *organisation*; staff to none (the model's constraint).
    """
    username, email = username.strip(), email.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    if not email:
        raise ValidationError({"email": _("An invitation needs an e-mail address.")})
    user = User(
        username=username,
        email=email,
        display_name=display_name.strip(),
        role=role,
        organisation=organisation,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _invite(actor=actor, user=user, resent=False)
    return user


@transaction.atomic
def resend_invitation(*, actor, user: User) -> User:
    """A new link (the earlier ones stop working), while the invitation is not accepted."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.has_usable_password():
        raise ValidationError(_("This person has already accepted the invitation."))
    _invite(actor=actor, user=user, resent=True)
    return user


@transaction.atomic
def accept_invitation(*, user: User, password: str) -> User:
    """The invited person chose their password (already checked by the validators)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    _record(actor=user, action="greencert.account.invitation_accepted", user=user)
    return user


# --- roles and deactivation ------------------------------------------------


def _not_oneself(actor, user: User) -> None:
    if actor.pk == user.pk:
        raise ValidationError(_("You cannot change your own account this way."))


@transaction.atomic
def change_role(*, actor, user: User, role: str) -> User:
    """A staff member's role (client users stay client users of their organisation)."""
    _not_oneself(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_client or role not in STAFF_ROLES:
        raise ValidationError({"role": _("Only staff roles can be given to staff members.")})
    if user.role != role:
        before = user.role
        user.role = role
        user.save(update_fields=["role"])
        _record(
            actor=actor,
            action="greencert.account.role_changed",
            user=user,
            before={"account_role": before},
            after={"account_role": role},
        )
    return user


@transaction.atomic
def set_active(*, actor, user: User, active: bool) -> User:
    """Deactivate (the person can no longer log in; their sessions end) or reactivate."""
    _not_oneself(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        _record(
            actor=actor,
            action=f"greencert.account.{'reactivated' if active else 'deactivated'}",
            user=user,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return user


# --- log-in, lockout, passwords -----------------------------------------------


def record_login(*, user: User) -> None:
    _record(actor=user, action="greencert.account.logged_in", user=user)


LOG_IN = "greencert.account.login_failed"  # the log-in form: who typed it is not known
REAUTHENTICATION = "greencert.account.reauthentication_failed"  # the check before an act


def record_failed_check(*, user: User, at: str, failures: int | None) -> None:
    """A wrong password (or second-factor code) for *user* at the log-in form (``LOG_IN``) or at
    the check before a sensitive act (``REAUTHENTICATION``), and the lockout it caused.

    *failures* is django-axes's count with this try (None where django-axes did not count
    it); the try that reaches ``AXES_FAILURE_LIMIT`` is the lockout.  At log-in nobody is
    known to have typed it; at the check it is *user*'s own session.  The secret typed is
    never recorded.
    """
    actor = user if at == REAUTHENTICATION else None
    after = {"failures": failures} if failures is not None else None
    with transaction.atomic():
        _record(actor=actor, action=at, user=user, after=after)
        if failures is not None and failures == settings.AXES_FAILURE_LIMIT:
            _record(actor=actor, action="greencert.account.locked_out", user=user, after=after)


@transaction.atomic
def unlock(*, actor, user: User) -> int:
    """Clear the failed log-ins of *user* (django-axes); returns how many records went."""
    removed = reset_lockout(username=user.username)
    _record(actor=actor, action="greencert.account.unlocked", user=user)
    return removed


def record_password_change(*, user: User, by_reset: bool) -> None:
    action = (
        "greencert.account.password_reset" if by_reset else "greencert.account.password_changed"
    )
    _record(actor=user, action=action, user=user)


# --- second factor --------------------------------------------------------------


@transaction.atomic
def enrol_second_factor(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Store the authenticator whose secret is *key* once *code* from it is right,
    with a fresh set of recovery codes (shown once to the person).

    Any earlier authenticator and recovery codes are replaced.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device = TOTPDevice(user=user, key=key, name="authenticator", confirmed=True)
    # django-otp saves the device as it checks the code; a wrong code rolls it all back.
    if not device.verify_token("".join(code.split())):
        raise ValidationError({"code": _("This code is not right. Type the current code.")})
    recovery = StaticDevice.objects.create(user=user, name=second_factor.RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _n in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    _record(actor=user, action="greencert.account.second_factor_enrolled", user=user)
    return device, codes


@transaction.atomic
def reset_second_factor(*, actor, user: User) -> None:
    """Remove the authenticator and recovery codes: the person enrols again at the next log-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _record(actor=actor, action="greencert.account.second_factor_reset", user=user)
