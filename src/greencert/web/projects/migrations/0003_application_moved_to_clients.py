"""Applications moved to the clients app (state only: the tables stay)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_application"),
        ("projects", "0002_no_redundant_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="project",
                    name="application",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="projects",
                        to="clients.application",
                    ),
                ),
                migrations.DeleteModel(name="Application"),
            ],
            database_operations=[],
        ),
    ]
