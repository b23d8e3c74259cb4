"""Chain the entries written before the chain existed, in the order they were written (id)."""

from django.db import migrations

from greencert.web.audit import chain


def chain_entries(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    sequence, previous = 0, chain.GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        sequence += 1
        entry.sequence, entry.previous_hash = sequence, previous
        entry.hash = previous = chain.entry_hash(previous, entry)
        AuditEntry.objects.filter(pk=entry.pk).update(
            sequence=sequence, previous_hash=entry.previous_hash, hash=entry.hash
        )
    ChainHead.objects.create(id=1, sequence=sequence, hash=previous)


def unchain(apps, schema_editor):
    apps.get_model("audit", "ChainHead").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain_fields")]

    operations = [migrations.RunPython(chain_entries, unchain)]
