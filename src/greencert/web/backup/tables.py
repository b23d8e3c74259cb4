"""Which tables an archive holds, in which order, and their values as JSON.

Every model Django knows is archived except the sessions (people log in
again after a restore).  The content types and permissions are filled by
``migrate`` on the target; the archive's rows replace them there, so that
the ids other rows hold still point at the same thing.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import uuid

from django.apps import apps

SKIPPED = {"sessions.session"}
MADE_BY_MIGRATE = ("auth.permission", "contenttypes.contenttype")
CHAIN_HEAD = "audit.chainhead"

# Fields whose JSON value is already what the database adapter takes.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "CharField",
    "TextField",
    "EmailField",
    "SlugField",
    "URLField",
    "BooleanField",
    "FileField",
}


def archived_models() -> list:
    """The archived models, each after the models it points at (loops broken in label order)."""
    models = sorted(
        (
            m
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in SKIPPED
        ),
        key=lambda m: m._meta.label_lower,
    )
    waiting = {
        m: {f.related_model for f in m._meta.concrete_fields if f.is_relation} for m in models
    }
    ordered: list = []
    while waiting:
        ready = [m for m, needs in waiting.items() if not (needs - set(ordered) - {m})]
        chosen = ready[0] if ready else next(iter(waiting))  # a loop: FKs are checked at commit
        ordered.append(chosen)
        del waiting[chosen]
    return ordered


def columns(model) -> list:
    """The model's concrete fields, as stored (one per column)."""
    return list(model._meta.concrete_fields)


def to_json(value):
    """A value the JSON encoder does not know, as text (``json.dumps(default=to_json)``).

    >>> to_json(decimal.Decimal("0.85")), to_json(datetime.date(2026, 5, 10))
    ('0.85', '2026-05-10')
    >>> to_json(datetime.datetime(2026, 5, 10, 16, 30, tzinfo=datetime.UTC))
    '2026-05-10T16:30:00+00:00'
    """
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value // datetime.timedelta(microseconds=1)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"no JSON form for {type(value).__name__}")


def loader(field, connection):
    """The function turning a field's JSON value into what *connection* stores."""
    kind = field.get_internal_type()
    if field.is_relation:
        kind = field.target_field.get_internal_type()
    if kind in PLAIN:
        return None  # the value as it is
    if kind == "BinaryField":
        return lambda v: None if v is None else base64.b64decode(v)
    if kind == "DurationField":
        return lambda v: field.get_db_prep_save(
            None if v is None else datetime.timedelta(microseconds=v), connection
        )
    return lambda v: field.get_db_prep_save(field.to_python(v), connection)
