"""The indexes that keep pages flat as the projects grow (``benchmarks/bench_growth.py``)
serve the queries they were made for.

Each query is planned by PostgreSQL with sequential and plain index scans ruled out: the
plan names the index only if the index's expression is the one the query computes.  (On a
test's few rows the planner would read the tables whole anyway.)
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greencert.web.certification.models import CertificateEvent
from greencert.web.certification.services.certificates import issued_for
from tests.web.certification.certificate_support import issue
from tests.web.projects_support import text

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the indexes are PostgreSQL's"
)


def _plan(sql: str, params=None) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # nor reading a whole index
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_project_search_reads_the_number_and_name_indexes(world, client):
    client.force_login(world.pm)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("project_list"), {"q": "蓝天"})
    assert world.beta_project.code in text(response)
    (page,) = [q["sql"] for q in captured if "UNION" in q["sql"] and "LIMIT" in q["sql"]]
    plan = _plan(page)
    assert "project_code_search" in plan and "organisation_name_search" in plan, plan


def test_whether_a_decision_was_issued_is_read_by_its_index(world):
    certificate = issue(world)
    assert issued_for(certificate.decision)
    sql, params = CertificateEvent.issuing(certificate.decision_id).query.sql_with_params()
    plan = _plan(sql, params)
    assert "certificate_event_decision" in plan, plan
