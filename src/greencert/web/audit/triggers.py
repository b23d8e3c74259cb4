"""Database triggers that keep written records as they were, on SQLite and PostgreSQL.

The models refuse to change these rows in Python; a bulk ``update()``, raw SQL
or a database console goes around Python, so the database refuses too.
Migrations install the triggers with the operations below:

* :func:`written_once`: no UPDATE, no DELETE (and on PostgreSQL no TRUNCATE);
* :func:`content_follows_revision`: the content columns of a row change only
  together with ``revision = OLD.revision + 1`` (a certificate's reissue);
  the columns named *free* (a certificate's status) change freely;
* :func:`chain_head`: the audit chain's head only moves on, one entry at a time,
  to the entry just written.

Deleting is possible in one case only: while the table :data:`PERMIT` holds a
row.  Django does not know that table, so a test suite's flush (which empties
every table Django knows) leaves it alone; the suite's ``conftest.py`` writes
the row, flushes and removes the row in one transaction.  The product writes
it in one place: ``greencert restore``, into an empty database, deletes the
chain head ``migrate`` made at the chain's start (sequence 0) so as to insert
the archive's, in the transaction that loads the archive's entries
(:mod:`greencert.web.backup.restore`).  Whoever may write it may also drop the
triggers: it is no weaker.

To alter a table, Django's SQLite backend rebuilds it (a new table, the rows
copied, the old one dropped), and the triggers go with the old table: a
migration that alters a protected table installs them again with these
operations (``tests/web/test_written_records_protected.py`` fails until it does).

The error is an integrity error on both engines (SQLSTATE 23001 on
PostgreSQL) and its message names the table, in Chinese and English.
"""

from __future__ import annotations

from django.db import migrations

PERMIT = "audit_flush_permit"

CREATE_PERMIT = f'CREATE TABLE "{PERMIT}" ("id" integer NOT NULL PRIMARY KEY)'
DROP_PERMIT = f'DROP TABLE "{PERMIT}"'

NEVER_CHANGED = "记录写入后不可修改 / rows are never changed once written"
NEVER_DELETED = "记录不可删除 / rows are never deleted"
REVISION_ONLY = (
    "内容只能随下一版次（revision + 1）改变，编号不变 / "
    "the content changes only with the next revision (revision + 1), the identity never"
)
HEAD_ONLY_ON = (
    "链头只能前进一步，到刚写入的审计记录 / "
    "the chain head only moves on by one, to the audit entry just written"
)

# PostgreSQL: one function for every written-once table; it names the table it fires on.
PG_REFUSE = f"""
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        IF EXISTS (SELECT 1 FROM "{PERMIT}") THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION '%: {NEVER_DELETED}', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END IF;
    RAISE EXCEPTION '%: {NEVER_CHANGED}', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$
"""


def _pg_written_once(table: str) -> list[str]:
    return [
        PG_REFUSE,
        f'CREATE TRIGGER "{table}_written_once" BEFORE UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
        f'CREATE TRIGGER "{table}_not_truncated" BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
    ]


def _sqlite_refusal(table: str, name: str, event: str, when: str, message: str) -> str:
    text = f"{table}: {message}".replace("'", "''")
    return (
        f'CREATE TRIGGER "{table}_{name}" BEFORE {event} ON "{table}" {when} '
        f"BEGIN SELECT RAISE(ABORT, '{text}'); END"
    )


def _sqlite_not_deleted(table: str) -> str:
    when = f'WHEN NOT EXISTS (SELECT 1 FROM "{PERMIT}")'
    return _sqlite_refusal(table, "not_deleted", "DELETE", when, NEVER_DELETED)


def _sqlite_written_once(table: str) -> list[str]:
    return [
        _sqlite_refusal(table, "not_updated", "UPDATE", "", NEVER_CHANGED),
        _sqlite_not_deleted(table),
    ]


def _differs(vendor: str, columns) -> str:
    """SQL true when any of *columns* differs between OLD and NEW (NULL-safe)."""
    operator = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f'NEW."{c}" {operator} OLD."{c}"' for c in columns) or "FALSE"


def _revision_rule(vendor: str, fixed, content) -> str:
    """SQL true when the update is refused: identity changed, or content without the next revision."""
    next_revision = 'NEW."revision" = OLD."revision" + 1'
    return (
        f"({_differs(vendor, fixed)}) OR (NOT ({next_revision}) "
        f"AND ({_differs(vendor, ['revision', *content])}))"
    )


def _pg_revision(table: str, fixed, content) -> list[str]:
    function = f"{table}_content_guard"
    return [
        PG_REFUSE,
        f"""
CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {_revision_rule("postgresql", fixed, content)} THEN
        RAISE EXCEPTION '%: {REVISION_ONLY}', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$
""",
        f'CREATE TRIGGER "{table}_content_follows_revision" BEFORE UPDATE ON "{table}" '
        f'FOR EACH ROW EXECUTE FUNCTION "{function}"()',
        f'CREATE TRIGGER "{table}_not_deleted" BEFORE DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
        f'CREATE TRIGGER "{table}_not_truncated" BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
    ]


