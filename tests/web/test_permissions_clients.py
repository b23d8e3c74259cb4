"""Who may open or post to every page of the clients area (organisations,
their parts, applications) — pretix style: each case states the personas
that may; every other persona gets 404 and an anonymous visitor is sent
to log in.

Objects belong to *alpha* unless said otherwise: alpha's client user may
see it, beta's may not; ``leader`` and ``evaluator`` are on alpha's
project team, ``auditor_off`` is on no team.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from greencert.web.clients.models import Application, Contact, QmsCertificate, Service, Site
from greencert.web.clients.services import submit_application
from tests.web.matrix import (
    PERSONAS,
    Writes,
    assert_outcome,
    get_reading_only,
    post_checked,
    writes,
)

STAFF = {"admin", "pm", "leader", "evaluator", "auditor_off", "reviewer", "decider"}
MANAGERS = {"admin", "pm"}
SEE_ALPHA = {"admin", "pm", "leader", "evaluator", "reviewer", "decider", "client"}


@dataclass
class Things:
    """alpha's parts that the pages act on (none used by a project, so removable)."""

    contact: Contact
    site: Site
    service: Service
    certificate: QmsCertificate
    application: object
    beta_contact: Contact


@pytest.fixture
def things(world) -> Things:
    alpha = world.alpha
    return Things(
        contact=Contact.objects.create(organisation=alpha, name="王经理"),
        site=Site.objects.create(organisation=alpha, name="青山湖网点"),
        service=Service.objects.create(organisation=alpha, name="保洁服务"),
        certificate=QmsCertificate.objects.create(
            organisation=alpha,
            number="00124Q1234",
            issuer="某认证中心",
            valid_until=datetime.date(2028, 1, 1),
        ),
        application=submit_application(
            actor=world.pm,
            organisation=alpha,
            scope="绿色物业服务",
            services=[world.service],
            sites=[world.site],
        ),
        beta_contact=Contact.objects.create(organisation=world.beta, name="李经理"),
    )


@dataclass
class Case:
    name: str
    args: Callable  # (world, things) -> list
    allowed: set[str]
    method: str = "get"
    data: Callable | None = None  # (world, things) -> dict, for POST
    effect: Writes | None = None  # what an allowed POST changes

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


ORG = lambda w, t: [w.alpha.pk]  # noqa: E731
BETA = lambda w, t: [w.beta.pk]  # noqa: E731


def _org_data(w, t):
    return {"name": "绿源服务有限公司（改）", "address": "南昌市", "uscc": w.alpha.uscc}


def _new_org_data(w, t):
    # A fresh code whose GB 32100 check character is computed, so that it passes.
    from stdnum.cn import uscc

    body = "91330100MA2CFTH4P"
    return {"name": "新公司", "address": "杭州", "uscc": body + uscc.calc_check_digit(body)}


def _qms_data(w, t):
    return {
        "number": "Q-2",
        "issuer": "某认证中心",
        "accredited": "on",
        "valid_until": "2029-01-01",
        "exemption": "pending",
    }


def _application_data(w, t):
    return {"scope": "保洁", "services": [t.service.pk], "sites": [t.site.pk]}


