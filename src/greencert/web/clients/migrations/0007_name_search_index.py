"""A trigram index for searching organisations by part of their name (PostgreSQL only).

The lists search with ``icontains`` (``UPPER(name) LIKE UPPER('%…%')``), which no
B-tree serves: without this index every search reads every organisation.  SQLite
has no such index; its lists stay small enough to read whole.  ``pg_trgm`` is a
trusted extension: the database's owner may create it.
"""

from django.db import migrations

INDEX = (
    'CREATE INDEX IF NOT EXISTS "organisation_name_search" ON "clients_organisation" '
    'USING gin ((UPPER("name"::text)) gin_trgm_ops)'
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "organisation_name_search"')


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_regulator_fields_and_conflicts")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