def _sqlite_revision(table: str, fixed, content) -> list[str]:
    when = f"WHEN {_revision_rule('sqlite', fixed, content)}"
    return [
        _sqlite_refusal(table, "content_follows_revision", "UPDATE", when, REVISION_ONLY),
        _sqlite_not_deleted(table),
    ]


def _head_moves_on(vendor: str, head: str, entries: str) -> str:
    """SQL true when the head's update is refused."""
    return (
        f'NEW."id" {"IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"} OLD."id" '
        f'OR NEW."sequence" <> OLD."sequence" + 1 '
        f'OR NOT EXISTS (SELECT 1 FROM "{entries}" e '
        f'WHERE e."sequence" = NEW."sequence" AND e."hash" = NEW."hash")'
    )


def _pg_head(head: str, entries: str) -> list[str]:
    function = f"{head}_moves_on"
    return [
        PG_REFUSE,
        f"""
CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {_head_moves_on("postgresql", head, entries)} THEN
        RAISE EXCEPTION '%: {HEAD_ONLY_ON}', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$
""",
        f'CREATE TRIGGER "{head}_moves_on" BEFORE UPDATE ON "{head}" '
        f'FOR EACH ROW EXECUTE FUNCTION "{function}"()',
        f'CREATE TRIGGER "{head}_not_deleted" BEFORE DELETE ON "{head}" '
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
        f'CREATE TRIGGER "{head}_not_truncated" BEFORE TRUNCATE ON "{head}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
    ]


def _sqlite_head(head: str, entries: str) -> list[str]:
    when = f"WHEN {_head_moves_on('sqlite', head, entries)}"
    return [
        _sqlite_refusal(head, "moves_on", "UPDATE", when, HEAD_ONLY_ON),
        _sqlite_not_deleted(head),
    ]


TRIGGER_SUFFIXES = (
    "written_once",
    "not_truncated",
    "not_updated",
    "not_deleted",
    "content_follows_revision",
    "moves_on",
)


def drop_statements(vendor: str, tables) -> list[str]:
    """SQL removing the triggers of *tables* (a migration's way back; tests that tamper)."""
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS "{t}_{suffix}" ON "{t}"'
            for t in tables
            for suffix in TRIGGER_SUFFIXES
        ]
    return [f'DROP TRIGGER IF EXISTS "{t}_{suffix}"' for t in tables for suffix in TRIGGER_SUFFIXES]


def _run(statements: dict, drop_tables) -> migrations.RunPython:
    """An operation running the statements of the connection's engine (and dropping them back)."""

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"no record-keeping triggers for {vendor}")
        for sql in statements[vendor](apps):
            schema_editor.execute(sql, params=None)

    def backward(apps, schema_editor):
        for sql in drop_statements(schema_editor.connection.vendor, drop_tables):
            schema_editor.execute(sql, params=None)

    return migrations.RunPython(forward, backward)


def written_once(*tables: str) -> migrations.RunPython:
    """Refuse every UPDATE and DELETE (and TRUNCATE) of *tables*."""
    return _run(
        {
            "postgresql": lambda apps: [sql for t in tables for sql in _pg_written_once(t)],
            "sqlite": lambda apps: [sql for t in tables for sql in _sqlite_written_once(t)],
        },
        tables,
    )


def content_follows_revision(
    app_label: str, model_name: str, *, free: tuple[str, ...], fixed: tuple[str, ...]
) -> migrations.RunPython:
    """Refuse a change of the content columns unless the revision goes up by one.

    *fixed* columns never change; *free* columns change at any time; every
    other column of the model (as the migration sees it) is content.
    DELETE is refused.
    """

    def columns(apps):
        model = apps.get_model(app_label, model_name)
        names = [f.column for f in model._meta.concrete_fields]
        content = [c for c in names if c not in (*free, *fixed, "revision")]
        return model._meta.db_table, content

    def statements(build):
        def make(apps):
            table, content = columns(apps)
            return build(table, fixed, content)

        return make

    table = f"{app_label}_{model_name.lower()}"
    return _run(
        {"postgresql": statements(_pg_revision), "sqlite": statements(_sqlite_revision)},
        [table],
    )


def chain_head(head: str, entries: str) -> migrations.RunPython:
    """The head moves on by one, to an entry of *entries* with its sequence and hash; no DELETE."""
    return _run(
        {
            "postgresql": lambda apps: _pg_head(head, entries),
            "sqlite": lambda apps: _sqlite_head(head, entries),
        },
        [head],
    )
