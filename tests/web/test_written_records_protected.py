"""The database itself refuses to change or delete what is written once (issue 12, part 3).

Raw SQL and bulk ``update()`` go around the models' own refusal; the
triggers installed by the migrations (``greencert.web.audit.triggers``)
refuse them on SQLite and PostgreSQL alike, naming the table.  An issued
certificate's status may change (the service audits it); its content only
with the next revision, as a reissue does.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from greencert.web.audit.models import AuditEntry, ChainHead
from greencert.web.audit.triggers import PERMIT
from greencert.web.certification.models import (
    Certificate,
    CertificateEvent,
    Decision,
    RefusedAttempt,
    ResultSnapshot,
    Review,
)
from greencert.web.certification.services.certificates import change_status
from tests.web.certification.certificate_support import issue

pytestmark = pytest.mark.django_db

# Each written-once table, a column of it and a value that differs from what is stored.
WRITTEN_ONCE = {
    "audit_auditentry": (AuditEntry, "action", "greencert.forged"),
    "certification_resultsnapshot": (ResultSnapshot, "grade", "AAAAA"),
    "certification_review": (Review, "comment", "改过的意见"),
    "certification_decision": (Decision, "grade", "AAAAA"),
    "certification_certificateevent": (CertificateEvent, "reason", "改过的原因"),
    "certification_refusedattempt": (RefusedAttempt, "reason", "改过的原因"),
}
FREE = {"status", "status_reason"}  # a certificate's state: suspension, withdrawal


@pytest.fixture
def certified(world):
    """A certificate issued through the services: snapshot, review, decision, event, entries."""
    certificate = issue(world)
    RefusedAttempt.objects.create(
        user=world.evaluator,
        action="greencert.decision.refused",
        project=world.project,
        reason="评价人员不得作出认证决定",
    )
    return certificate


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def refused(statement: str, params=(), *, table: str):
    """Run *statement*, which the database must refuse with an error naming *table*."""
    with pytest.raises(IntegrityError, match=table), transaction.atomic():
        sql(statement, params)


def row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


@pytest.mark.parametrize("table", WRITTEN_ONCE)
def test_raw_update_and_delete_are_refused(certified, table):
    model, column, value = WRITTEN_ONCE[table]
    pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
    stored = row(model, pk)

    refused(f'UPDATE "{table}" SET "{column}" = %s WHERE "id" = %s', [value, pk], table=table)
    refused(f'DELETE FROM "{table}" WHERE "id" = %s', [pk], table=table)
    refused(f'UPDATE "{table}" SET "{column}" = "{column}"', table=table)  # even unchanged

    assert row(model, pk) == stored


@pytest.mark.parametrize("table", WRITTEN_ONCE)
def test_a_bulk_update_through_the_orm_is_refused(certified, table):
    model, column, value = WRITTEN_ONCE[table]
    with pytest.raises(IntegrityError, match=table), transaction.atomic():
        model.objects.update(**{column: value})
    assert not model.objects.filter(**{column: value}).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", [*WRITTEN_ONCE, "certification_certificate", "audit_chainhead"])
def test_truncate_is_refused_on_postgresql(certified, table):
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred check of this test
    refused(f'TRUNCATE "{table}" CASCADE', table=table)


def test_a_certificate_status_changes_and_the_change_is_audited(certified, world):
    change_status(actor=world.pm, certificate=certified, kind="suspended", reason="监督逾期")
    sql(
        'UPDATE "certification_certificate" SET "status" = %s, "status_reason" = %s '
        'WHERE "id" = %s',
        ["valid", "恢复", certified.pk],
    )

    certified.refresh_from_db()
    assert (certified.status, certified.status_reason) == ("valid", "恢复")
    entry = AuditEntry.objects.filter(action="greencert.certificate.suspended").get()
    assert entry.after["status"] == "suspended"


@pytest.mark.parametrize(
    ("column", "value"),
    [("number", "CTS-FORGED-1"), ("grade", "AAAAA"), ("revision", 2)],
)
def test_a_certificate_number_grade_or_revision_jump_is_refused(certified, column, value):
    table = "certification_certificate"
    stored = row(Certificate, certified.pk)

    refused(
        f'UPDATE "{table}" SET "{column}" = %s WHERE "id" = %s', [value, certified.pk], table=table
    )

    assert row(Certificate, certified.pk) == stored


def other_value(field, current):
    """A value of *field*'s type that differs from *current*."""
    if field.get_internal_type() in ("DateField",):
        return current + datetime.timedelta(days=1)
    if field.get_internal_type() == "DateTimeField":
        return current + datetime.timedelta(seconds=1)
    if field.get_internal_type() == "JSONField":
        return '[{"name": "伪造网点"}]'
    if field.is_relation or field.get_internal_type() in ("BigAutoField", "PositiveIntegerField"):
        return current + 1000
    return f"{current}X"


