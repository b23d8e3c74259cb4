"""Who may open or post to the pages of a person's records and the body's page (pretix style):
administrators only; every other persona gets 404, an anonymous visitor is sent to log in, and
a refused POST changes nothing (``tests.web.matrix``).  A client user has no such records: their
pages are not found, even for administrators.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from greencert.web.accounts.models import (
    CertificationBody,
    ImpartialityDeclaration,
    PersonRecord,
    Qualification,
)
from greencert.web.accounts.records import add_declaration
from greencert.web.clients.conflicts import declare_conflict
from greencert.web.clients.models import ConflictOfInterest
from tests.web.matrix import (
    PERSONAS,
    Writes,
    assert_outcome,
    get_reading_only,
    post_checked,
    writes,
)

ADMIN = {"admin"}
# A resident identity card number with a correct GB 11643 check digit (worked out by hand:
# weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over 36010219900307123 give 237; 237 mod 11 = 6,
# and place 6 (from 0) of 1 0 X 9 8 7 6 5 4 3 2 is "6").
RESIDENT_ID = "360102199003071236"


@dataclass
class Things:
    qualification: Qualification
    declaration: ImpartialityDeclaration
    conflict: ConflictOfInterest


@pytest.fixture
def things(world) -> Things:
    leader = world.leader
    return Things(
        qualification=leader.qualifications.get(),
        declaration=add_declaration(
            actor=world.admin,
            user=leader,
            signed_on=datetime.date(2026, 1, 5),
            valid_until=datetime.date(2026, 12, 31),
            statement="本人声明与受审核方无利益冲突。",
            file=SimpleUploadedFile("声明.pdf", b"%PDF-1.7 signed", "application/pdf"),
        ),
        conflict=declare_conflict(
            actor=world.admin,
            person=leader,
            organisation=world.beta,
            declared_on=datetime.date(2026, 2, 1),
            reason="曾任该公司顾问",
        ),
    )


@dataclass
class Case:
    name: str
    args: Callable  # (world, things) -> list
    allowed: set[str]
    method: str = "get"
    data: Callable | None = None  # (world, things) -> dict, for POST
    effect: Writes | None = None

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


LEADER = lambda w, t: [w.leader.pk]  # noqa: E731
CLIENT = lambda w, t: [w.client.pk]  # noqa: E731


def _stored_id():
    return PersonRecord.objects.filter(id_document_number=RESIDENT_ID).exists()


def _qualification_data(w, t):
    return {
        "kind": "senior_auditor",
        "registration_number": "2026-N1RSFW-0099",
        "valid_from": "2026-01-01",
        "valid_until": "2028-12-31",
        "schemes": "CTS TBSC041",
        "sectors": "物业服务",
    }


def _body_data(w, t):
    return {"approval_number": "cnca-r-2026-099", "name": "江西腾标认证有限公司"}


CASES = [
    Case("person_records", LEADER, ADMIN),
    Case("person_records", CLIENT, set()),
    Case(
        "person_records",
        LEADER,
        ADMIN,
        "post",
        lambda w, t: {"id_document_type": "01", "id_document_number": RESIDENT_ID},
        writes(
            "accounts.PersonRecord", audit="greencert.account.id_document_changed", check=_stored_id
        ),
    ),
    Case("qualification_add", LEADER, ADMIN),
    Case("qualification_add", CLIENT, set()),
    Case(
        "qualification_add",
        LEADER,
        ADMIN,
        "post",
        _qualification_data,
        writes(
            "accounts.Qualification",
            audit="greencert.account.qualification_added",
            check=lambda: Qualification.objects.filter(
                registration_number="2026-N1RSFW-0099", kind="senior_auditor"
            ).exists(),
        ),
    ),
    Case(
        "qualification_remove",
        lambda w, t: [w.leader.pk, t.qualification.pk],
        ADMIN,
        "post",
        effect=writes("accounts.Qualification", audit="greencert.account.qualification_removed"),
    ),
    # Another person's qualification under the leader's address is not found.
    Case(
        "qualification_remove",
        lambda w, t: [w.evaluator.pk, t.qualification.pk],
        set(),
        "post",
    ),
    Case("declaration_add", LEADER, ADMIN),
    Case(
        "declaration_add",
        LEADER,
        ADMIN,
        "post",
        lambda w, t: {
            "signed_on": "2026-03-01",
            "valid_until": "2027-02-28",
            "statement": "公正性与保密承诺",
        },
        writes(
            "accounts.ImpartialityDeclaration",
            audit="greencert.account.declaration_added",
            check=lambda: ImpartialityDeclaration.objects.filter(
                signed_on=datetime.date(2026, 3, 1)
            ).exists(),
        ),
    ),
    Case("declaration_file", lambda w, t: [w.leader.pk, t.declaration.pk], ADMIN),
    Case("declaration_file", lambda w, t: [w.evaluator.pk, t.declaration.pk], set()),
    Case(
        "declaration_remove",
        lambda w, t: [w.leader.pk, t.declaration.pk],
        ADMIN,
        "post",
        effect=writes(
            "accounts.ImpartialityDeclaration", audit="greencert.account.declaration_removed"
        ),
    ),
    Case("person_conflicts", LEADER, ADMIN),
    Case("person_conflicts", CLIENT, set()),
    Case(
        "person_conflicts",
        LEADER,
        ADMIN,
        "post",
        lambda w, t: {
            "organisation": w.alpha.pk,
            "declared_on": "2026-04-01",
            "reason": "亲属任职",
        },
        writes(
            "clients.ConflictOfInterest",
            audit="greencert.conflict.declared",
            check=lambda: ConflictOfInterest.objects.filter(reason="亲属任职").exists(),
        ),
    ),
    Case(
        "conflict_remove",
        lambda w, t: [w.leader.pk, t.conflict.pk],
        ADMIN,
        "post",
        effect=writes("clients.ConflictOfInterest", audit="greencert.conflict.removed"),
    ),
    Case("certification_body", lambda w, t: [], ADMIN),
    Case(
        "certification_body",
        lambda w, t: [],
        ADMIN,
        "post",
        _body_data,
        writes(
            "accounts.CertificationBody",
            audit="greencert.certification_body.changed",
            check=lambda: CertificationBody.current().approval_number == "CNCA-R-2026-099",
        ),
    ),
]


def _request(http: Client, case: Case, world, things, *, allowed: bool):
    url = reverse(case.name, args=case.args(world, things))
    if case.method == "post":
        data = case.data(world, things) if case.data else {}
        return post_checked(http, url, data, allowed=allowed, effect=case.effect or Writes())
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
