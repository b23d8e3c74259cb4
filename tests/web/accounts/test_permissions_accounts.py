"""Who may open or post to every account page (pretix style, as the other matrices):
each case states the personas that may; every other persona gets 404 and an
anonymous visitor is sent to log in.

Only administrators manage accounts.  Project managers may invite the contacts of
organisations that have a project (alpha has one; *gamma* has none); every
person reaches their own account page, the password change and the second-factor
pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from greencert.web.accounts import services
from greencert.web.accounts.models import Role
from greencert.web.clients.models import Contact, Organisation
from tests.web.matrix import PERSONAS, assert_outcome, get_reading_only

EVERYONE = set(PERSONAS)
ADMIN = {"admin"}


@dataclass
class Things:
    invited: object  # a staff member invited, not accepted yet
    contact: Contact  # alpha's, with an e-mail address
    gamma: Organisation  # no project yet
    gamma_contact: Contact


@pytest.fixture
def things(world) -> Things:
    gamma = Organisation.objects.create(name="新客户有限公司", address="九江市", uscc="")
    return Things(
        invited=services.invite_person(
            actor=world.admin,
            username="newcomer",
            email="newcomer@example.com",
            display_name="新同事",
            role=Role.AUDITOR,
        ),
        contact=Contact.objects.create(
            organisation=world.alpha, name="王经理", email="wang@example.com"
        ),
        gamma=gamma,
        gamma_contact=Contact.objects.create(
            organisation=gamma, name="刘经理", email="liu@example.com"
        ),
    )


@dataclass
class Case:
    name: str
    args: Callable  # (world, things) -> list
    allowed: set[str]
    method: str = "get"
    data: Callable | None = None  # (world, things) -> dict, for POST

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name}"


NONE = lambda w, t: []  # noqa: E731
LEADER = lambda w, t: [w.leader.pk]  # noqa: E731


CASES = [
    Case("account_list", NONE, ADMIN),
    Case("account_invite", NONE, ADMIN),
    Case(
        "account_invite",
        NONE,
        ADMIN,
        "post",
        lambda w, t: {
            "username": "zhao",
            "display_name": "赵工",
            "email": "zhao@example.com",
            "role": "auditor",
        },
    ),
    Case("account_detail", LEADER, ADMIN),
    Case("account_detail", lambda w, t: [w.client.pk], ADMIN),
    Case("account_role", LEADER, ADMIN, "post", lambda w, t: {"role": "technical_reviewer"}),
    Case("account_deactivate", LEADER, ADMIN, "post"),
    Case("account_reactivate", LEADER, ADMIN, "post"),
    Case("account_unlock", LEADER, ADMIN, "post"),
    Case("account_second_factor_reset", LEADER, ADMIN, "post"),
    Case("account_invitation_resend", lambda w, t: [t.invited.pk], ADMIN, "post"),
    # Client users: administrators for any organisation, project managers where a project is.
    Case("organisation_user_invite", lambda w, t: [w.alpha.pk], {"admin", "pm"}),
    Case(
        "organisation_user_invite",
        lambda w, t: [w.alpha.pk],
        {"admin", "pm"},
        "post",
        lambda w, t: {"contact": t.contact.pk, "username": "wang"},
    ),
    Case("organisation_user_invite", lambda w, t: [t.gamma.pk], ADMIN),
    Case(
        "organisation_user_invite",
        lambda w, t: [t.gamma.pk],
        ADMIN,
        "post",
        lambda w, t: {"contact": t.gamma_contact.pk, "username": "liu"},
    ),
    # Everyone's own pages.
    Case("my_account", NONE, EVERYONE),
    Case("password_change", NONE, EVERYONE),
    Case("second_factor_enrol", NONE, EVERYONE),
    Case("reauthenticate", NONE, EVERYONE),
]


def _request(http: Client, case: Case, world, things):
    url = reverse(case.name, args=case.args(world, things))
    if case.method == "post":
        return http.post(url, case.data(world, things) if case.data else {})
    return get_reading_only(http, url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_who_may_open_what(case, persona, world, things, client):
    client.force_login(world.users()[persona])
    response = _request(client, case, world, things)
    assert_outcome(client, response, allowed=persona in case.allowed, method=case.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_visitors_are_sent_to_log_in(case, world, things, client):
    response = _request(client, case, world, things)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_admin_sees_who_is_who(world, things, client):
    """The list shows each person with role, organisation and status, in Chinese."""
    client.force_login(world.admin)
    page = client.get(reverse("account_list")).content.decode()
    assert "newcomer" in page and "已邀请" in page  # invited, not accepted
    assert "绿源服务有限公司" in page  # alpha's client user's organisation
    assert page.index("员工") < page.index("客户用户")  # staff first, then client users
