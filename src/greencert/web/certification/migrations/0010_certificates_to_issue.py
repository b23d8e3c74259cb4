"""The certificates to issue, kept as rows: one per granting decision still waiting.

The rows are filled for the decisions already taken by the rule the list used to
compute each time: a granting decision not superseded, on which no certificate
stands and no certificate was issued or reissued (the issue events keep their decision).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef
from django.db.models.fields.json import KT
from django.db.models.functions import Cast


def fill(apps, schema_editor):
    Decision = apps.get_model("certification", "Decision")
    Certificate = apps.get_model("certification", "Certificate")
    CertificateEvent = apps.get_model("certification", "CertificateEvent")
    AwaitingCertificate = apps.get_model("certification", "AwaitingCertificate")
    issuing = (
        CertificateEvent.objects.filter(kind__in=["issued", "reissued"])
        .annotate(decision_id=Cast(KT("content__decision"), models.IntegerField()))
        .filter(decision_id=OuterRef("pk"))
    )
    waiting = (
        Decision.objects.filter(outcome="grant", superseded_by__isnull=True)
        .exclude(Exists(Certificate.objects.filter(decision=OuterRef("pk"))))
        .exclude(Exists(issuing))
        .values_list("pk", flat=True)
    )
    AwaitingCertificate.objects.bulk_create(
        (AwaitingCertificate(decision_id=pk) for pk in waiting.iterator()), batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0009_surveillance_not_started_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="AwaitingCertificate",
            fields=[
                (
                    "decision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="awaiting",
                        serialize=False,
                        to="certification.decision",
                    ),
                ),
            ],
            options={
                "verbose_name": "certificate to issue",
            },
        ),
        # Going back drops the table with its rows: nothing to undo.
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
