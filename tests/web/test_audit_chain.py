"""The audit trail as a hash chain, and ``greencert audit verify`` (issue 12, part 3).

Every entry's hash is SHA-256 of the previous entry's hash followed by its
canonical content; ``audit verify`` walks the chain by sequence and names the
first broken link.  The tampering below is done as a superuser would: the
triggers are dropped first (inside the test's transaction, so they come back).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import itertools
import threading
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction

from greencert.cli.main import main
from greencert.web.accounts.models import Role, User
from greencert.web.audit import chain
from greencert.web.audit.models import AuditEntry, ChainHead
from greencert.web.audit.services import record
from greencert.web.audit.triggers import drop_statements
from greencert.web.audit.verification import verify_trail

pytestmark = pytest.mark.django_db

GENESIS = "0" * 64


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def remove_triggers() -> None:
    """What a superuser would do before tampering (undone with the test's transaction)."""
    for statement in drop_statements(connection.vendor, ["audit_auditentry", "audit_chainhead"]):
        sql(statement)


def four_entries(world) -> list[AuditEntry]:
    """Four more entries after the world's own, oldest first."""
    for n in range(4):
        record(actor=world.pm, action="greencert.test.noted", target=world.alpha, after={"n": n})
    return list(AuditEntry.objects.order_by("sequence"))


def verify(*args: str) -> int:
    return main(["audit", "verify", *args])


def test_the_hash_is_sha256_of_the_previous_hash_and_the_canonical_content(world):
    """The canonical text written out by hand: keys sorted, no spaces, UTF-8, the Decimal
    and the date as the JSON field stores them ("0.85", "2026-05-10")."""
    previous = AuditEntry.objects.order_by("-sequence").first()
    entry = record(
        actor=world.pm,
        action="greencert.organisation.changed",
        target=world.alpha,
        organisation=world.alpha,
        before={"名称": "旧名", "α": Decimal("0.85")},
        after={"名称": "绿源", "on": datetime.date(2026, 5, 10)},
    )
    at = entry.at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    text = (
        '{"action":"greencert.organisation.changed",'
        f'"actor":{world.pm.pk},'
        '"after":{"on":"2026-05-10","名称":"绿源"},'
        f'"at":"{at}",'
        '"before":{"α":"0.85","名称":"旧名"},'
        f'"object_id":"{world.alpha.pk}",'
        '"object_repr":"绿源服务有限公司",'
        '"object_type":"organisation",'
        f'"organisation":{world.alpha.pk},'
        '"project":null,'
        f'"sequence":{previous.sequence + 1}}}'
    )
    expected = hashlib.sha256(previous.hash.encode() + text.encode("utf-8")).hexdigest()

    assert chain.canonical(entry).decode() == text
    assert entry.previous_hash == previous.hash
    assert entry.hash == expected
    assert ChainHead.objects.get().hash == expected


def test_entries_read_back_from_the_database_give_their_hash(world):
    """Decimals, dates, nested data and Chinese text hash the same after the database
    returns them (on PostgreSQL: jsonb, whose key order differs from the order written)."""
    record(
        actor=world.leader,
        action="greencert.evaluation.changed",
        target=world.project,
        project=world.project,
        before={"α": {"1.10": Decimal("0.90"), "1.2": Decimal("1.00")}, "备注": "原值"},
        after={
            "α": {"1.10": Decimal("0.5"), "1.2": Decimal("1")},
            "date": datetime.date(2026, 5, 11),
            "when": datetime.datetime(2026, 5, 11, 9, 30, tzinfo=datetime.UTC),
            "zz": [1, "二", None, True, {"b": 2, "a": 1}],
            "备注": "顾客评价：“很好”",
        },
    )
    stored = AuditEntry.objects.order_by("-sequence").first()
    before = AuditEntry.objects.get(sequence=stored.sequence - 1)

    assert stored.after["α"] == {"1.10": "0.5", "1.2": "1"}  # Decimals as written, as text
    assert stored.after["when"] == "2026-05-11T09:30:00Z"
    assert chain.entry_hash(before.hash, stored) == stored.hash
    assert verify_trail().broken is None


def test_sequences_run_from_one_without_gaps_each_linked_to_the_one_before(world):
    entries = four_entries(world)

    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].previous_hash == GENESIS
    assert all(b.previous_hash == a.hash for a, b in itertools.pairwise(entries))
    head = ChainHead.objects.get()
    assert (head.sequence, head.hash) == (entries[-1].sequence, entries[-1].hash)


def test_a_clean_chain_passes_with_its_count(world, capsys):
    entries = four_entries(world)

    assert verify("--lang", "en") == 0
    out = capsys.readouterr().out
    assert f"{len(entries)} entries checked" in out
    assert entries[-1].hash in out
    assert verify() == 0
    assert f"已核对 {len(entries)} 条记录" in capsys.readouterr().out


def test_an_empty_trail_passes_with_none_checked(capsys):
    assert verify("--lang", "en") == 0
    assert "0 entries checked" in capsys.readouterr().out


def test_a_changed_entry_is_found(world, capsys):
    entries = four_entries(world)
    target = entries[-3]
    remove_triggers()
    sql('UPDATE "audit_auditentry" SET "after" = %s WHERE "id" = %s', ['{"n": 99}', target.pk])

    assert verify("--lang", "en") == 1
    err = capsys.readouterr().err
    assert f"breaks at entry {target.sequence}: the entry's content was changed" in err
    assert f"sequence {target.sequence}, id {target.pk}," in err
    assert "action greencert.test.noted" in err
    assert f"The {target.sequence - 1} entries before it are intact." in err


