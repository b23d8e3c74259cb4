"""Personal access tokens: made, looked up and revoked.

A token reads ``gct_<prefix>_<secret>``: the prefix (8 hexadecimal characters)
names it in lists and in the audit trail; the secret is 32 random bytes.  Only
the SHA-256 digest of the whole token is stored, so a copy of the database
gives no usable token.  Making and revoking are audited
(``greencert.access_token.*``); a use only marks the token's last use.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from greencert.web.accounts.models import AccessToken, User
from greencert.web.audit.services import record

SCHEME_PREFIX = "gct_"
MAX_VALID_DAYS = 366  # a token lives a year at most: a forgotten one stops by itself
LAST_USE_STEP = datetime.timedelta(minutes=1)  # last use written at most once a minute


def digest(raw: str) -> str:
    """The stored form of a token: hex SHA-256 (FIPS 180-2's test vector below).

    >>> digest("abc")
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    """
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_raw() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{SCHEME_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def check_expiry(expires_on: datetime.date, today: datetime.date) -> None:
    latest = today + datetime.timedelta(days=MAX_VALID_DAYS)
    if not today < expires_on <= latest:
        raise ValidationError(
            _("Expires on: choose a day after today and no later than %(latest)s.")
            % {"latest": latest.isoformat()}
        )


def create_token(
    *, actor: User, name: str, writes: bool, expires_on: datetime.date
) -> tuple[AccessToken, str]:
    """Make a token for *actor* (their own): returns it with the raw token, shown once."""
    check_expiry(expires_on, timezone.localdate())
    prefix, raw = _new_raw()
    with transaction.atomic():
        token = AccessToken.objects.create(
            user=actor,
            name=name.strip()[:80],
            prefix=prefix,
            digest=digest(raw),
            writes=writes,
            expires_on=expires_on,
        )
        record(
            actor=actor,
            action="greencert.access_token.created",
            target=token,
            after={
                "name": token.name,
                "prefix": prefix,
                "writes": writes,
                "expires_on": expires_on,
            },
        )
    return token, raw


def revoke_token(*, actor: User, token: AccessToken) -> AccessToken:
    """Revoke one of *actor*'s own tokens (another's is not found: the caller looks it up)."""
    with transaction.atomic():
        locked = AccessToken.objects.select_for_update().get(pk=token.pk, user=actor)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            record(
                actor=actor,
                action="greencert.access_token.revoked",
                target=locked,
                before={"revoked": False},
                after={"revoked": True, "prefix": locked.prefix},
            )
    return locked


def own_token(user: User, pk) -> AccessToken:
    """One of *user*'s own tokens; anyone else's is a 404."""
    return get_object_or_404(AccessToken, user=user, pk=pk)


def usable_token(raw: str) -> AccessToken | None:
    """The live token *raw* names (not revoked, not expired, its owner active), or None.

    Its last use is marked, at most once a minute, without an audit entry.
    """
    if not raw.startswith(SCHEME_PREFIX):
        return None
    token = (
        AccessToken.objects.select_related("user", "user__organisation")
        .filter(digest=digest(raw), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or token.expires_on < timezone.localdate() or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_STEP:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
