"""Every entry has its place in the chain; the database refuses to change or delete
entries, and lets the chain's head only move on (see greencert.web.audit.triggers)."""

from django.db import migrations, models

from greencert.web.audit import triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain_existing_entries")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="sequence",
            field=models.PositiveBigIntegerField(unique=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(max_length=64),
        ),
        migrations.RunSQL(triggers.CREATE_PERMIT, triggers.DROP_PERMIT),
        triggers.written_once("audit_auditentry"),
        triggers.chain_head("audit_chainhead", "audit_auditentry"),
    ]