def test_every_content_column_of_a_certificate_is_protected(certified):
    """Every column but the status (and its reason) is refused without the next revision.

    A column added later is protected only when its migration installs the
    triggers again: this test then fails until it does.
    """
    table = "certification_certificate"
    stored = row(Certificate, certified.pk)
    columns = [f for f in Certificate._meta.concrete_fields if f.column not in FREE]
    assert len(columns) == 17  # the model's 19 columns but the two free ones
    for field in columns:
        value = other_value(field, stored[field.attname])
        refused(
            f'UPDATE "{table}" SET "{field.column}" = %s WHERE "id" = %s',
            [value, certified.pk],
            table=table,
        )
    refused(f'DELETE FROM "{table}" WHERE "id" = %s', [certified.pk], table=table)
    assert row(Certificate, certified.pk) == stored


def test_content_changes_with_the_next_revision_but_the_number_never(certified):
    table = "certification_certificate"
    refused(
        f'UPDATE "{table}" SET "number" = %s, "revision" = "revision" + 1 WHERE "id" = %s',
        ["CTS-FORGED-1", certified.pk],
        table=table,
    )
    sql(
        f'UPDATE "{table}" SET "grade" = %s, "revision" = "revision" + 1 WHERE "id" = %s',
        ["AAAAA", certified.pk],
    )
    certified.refresh_from_db()
    assert (certified.grade, certified.revision) == ("AAAAA", 1)


def test_the_chain_head_only_moves_on_to_the_entry_just_written(certified):
    table = "audit_chainhead"
    head = ChainHead.objects.get()
    refused(f'UPDATE "{table}" SET "sequence" = "sequence" - 1', table=table)
    refused(f'UPDATE "{table}" SET "hash" = %s', ["0" * 64], table=table)
    # One step on, but to no entry that exists:
    refused(f'UPDATE "{table}" SET "sequence" = "sequence" + 1', table=table)
    refused(f'DELETE FROM "{table}"', table=table)
    assert ChainHead.objects.get().hash == head.hash


def test_the_permit_lets_rows_go_but_never_changes_them(certified):
    """What a test suite's flush needs, and nothing more: deleting, not updating."""
    table = "audit_auditentry"
    assert PERMIT not in connection.introspection.django_table_names()  # flush leaves it alone
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{PERMIT}"')
        assert cursor.fetchone() == (0,)  # nobody holds it
    first = AuditEntry.objects.order_by("sequence").first()
    sql(f'INSERT INTO "{PERMIT}" ("id") VALUES (1)')

    refused(f'UPDATE "{table}" SET "action" = %s', ["greencert.forged"], table=table)
    sql(f'DELETE FROM "{table}" WHERE "id" = %s', [first.pk])

    assert not AuditEntry.objects.filter(pk=first.pk).exists()


def installed_triggers() -> set[tuple[str, str]]:
    """(table, trigger) of every trigger in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        return set(cursor.fetchall())


def test_every_protected_table_keeps_its_triggers_after_all_migrations():
    """A later migration that rebuilds a table (SQLite does, to alter a column) drops its
    triggers: it must install them again, or this fails."""
    found = installed_triggers()
    if connection.vendor == "postgresql":
        once = {(t, f"{t}_written_once") for t in WRITTEN_ONCE}
        no_truncate = {
            (t, f"{t}_not_truncated")
            for t in [*WRITTEN_ONCE, "certification_certificate", "audit_chainhead"]
        }
    else:
        once = {(t, f"{t}_{n}") for t in WRITTEN_ONCE for n in ("not_updated", "not_deleted")}
        no_truncate = set()
    others = {
        ("certification_certificate", "certification_certificate_content_follows_revision"),
        ("certification_certificate", "certification_certificate_not_deleted"),
        ("audit_chainhead", "audit_chainhead_moves_on"),
        ("audit_chainhead", "audit_chainhead_not_deleted"),
    }
    assert once | no_truncate | others <= found
