"""Entries gain their place in the hash chain; the chain's head is one row.

The fields start empty so that existing entries can be chained (0003) before
they become required (0004).  ``at`` is now set by ``record`` (it is hashed).
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="sequence",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="when"
            ),
        ),
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(max_length=64)),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="one_chain_head")
                ],
            },
        ),
    ]
