"""certification 0003: existing nonconformities keep what they were raised against.

A row with a clause becomes kind "clause" (an item beside it is dropped); a row
with an empty clause and an item becomes kind "item".  Going back works for
those two kinds and is refused, naming the nonconformity, for a checklist row.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("certification", "0002_written_records_protected")]
AFTER = [("certification", "0003_nonconformity_cites_a_reference")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_nonconformities_cite_their_clause_or_their_lone_item(world):
    apps = migrate(BEFORE)
    Nonconformity = apps.get_model("certification", "Nonconformity")
    common = {
        "project_id": world.project.pk,
        "severity": "minor",
        "description": "x",
        "evidence": "y",
        "raised_by_id": world.leader.pk,
    }
    Nonconformity.objects.create(code="NC1", clause_id="5.2", item_id="", **common)
    Nonconformity.objects.create(code="NC2", clause_id="4.1", item_id="1.2", **common)
    Nonconformity.objects.create(code="NC3", clause_id="", item_id="3.1", **common)
    try:
        apps = migrate(AFTER)
        Nonconformity = apps.get_model("certification", "Nonconformity")
        cited = dict(
            (code, (kind, ref))
            for code, kind, ref in Nonconformity.objects.values_list("code", "ref_kind", "ref_id")
        )
        assert cited == {
            "NC1": ("clause", "5.2"),
            "NC2": ("clause", "4.1"),
            "NC3": ("item", "3.1"),
        }
        Nonconformity.objects.create(code="NC4", ref_kind="qms", ref_id="8.5.1", **common)
        with pytest.raises(RuntimeError, match="cannot be moved back: NC4"):
            migrate(BEFORE)
        Nonconformity.objects.filter(code="NC4").delete()
        apps = migrate(BEFORE)
        Nonconformity = apps.get_model("certification", "Nonconformity")
        back = Nonconformity.objects.values_list("code", "clause_id", "item_id").order_by("code")
        assert list(back) == [("NC1", "5.2", ""), ("NC2", "4.1", ""), ("NC3", "", "3.1")]
    finally:
        migrate(AFTER)
