"""The endpoints' signing secrets, kept encrypted in the database.

A signature needs the secret itself, so it cannot be stored as a hash.  It
is encrypted with Fernet (AES-128-CBC with an HMAC-SHA256 tag, from the
``cryptography`` package) under a key derived from ``SECRET_KEY`` with
HKDF-SHA256: a copy of the database (a backup, a dump) does not reveal the
secrets without the server's key.  Keys in ``SECRET_KEY_FALLBACKS`` still
open secrets sealed before a key rotation.  A secret sealed under a key the
server no longer has cannot be opened: the endpoint needs a new secret.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PURPOSE = b"greencert webhook signing secrets"
PREFIX = "whsec_"


class Unreadable(Exception):
    """The secret was sealed under a key this server does not have."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    return MultiFernet(
        [_fernet(k) for k in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]]
    )


def new_secret() -> str:
    """A random secret: 32 bytes, URL-safe text, with a prefix that says what it is."""
    return PREFIX + secrets.token_urlsafe(32)


def seal(secret: str) -> str:
    return _keys().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    try:
        return _keys().decrypt(sealed.encode()).decode()
    except InvalidToken as exc:
        raise Unreadable from exc
