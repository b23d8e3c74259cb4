"""Lockout per account (django-axes, database handler): after LOGIN_FAILURE_LIMIT wrong
passwords the account is locked whatever the address, the trail records the failures,
the lockout and the unlock by an administrator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greencert.web import settings as product
from greencert.web.accounts.status import locked_usernames
from greencert.web.audit.models import AuditEntry
from tests.web.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _product_backends(settings):
    """django-axes's backend first, as in the product (tests/settings.py leaves it out)."""
    settings.AUTHENTICATION_BACKENDS = product.AUTHENTICATION_BACKENDS
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def _try(client, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": "auditor_off", "password": password},
        REMOTE_ADDR=address,
    )


def test_an_account_locks_after_the_limit_whatever_the_address(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    # Three wrong passwords from three addresses.
    for n, address in enumerate(["10.0.0.1", "10.0.0.2", "192.0.2.7"]):
        response = _try(client, f"guess{n}", address)
    assert response.status_code == 429
    assert "账户已锁定" in response.content.decode()
    # Now even the right password, from a fourth address, is refused.
    refused = _try(client, PASSWORD, "198.51.100.9")
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    assert locked_usernames(["auditor_off"]) == {"auditor_off"}
    actions = list(
        AuditEntry.objects.filter(object_id=str(world.auditor_off.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    failed, locked = "greencert.account.login_failed", "greencert.account.locked_out"
    # The try during the lockout counts too (and starts the cool-off again).
    assert actions == [failed, failed, failed, locked, failed]


def test_other_accounts_are_not_locked(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    _try(client, "a")
    _try(client, "b")
    response = client.post(reverse("login"), {"username": "pm", "password": PASSWORD})
    assert response.status_code == 302


def test_an_administrator_unlocks(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    _try(client, "a")
    _try(client, "b")
    client.force_login(world.admin)
    detail = client.get(reverse("account_detail", args=[world.auditor_off.pk])).content.decode()
    assert "已锁定" in detail and reverse("account_unlock", args=[world.auditor_off.pk]) in detail
    client.post(reverse("account_unlock", args=[world.auditor_off.pk]))
    assert locked_usernames(["auditor_off"]) == set()
    assert AuditEntry.objects.filter(
        action="greencert.account.unlocked", actor=world.admin
    ).exists()
    client.logout()
    assert _try(client, PASSWORD).status_code == 302


def test_a_successful_log_in_is_recorded_and_clears_the_count(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _try(client, "a")
    _try(client, "b")
    assert _try(client, PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(
        action="greencert.account.logged_in", actor=world.auditor_off
    ).exists()
    client.logout()
    _try(client, "c")
    _try(client, "d")
    assert _try(client, PASSWORD).status_code == 302  # two more failures are not three


def test_a_deactivated_person_cannot_log_in(world, client):
    client.force_login(world.admin)
    client.post(reverse("account_deactivate", args=[world.auditor_off.pk]))
    client.logout()
    assert _try(client, PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session
