"""Applications belong to the clients app; their tables stay where they are.

The model was first created by ``projects.0001_initial`` (table
``projects_application``); this only tells Django's state that clients owns it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("projects", "0002_no_redundant_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Application",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("scope", models.TextField(verbose_name="requested scope")),
                        (
                            "submitted_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="submitted"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("submitted", "Submitted"),
                                    ("accepted", "Accepted"),
                                    ("refused", "Refused"),
                                ],
                                default="submitted",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("review_reason", models.TextField(blank=True, verbose_name="review note")),
                        ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="applications",
                                to="clients.organisation",
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "services",
                            models.ManyToManyField(to="clients.service", verbose_name="services"),
                        ),
                        ("sites", models.ManyToManyField(to="clients.site", verbose_name="sites")),
                    ],
                    options={
                        "db_table": "projects_application",
                        "ordering": ["-submitted_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "refused"), _negated=True),
                                    models.Q(("review_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="refused_application_has_reason",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
