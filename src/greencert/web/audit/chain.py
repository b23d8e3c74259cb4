"""The audit trail as a hash chain: an entry changed, removed or moved is found.

Each entry carries ``hash = SHA-256(previous_hash + canonical content)``, the
content being the entry's sequence, time, actor, action, project,
organisation, object and data before/after as JSON with sorted keys and no
whitespace (UTF-8).  The first entry chains :data:`GENESIS`.  The chain's
head (sequence and hash of the last entry) is kept in one row that every
writer locks, so that two writers never take the same place.

What is hashed is what the database gives back: the data before/after are
passed once through the field's own JSON encoder before they are stored and
hashed (a ``Decimal`` becomes ``"0.85"``, a date ``"2026-05-10"``), so the hash
is the same whether the entry is read from SQLite's text or PostgreSQL's
jsonb, whose key order differs.

The chain shows a change made by anyone who did not also rewrite every later
hash; whoever can do that (the database's owner) is found by comparing the
head's hash with one written down elsewhere (``greencert audit verify``
prints it).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64  # the "previous hash" of the first entry


def as_stored(data):
    """*data* as the JSON field gives it back: one round trip through its encoder.

    >>> import datetime, decimal
    >>> as_stored({"α": decimal.Decimal("0.85"), "on": datetime.date(2026, 5, 10)})
    {'α': '0.85', 'on': '2026-05-10'}
    """
    if data is None:
        return None
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def timestamp(at: datetime.datetime) -> str:
    """The time in UTC to the microsecond, the same however the database returns it.

    >>> timestamp(datetime.datetime(2026, 5, 10, 16, 30, tzinfo=datetime.UTC))
    '2026-05-10T16:30:00.000000+00:00'
    """
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canonical(entry) -> bytes:
    """The content an entry's hash covers, as bytes (any object with the entry's attributes)."""
    content = {
        "sequence": entry.sequence,
        "at": timestamp(entry.at),
        "actor": entry.actor_id,
        "action": entry.action,
        "project": entry.project_id,
        "organisation": entry.organisation_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def entry_hash(previous_hash: str, entry) -> str:
    """SHA-256 (hex) of the previous entry's hash followed by *entry*'s canonical content."""
    return hashlib.sha256(previous_hash.encode("ascii") + canonical(entry)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first link that does not hold: what is wrong (*code*) and at which entry.

    Codes: ``changed`` (the entry's content no longer gives its hash), ``gap``
    (an entry before it is missing: its sequence skips), ``link`` (its previous
    hash is not the hash of the entry before it: removed or moved),
    ``missing_end`` (entries after the last one are missing: the head says more),
    ``head`` (the head's hash is not the last entry's).
    """

    code: str
    entry: object | None  # the AuditEntry where the chain breaks (None: no entry there)
    expected_sequence: int  # the sequence the chain needed at that place


@dataclass(frozen=True)
class Verdict:
    checked: int  # entries whose link held
    last_hash: str  # the hash of the last entry that held (GENESIS if none)
    head_sequence: int
    broken: Break | None = None


def verify(entries, head_sequence: int, head_hash: str) -> Verdict:
    """Walk *entries* (in sequence order, up to the head) from :data:`GENESIS`; the first break.

    *head_sequence* and *head_hash* are the chain head's, read before the
    entries so that entries written meanwhile are not taken for a break.
    """
    checked, previous = 0, GENESIS
    for entry in entries:
        expected = checked + 1
        code = None
        if entry.sequence != expected:
            code = "gap"
        elif entry.previous_hash != previous:
            code = "link"
        elif entry_hash(previous, entry) != entry.hash:
            code = "changed"
        if code:
            return Verdict(checked, previous, head_sequence, Break(code, entry, expected))
        checked, previous = expected, entry.hash
    if head_sequence > checked:
        return Verdict(checked, previous, head_sequence, Break("missing_end", None, checked + 1))
    if head_hash != previous:
        return Verdict(checked, previous, head_sequence, Break("head", None, head_sequence))
    return Verdict(checked, previous, head_sequence)