CASES = [
    Case("organisation_list", lambda w, t: [], STAFF),
    Case("organisation_detail", ORG, SEE_ALPHA),
    Case("organisation_detail", BETA, {"admin", "pm", "reviewer", "decider", "beta_client"}),
    Case("organisation_create", lambda w, t: [], MANAGERS),
    Case(
        "organisation_create",
        lambda w, t: [],
        MANAGERS,
        "post",
        _new_org_data,
        writes("clients.Organisation", audit="greencert.organisation.created"),
    ),
    Case("organisation_edit", ORG, MANAGERS),
    Case(
        "organisation_edit",
        ORG,
        MANAGERS,
        "post",
        _org_data,
        writes("clients.Organisation", audit="greencert.organisation.changed"),
    ),
    # Contacts: managers, and alpha's own client user.
    Case("contact_add", ORG, MANAGERS | {"client"}),
    Case(
        "contact_add",
        ORG,
        MANAGERS | {"client"},
        "post",
        lambda w, t: {"name": "赵"},
        writes("clients.Contact", audit="greencert.contact.created"),
    ),
    Case("contact_add", BETA, MANAGERS | {"beta_client"}),
    Case("contact_edit", lambda w, t: [w.alpha.pk, t.contact.pk], MANAGERS | {"client"}),
    Case(
        "contact_edit",
        lambda w, t: [w.alpha.pk, t.contact.pk],
        MANAGERS | {"client"},
        "post",
        lambda w, t: {"name": "王总"},
        writes("clients.Contact", audit="greencert.contact.changed"),
    ),
    # Another organisation's contact under alpha's address is not found, even for managers.
    Case("contact_edit", lambda w, t: [w.alpha.pk, t.beta_contact.pk], set()),
    Case(
        "contact_delete",
        lambda w, t: [w.alpha.pk, t.contact.pk],
        MANAGERS | {"client"},
        "post",
        effect=writes("clients.Contact", audit="greencert.contact.deleted"),
    ),
    Case("site_add", ORG, MANAGERS),
    Case(
        "site_add",
        ORG,
        MANAGERS,
        "post",
        lambda w, t: {"name": "新网点"},
        writes("clients.Site", audit="greencert.site.created"),
    ),
    Case("site_edit", lambda w, t: [w.alpha.pk, t.site.pk], MANAGERS),
    Case(
        "site_edit",
        lambda w, t: [w.alpha.pk, t.site.pk],
        MANAGERS,
        "post",
        lambda w, t: {"name": "青山湖网点二"},
        writes("clients.Site", audit="greencert.site.changed"),
    ),
    Case(
        "site_delete",
        lambda w, t: [w.alpha.pk, t.site.pk],
        MANAGERS,
        "post",
        effect=writes("clients.Site", audit="greencert.site.deleted"),
    ),
    Case("service_add", ORG, MANAGERS),
    Case(
        "service_add",
        ORG,
        MANAGERS,
        "post",
        lambda w, t: {"name": "绿化服务"},
        writes("clients.Service", audit="greencert.service.created"),
    ),
    Case("service_edit", lambda w, t: [w.alpha.pk, t.service.pk], MANAGERS),
    Case(
        "service_edit",
        lambda w, t: [w.alpha.pk, t.service.pk],
        MANAGERS,
        "post",
        lambda w, t: {"name": "保洁服务二"},
        writes("clients.Service", audit="greencert.service.changed"),
    ),
    Case(
        "service_delete",
        lambda w, t: [w.alpha.pk, t.service.pk],
        MANAGERS,
        "post",
        effect=writes("clients.Service", audit="greencert.service.deleted"),
    ),
    Case("qms_certificate_add", ORG, MANAGERS),
    Case(
        "qms_certificate_add",
        ORG,
        MANAGERS,
        "post",
        _qms_data,
        writes("clients.QmsCertificate", audit="greencert.qms_certificate.created"),
    ),
    Case("qms_certificate_edit", lambda w, t: [w.alpha.pk, t.certificate.pk], MANAGERS),
    Case(
        "qms_certificate_edit",
        lambda w, t: [w.alpha.pk, t.certificate.pk],
        MANAGERS,
        "post",
        _qms_data,
        writes("clients.QmsCertificate", audit="greencert.qms_certificate.changed"),
    ),
    Case(
        "qms_certificate_delete",
        lambda w, t: [w.alpha.pk, t.certificate.pk],
        MANAGERS,
        "post",
        effect=writes("clients.QmsCertificate", audit="greencert.qms_certificate.deleted"),
    ),
    # Applications: the managers handle all; a client user its own organisation's.
    Case("application_list", lambda w, t: [], MANAGERS | {"client", "beta_client"}),
    Case("application_create", ORG, MANAGERS | {"client"}),
    Case(
        "application_create",
        ORG,
        MANAGERS | {"client"},
        "post",
        _application_data,
        writes(
            "clients.Application",
            "clients.Application_services",
            "clients.Application_sites",
            audit="greencert.application.submitted",
        ),
    ),
    Case("application_create", BETA, MANAGERS | {"beta_client"}),
    Case("application_detail", lambda w, t: [t.application.pk], MANAGERS | {"client"}),
    Case(
        "application_review",
        lambda w, t: [t.application.pk],
        MANAGERS,
        "post",
        lambda w, t: {"decision": "accepted"},
        writes("clients.Application", audit="greencert.application.accepted"),
    ),
    Case("application_refuse", lambda w, t: [t.application.pk], MANAGERS),
    Case(
        "application_refuse",
        lambda w, t: [t.application.pk],
        MANAGERS,
        "post",
        lambda w, t: {"confirmed": "yes", "reason": "申请范围不属于绿色产品服务。"},
        writes(
            "clients.Application",
            audit="greencert.application.refused",
            check=lambda: Application.objects.filter(
                status="refused", review_reason="申请范围不属于绿色产品服务。"
            ).exists(),
        ),
    ),
]


def _request(http: Client, case: Case, world, things, *, allowed: bool):
    url = reverse(case.name, args=case.args(world, things))
    if case.method == "post":
        data = case.data(world, things) if case.data else {}
        return post_checked(http, url, data, allowed=allowed, effect=case.effect)
    return get_reading_only(http, url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_who_may_open_what(case, persona, world, things, client):
    client.force_login(world.users()[persona])
    allowed = persona in case.allowed
    response = _request(client, case, world, things, allowed=allowed)
    assert_outcome(client, response, allowed=allowed, method=case.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_visitors_are_sent_to_log_in(case, world, things, client):
    response = _request(client, case, world, things, allowed=False)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
