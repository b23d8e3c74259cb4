"""URLs of the survey benchmark's server only: the product's, plus the bare baseline view.

``bench_survey.py`` starts gunicorn with ``DJANGO_SETTINGS_MODULE=bench_settings``
(this folder on ``PYTHONPATH``), whose ``ROOT_URLCONF`` is this module; the
product itself never mounts the baseline.

``POST /_bench/insert`` is one INSERT through the whole stack (middleware,
view, one statement, commit): the ceiling a survey submission is compared
with.  It writes one :class:`BaselineRow` through the ORM, into a table of
its own that the benchmark creates in its throw-away database (never into
the audit trail).  The table is an ordinary, logged one, as the
submissions' table is, so both pay the same commit.
"""

from __future__ import annotations

from django.db import models
from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


class BaselineRow(models.Model):
    """One row per baseline request, in the benchmark's own table (created by the benchmark)."""

    note = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "bench"  # not an installed app: no migrations, the benchmark creates it
        db_table = "bench_baseline"
        managed = False


@csrf_exempt
@require_POST
def insert(request):
    BaselineRow.objects.create(note="baseline")  # as the product writes a row: through the ORM
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("_bench/insert", insert, name="bench_insert"),
    path("", include("greencert.web.urls")),
]
