"""URLs of the survey benchmark's server only: the product's, plus the bare baseline view.

``bench_survey.py`` starts gunicorn with ``DJANGO_SETTINGS_MODULE=bench_settings``
(this folder on ``PYTHONPATH``), whose ``ROOT_URLCONF`` is this module; the
product itself never mounts the baseline.

``POST /_bench/insert`` is one INSERT through the whole stack (middleware,
view, one statement, commit): the ceiling a survey submission is compared
with.  It writes into a table of its own, :data:`TABLE`, which the
benchmark creates in its throw-away database (never into the audit trail).
The table is an ordinary, logged one, as the submissions' table is, so
both pay the same commit.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

TABLE = "bench_baseline"
CREATE_TABLE = (
    f"CREATE TABLE {TABLE} (id bigserial PRIMARY KEY, note varchar(64) NOT NULL, "
    "created_at timestamptz NOT NULL)"
)


@csrf_exempt
@require_POST
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (note, created_at) VALUES (%s, now())", ["baseline"])
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("_bench/insert", insert, name="bench_insert"),
    path("", include("greencert.web.urls")),
]
