"""Helpers for the account tests: reading e-mailed links, TOTP codes, a stale check."""

from __future__ import annotations

import re
import time

from django_otp.oath import TOTP

from greencert.web.accounts import checks


def link_in(mail_body: str) -> str:
    """The path of the one link in an e-mail (its host is SITE_URL or the request's)."""
    urls = set(re.findall(r"https?://[^\s/]+(/\S+)", mail_body))
    assert len(urls) == 1, mail_body
    return urls.pop()


def code_for(key_hex: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def age_session(client, key: str, seconds: int) -> None:
    """Move one of the session's marks *seconds* into the past."""
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def stale_check(client) -> None:
    age_session(client, checks.CHECKED_AT, 6 * 60)
