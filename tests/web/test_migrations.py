"""The migrations describe the models exactly (a model moved between apps keeps its table)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from greencert.web.clients.models import Application

pytestmark = pytest.mark.django_db


def test_no_model_change_lacks_its_migration():
    out = io.StringIO()
    # Exits with status 1 (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_applications_keep_their_table_after_moving_to_clients():
    assert Application._meta.db_table == "projects_application"
    assert "projects_application" in connection.introspection.table_names()
    assert Application._meta.get_field("sites").m2m_db_table() == "projects_application_sites"
