"""The check the permission matrices run on every page they open: a GET writes nothing.

Every GET a matrix makes (each page × each persona) goes through
:func:`tests.web.matrix.get_reading_only`; these tests show that the check
itself catches a write and lets the bookkeeping of sessions through.
"""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from greencert.web.accounts.models import User
from greencert.web.audit.models import AuditEntry
from greencert.web.audit.services import record
from tests.web.matrix import get_reading_only, writes_in

pytestmark = pytest.mark.django_db


def _writing_view(request):
    record(actor=None, action="greencert.test.looked", target=User(username="someone"))
    return HttpResponse("looked")


def _reading_view(request):
    return HttpResponse(str(AuditEntry.objects.count()))


urlpatterns = [path("writes/", _writing_view), path("reads/", _reading_view)]


def test_statements_that_change_data_are_found():
    statements = [
        'SELECT "projects_project"."id" FROM "projects_project"',
        'INSERT INTO "surveys_surveyresponse" ("survey_id") VALUES (1)',
        'UPDATE "projects_project" SET "state" = \'decided\'',
        'DELETE FROM "projects_itemrating" WHERE 1',
        'UPDATE "django_session" SET "expire_date" = now()',
        'SAVEPOINT "s1_x1"',
    ]
    assert writes_in(statements) == statements[1:4]


@override_settings(ROOT_URLCONF=__name__)
def test_a_get_that_writes_fails_the_check(client):
    with pytest.raises(AssertionError, match="auditentry"):
        get_reading_only(client, "/writes/")


@override_settings(ROOT_URLCONF=__name__)
def test_a_get_that_only_reads_passes_the_check(client):
    assert get_reading_only(client, "/reads/").content == b"0"
