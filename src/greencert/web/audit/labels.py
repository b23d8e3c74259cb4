"""How the audit trail names actions, fields and stored codes: supplied by each app.

The audit app sits below every other app and imports none of them.  Each app
registers the labels of its own actions and fields from its
``AppConfig.ready`` (``audit_labels.py`` in the app), so the trail can show
"Project state changed · state: Planned → Assessment in progress" instead of
``greencert.project.state_changed · state: planned → in_progress``.

A field or a stored code may mean different things to different records: a
nonconformity's ``status`` (open, answered) is not a certificate's (valid,
suspended).  Such a key is registered with the kind of record it belongs to,
the second part of the action code: ``"nonconformity.status"`` for
``greencert.nonconformity.*``.  A bare key (``"scope"``) names the field in
every record that has no kind-specific entry.
"""

from __future__ import annotations

ACTIONS: dict[str, object] = {}  # action code → label
FIELDS: dict[str, object] = {}  # field key → label; their order is the order fields are shown in
CHOICES: dict[str, type] = {}  # field key → the TextChoices whose labels name its stored codes


def kind_of(action: str) -> str:
    """The kind of record an action is about: ``greencert.nonconformity.raised`` → ``nonconformity``.

    >>> kind_of("greencert.survey_response.excluded")
    'survey_response'
    """
    parts = action.split(".")
    return parts[1] if len(parts) > 2 else ""


def lookup(table: dict, action: str, key: str):
    """The entry for *key* in the records of *action*'s kind, or the bare *key*'s, or None."""
    return table.get(f"{kind_of(action)}.{key}", table.get(key))


def register(*, actions: dict | None = None, fields: dict | None = None, choices=None) -> None:
    """Add an app's labels; a key that another app already named differently is an error."""
    for table, new in ((ACTIONS, actions), (FIELDS, fields), (CHOICES, choices)):
        for key, label in (new or {}).items():
            if key in table and table[key] != label:
                raise ValueError(f"audit label {key!r} is already registered as {table[key]!r}")
            table[key] = label


def register_module(module) -> None:
    """Register an app's ``audit_labels`` module (its ACTIONS, FIELDS and CHOICES)."""
    register(
        actions=getattr(module, "ACTIONS", None),
        fields=getattr(module, "FIELDS", None),
        choices=getattr(module, "CHOICES", None),
    )