def test_a_changed_time_is_found_too(world):
    entries = four_entries(world)
    remove_triggers()
    sql(
        'UPDATE "audit_auditentry" SET "at" = %s WHERE "id" = %s',
        [entries[1].at - datetime.timedelta(days=30), entries[1].pk],
    )

    verdict = verify_trail()
    assert (verdict.broken.code, verdict.broken.entry.pk) == ("changed", entries[1].pk)


def test_a_deleted_entry_is_found(world, capsys):
    entries = four_entries(world)
    gone, after = entries[-3], entries[-2]
    remove_triggers()
    sql('DELETE FROM "audit_auditentry" WHERE "id" = %s', [gone.pk])

    assert verify("--lang", "en") == 1
    err = capsys.readouterr().err
    assert f"breaks at entry {after.sequence}: entry {gone.sequence} is missing" in err
    assert f"id {after.pk}," in err


def test_a_deleted_entry_with_the_rest_renumbered_is_found(world):
    """Closing the gap does not help: the next entry's previous hash was the one removed."""
    entries = four_entries(world)
    gone = entries[-3]
    remove_triggers()
    sql('DELETE FROM "audit_auditentry" WHERE "id" = %s', [gone.pk])
    sql(
        'UPDATE "audit_auditentry" SET "sequence" = "sequence" + 1000 WHERE "sequence" > %s',
        [gone.sequence],
    )
    sql('UPDATE "audit_auditentry" SET "sequence" = "sequence" - 1001 WHERE "sequence" > 1000')

    verdict = verify_trail()
    assert verdict.broken.code == "link"
    assert verdict.broken.entry.pk == entries[-2].pk
    assert verdict.checked == gone.sequence - 1


def test_a_reordered_pair_is_found(world, capsys):
    entries = four_entries(world)
    first, second = entries[-3], entries[-2]
    remove_triggers()
    sql('UPDATE "audit_auditentry" SET "sequence" = 1000000 WHERE "id" = %s', [first.pk])
    sql(
        'UPDATE "audit_auditentry" SET "sequence" = %s WHERE "id" = %s', [first.sequence, second.pk]
    )
    sql(
        'UPDATE "audit_auditentry" SET "sequence" = %s WHERE "id" = %s', [second.sequence, first.pk]
    )

    assert verify() == 1
    err = capsys.readouterr().err
    # At the first one's place now stands the second, which does not link to the entry before.
    assert f"审计记录链在第 {first.sequence} 条处断开" in err
    assert "前一哈希不是前一条记录的哈希" in err
    assert f"序号 {first.sequence}，id {second.pk}，" in err


def test_the_last_entries_deleted_are_found_by_the_head(world, capsys):
    entries = four_entries(world)
    remove_triggers()
    sql('DELETE FROM "audit_auditentry" WHERE "sequence" >= %s', [entries[-2].sequence])

    assert verify("--lang", "en") == 1
    err = capsys.readouterr().err
    assert f"the chain's head counts {entries[-1].sequence} entries" in err
    assert f"the entries stop at {entries[-3].sequence}" in err


def test_a_removed_head_is_found(world):
    four_entries(world)
    remove_triggers()
    sql('DELETE FROM "audit_chainhead"')

    assert verify_trail().broken.code == "head"


def test_the_migration_chains_existing_entries_in_the_order_they_were_written(world):
    """Entries written before the chain existed get the hashes record() gives."""
    entries = four_entries(world)
    remove_triggers()
    sql(
        'UPDATE "audit_auditentry" SET "sequence" = "sequence" + 1000, "hash" = \'\', "previous_hash" = \'\''
    )
    sql('DELETE FROM "audit_chainhead"')

    migration = importlib.import_module(
        "greencert.web.audit.migrations.0003_chain_existing_entries"
    )
    migration.chain_entries(apps, None)

    again = list(AuditEntry.objects.order_by("sequence"))
    assert [(e.pk, e.sequence, e.hash) for e in again] == [
        (e.pk, e.sequence, e.hash) for e in entries
    ]
    assert verify_trail().broken is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads write at once on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_writers_at_once_make_one_unbroken_chain():
    """8 threads × 15 entries, each in its own connection and transaction: 120 entries,
    sequences 1 … 120, every link holds."""
    actor = User.objects.create_user(username="writer", password="x", role=Role.ADMIN)
    start, failures = threading.Barrier(8), []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(15):
                with transaction.atomic():
                    record(
                        actor=actor,
                        action="greencert.test.noted",
                        target=actor,
                        after={"t": n, "i": i},
                    )
        except Exception as exc:  # collected: a thread's exception would otherwise vanish
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    verdict = verify_trail()
    assert (verdict.broken, verdict.checked) == (None, 120)
    assert list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True)) == list(
        range(1, 121)
    )
    times = list(AuditEntry.objects.order_by("sequence").values_list("at", flat=True))
    assert times == sorted(times)  # each took its time under the lock, in chain order
    writers = AuditEntry.objects.values_list("after__t", flat=True)
    assert sorted(writers) == sorted(n for n in range(8) for _ in range(15))
