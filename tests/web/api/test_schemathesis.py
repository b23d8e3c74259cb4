"""Schemathesis against the live schema: every operation, at least 50 generated cases each,
sent through the WSGI application with a read-write token of an administrator (who reaches
everything).  No answer may be a server error, and every answer must match the schema
(status code, content type, body, headers), and a request the schema forbids must be
refused.  The reverse is not asked (schemathesis' ``positive_data_acceptance``): a
request of the right shape may still be refused for what it says — a scoring input
that names an item the scheme does not have, a cursor not made by the API — and the
refusal, a 422 naming the field, is itself checked against the schema.

The stateful phase follows the links the schema declares (``api/links.py``): from a list to
a row, a project to its nonconformities, surveys and report, a certificate to its status
change and PDF, and so on, each scenario a few steps long, with the same checks.

Each operation is one pytest test; the schema is the one ``/api/v1/openapi.json`` serves.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from greencert.web.api.main import api
from tests.web.api.support import findings, planned_project, token_for
from tests.web.certification.certificate_support import clear_rate_limit, issue

CASES_PER_OPERATION = 50
SCENARIOS = 25  # stateful: runs of linked calls, each at most STEPS long
STEPS = 8
CALLER = {"REMOTE_ADDR": "192.0.2.10"}  # as a server gives it (the limiter keys on it)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()  # called in-process, as served


@pytest.fixture
def admin_token(world) -> str:
    clear_rate_limit()
    issue(world)  # a certificate to find, and alpha's first project decided
    planned_project(world)  # one still planned, to move
    findings(world)  # one in progress, with nonconformities and a survey's response
    return token_for(world.admin)


@pytest.fixture(autouse=True)
def _connection_kept(admin_token):
    """The bare WSGI application closes the database connection when a request starts and
    ends (``close_old_connections``); on PostgreSQL that would end the test's transaction.
    Django's test client disconnects it for the same reason, and connects it again after
    each request: so this runs after the data is made (some of it through the test client)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.VERIFY_RATE_PER_MINUTE = 1_000_000  # the limit has its own test; here, the shapes


@schema.parametrize()
@settings(
    max_examples=CASES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_within_its_schema(case, admin_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}"},
        excluded_checks=[positive_data_acceptance],
        environ_base=CALLER,
    )


def test_the_links_lead_where_they_say(admin_token):
    """Schemathesis' stateful phase: chains of calls through the declared links."""

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {admin_token}"}, "environ_base": CALLER}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                excluded_checks=[positive_data_acceptance],
                headers=kwargs["headers"],  # ours, so the auth checks know them from generated ones
                transport_kwargs=kwargs,
            )

    Workflow.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
    )
