"""A trigram index for searching projects by part of their number (PostgreSQL only).

Like ``clients.0006``'s index on organisation names: the project list's search
(``icontains``) reads both indexes and joins what they find, instead of every project.
"""

from django.db import migrations

INDEX = (
    'CREATE INDEX IF NOT EXISTS "project_code_search" ON "projects_project" '
    'USING gin ((UPPER("code"::text)) gin_trgm_ops)'
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "project_code_search"')


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0007_name_search_index"),
        ("projects", "0012_import_jobs"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
