"""A nonconformity cites one reference (issue 11 §4): ``ref_kind`` + ``ref_id`` replace
``clause_id`` / ``item_id``.

Existing rows: each had a maturity clause and perhaps an item beside it.  A row keeps
what it was raised against, its clause: kind "clause", id = the clause.  Only a row
whose clause is empty (none can be, the field was required, but the data decides)
and which names an item becomes kind "item".  An item beside a clause is dropped:
the conformity gate never read it, and the audit trail's entry of the raise still
holds it.  Going back is refused for a nonconformity citing a GB/T 19001 or §4.2.2
row, which the old columns cannot hold.
"""

from django.db import migrations, models


def to_reference(apps, schema_editor):
    Nonconformity = apps.get_model("certification", "Nonconformity")
    for nc in Nonconformity.objects.all().only("clause_id", "item_id"):
        if nc.clause_id or not nc.item_id:
            nc.ref_kind, nc.ref_id = "clause", nc.clause_id
        else:
            nc.ref_kind, nc.ref_id = "item", nc.item_id
        nc.save(update_fields=["ref_kind", "ref_id"])


def to_clause_and_item(apps, schema_editor):
    Nonconformity = apps.get_model("certification", "Nonconformity")
    others = Nonconformity.objects.exclude(ref_kind__in=["clause", "item"])
    if others.exists():
        codes = ", ".join(others.values_list("code", flat=True))
        raise RuntimeError(f"nonconformities citing checklist rows cannot be moved back: {codes}")
    for nc in Nonconformity.objects.all().only("ref_kind", "ref_id"):
        field = "clause_id" if nc.ref_kind == "clause" else "item_id"
        setattr(nc, field, nc.ref_id)
        nc.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_written_records_protected"),
    ]

    operations = [
        migrations.AddField(
            model_name="nonconformity",
            name="ref_kind",
            field=models.CharField(
                choices=[
                    ("item", "Appendix 1 service item"),
                    ("clause", "Appendix 3/4 management clause"),
                    ("qms", "GB/T 19001 clause"),
                    ("specific", "§4.2.2 specific requirement"),
                ],
                default="clause",
                max_length=10,
                verbose_name="reference kind",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="nonconformity",
            name="ref_id",
            field=models.CharField(default="", max_length=12, verbose_name="reference"),
            preserve_default=False,
        ),
        migrations.RunPython(to_reference, to_clause_and_item),
        # A default, so that going back can add the column again to rows that exist.
        migrations.AlterField(
            model_name="nonconformity",
            name="clause_id",
            field=models.CharField(default="", max_length=8, verbose_name="clause"),
        ),
        migrations.RemoveField(model_name="nonconformity", name="clause_id"),
        migrations.RemoveField(model_name="nonconformity", name="item_id"),
        migrations.AddConstraint(
            model_name="nonconformity",
            constraint=models.CheckConstraint(
                condition=models.Q(("ref_kind__in", ["item", "clause", "qms", "specific"]))
                & models.Q(("ref_id", ""), _negated=True),
                name="nonconformity_cites_a_known_kind",
            ),
        ),
    ]
