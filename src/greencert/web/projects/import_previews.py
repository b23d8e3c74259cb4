"""Uploaded workbooks kept between their preview and its confirmation.

The preview page does not store the import: it keeps the uploaded file in a
short-lived folder under ``MEDIA_ROOT``, named by a random token, with who
uploaded it for which assessment, the file's SHA-256 and the digest of the
stored state the preview was computed against.  The confirmation gives the
token back; :func:`take` returns the file only to the same person for the
same assessment, unchanged and within :data:`LIFETIME`.  Files older than
that are removed whenever another preview is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

FOLDER = ".import-previews"
LIFETIME_SECONDS = 30 * 60
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Kept:
    name: str
    content: bytes
    stored_digest: str
    evaluations: int = 0  # sheets in the workbook: a large import is applied by a task


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def keep(
    *, user, assessment, name: str, content: bytes, stored_digest: str, evaluations: int = 0
) -> str:
    """Keep *content* for its confirmation; returns the token that names it."""
    remove_expired()
    token = secrets.token_urlsafe(32)
    folder().mkdir(parents=True, exist_ok=True)
    (folder() / f"{token}.xlsx").write_bytes(content)
    facts = {
        "user": user.pk,
        "assessment": assessment.pk,
        "name": name,
        "sha256": hashlib.sha256(content).hexdigest(),
        "stored_digest": stored_digest,
        "evaluations": evaluations,
        "kept_at": time.time(),
    }
    (folder() / f"{token}.json").write_text(json.dumps(facts))
    return token


def take(*, user, assessment, token: str) -> Kept | None:
    """The file kept under *token* for this person and assessment, or ``None`` (unknown,
    someone else's, expired or altered)."""
    if not TOKEN.fullmatch(token or ""):
        return None
    try:
        facts = json.loads((folder() / f"{token}.json").read_text())
        content = (folder() / f"{token}.xlsx").read_bytes()
    except (OSError, ValueError):
        return None
    if (facts["user"], facts["assessment"]) != (user.pk, assessment.pk):
        return None
    if time.time() - facts["kept_at"] > LIFETIME_SECONDS:
        return None
    if hashlib.sha256(content).hexdigest() != facts["sha256"]:
        return None
    return Kept(facts["name"], content, facts["stored_digest"], facts.get("evaluations", 0))


def discard(token: str) -> None:
    if TOKEN.fullmatch(token or ""):
        for suffix in (".json", ".xlsx"):
            (folder() / f"{token}{suffix}").unlink(missing_ok=True)


def remove_expired() -> None:
    if not folder().is_dir():
        return
    limit = time.time() - LIFETIME_SECONDS
    for path in folder().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue  # removed by another process meanwhile
