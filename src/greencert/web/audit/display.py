"""The audit trail as people read it: who, when, what, and each field before → after.

Used with the partial ``audit/_trail.html``::

    {% include "audit/_trail.html" with trail=trail %}

where ``trail = trail_rows(entries)``.  Nested data (an evaluation's α per
item) is compared key by key, so a change shows as ``α 1.1: 0.90 → 0.50``
rather than as two whole sheets.
"""

from __future__ import annotations

from django.utils.translation import gettext

from greencert.web.audit import labels
from greencert.web.audit.models import AuditEntry

# What each app registered (see :mod:`greencert.web.audit.labels`).
ACTIONS, FIELDS, CHOICES = labels.ACTIONS, labels.FIELDS, labels.CHOICES


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def show(value, key: str = "", action: str = "") -> str:
    """*value* as people read it: a stored code (``minor``) by its label in their language."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dict):
        return ", ".join(f"{k}={show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show(v, key, action) for v in value)
    choices = labels.lookup(CHOICES, action, key)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return str(value)


def field_label(entry: AuditEntry, key: str) -> str:
    if entry.action.endswith("maturity.changed"):
        return gettext("clause %(id)s") % {"id": key}
    if entry.action.startswith("greencert.blueprint.") and key.isdigit():
        return gettext("step %(number)s") % {"number": key}
    label = labels.lookup(FIELDS, entry.action, key)
    return key if label is None else str(label)


def ordered(keys) -> list[str]:
    """Known fields in their usual order, then ids like "1.2" < "1.10" in natural order.

    PostgreSQL's jsonb does not keep the order keys were written in, so the
    order shown must not depend on it.
    """
    position = {key.rpartition(".")[2]: n for n, key in reversed(list(enumerate(FIELDS)))}

    def natural(key: str):
        return [
            (0, int(part), "") if part.isdigit() else (1, 0, part) for part in str(key).split(".")
        ]

    return sorted(dict.fromkeys(keys), key=lambda k: (position.get(k, len(position)), natural(k)))


def changes(entry: AuditEntry) -> list[dict]:
    """The fields that differ, each with its value before and after, ready to show."""
    before, after = entry.before or {}, entry.after or {}
    keys = ordered([*before, *after])
    whole = entry.before is None or entry.after is None  # created or deleted: show everything
    rows = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        label = field_label(entry, key)
        shown_old, shown_new = show(old, key, entry.action), show(new, key, entry.action)
        if whole:
            if (shown_new if entry.after is not None else shown_old) != "—":
                # a new or deleted record: list only what it held
                rows.append({"field": label, "before": shown_old, "after": shown_new})
            continue
        if old == new:
            continue
        if isinstance(old, dict) or isinstance(new, dict):
            old, new = old or {}, new or {}
            for sub in ordered([*old, *new]):
                if old.get(sub) != new.get(sub):
                    rows.append(
                        {
                            "field": f"{label} {sub}",
                            "before": show(old.get(sub)),
                            "after": show(new.get(sub)),
                        }
                    )
            continue
        rows.append({"field": label, "before": shown_old, "after": shown_new})
    return rows


def trail_rows(entries) -> list[dict]:
    """*entries* (newest first, actor selected with them) as rows of the partial."""
    return [
        {
            "entry": e,
            "at": e.at,
            "actor": e.actor,
            "action": action_label(e.action),
            "object": e.object_repr,
            "created": e.before is None and e.after is not None,
            "deleted": e.after is None and e.before is not None,
            "changes": changes(e),
        }
        for e in entries
    ]
