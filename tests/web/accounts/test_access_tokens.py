"""API tokens on a person's own account page: made and shown once, listed with their last
use, revoked; audited; a role that needs a second factor confirms who they are first."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from greencert.web.accounts.models import AccessToken
from greencert.web.accounts.services import enrol_second_factor
from greencert.web.audit.models import AuditEntry
from tests.web.accounts.support import code_for, stale_check
from tests.web.api.support import call
from tests.web.conftest import PASSWORD

KEY = "3132333435363738393031323334353637383930"

TOKEN = re.compile(r"gct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def _make(client, **fields):
    data = {
        "name": "ERP 证书同步",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    return client.post(reverse("access_token_create"), {**data, **fields})


def test_a_token_is_shown_once_works_and_is_listed_with_its_last_use(world, client):
    client.force_login(world.leader)
    made = _make(client, writes="on")
    assert made.status_code == 200
    [raw] = TOKEN.findall(made.content.decode())
    assert "只显示这一次" in made.content.decode()
    assert made["Cache-Control"].startswith("max-age=0") or "no-cache" in made["Cache-Control"]
    stored = AccessToken.objects.get(user=world.leader)
    assert stored.writes and stored.name == "ERP 证书同步"
    assert raw not in str(AccessToken.objects.values_list().get())  # only its digest is kept
    page = client.get(reverse("my_account")).content.decode()
    assert raw not in page and f"gct_{stored.prefix}…" in page
    assert "从未使用" in page
    assert call("GET", f"/projects/{world.project.pk}", raw).status_code == 200
    page = client.get(reverse("my_account")).content.decode()
    assert "从未使用" not in page  # the last use is shown instead
    entry = AuditEntry.objects.get(action="greencert.access_token.created")
    assert entry.actor == world.leader and entry.after["prefix"] == stored.prefix


def test_a_token_is_read_only_unless_asked(world, client):
    client.force_login(world.pm)
    _make(client)
    assert AccessToken.objects.get(user=world.pm).writes is False


@pytest.mark.parametrize("days", [0, 400])
def test_the_expiry_is_after_today_and_within_a_year(world, client, days):
    client.force_login(world.pm)
    expires = (timezone.localdate() + datetime.timedelta(days=days)).isoformat()
    response = _make(client, expires_on=expires)
    assert response.status_code == 302
    assert not AccessToken.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "到期日" in page  # the field is named in the message


def test_revoking_stops_the_token_and_is_audited(world, client):
    client.force_login(world.pm)
    [raw] = TOKEN.findall(_make(client).content.decode())
    token = AccessToken.objects.get(user=world.pm)
    response = client.post(reverse("access_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert call("GET", "/projects", raw).status_code == 401
    assert "已撤销" in client.get(reverse("my_account")).content.decode()
    entry = AuditEntry.objects.get(action="greencert.access_token.revoked")
    assert entry.actor == world.pm and entry.after["prefix"] == token.prefix


def test_another_persons_token_is_not_found(world, client):
    client.force_login(world.pm)
    _make(client)
    token = AccessToken.objects.get(user=world.pm)
    client.force_login(world.leader)
    response = client.post(reverse("access_token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("name", ["access_token_create", "access_token_revoke"])
def test_anonymous_visitors_are_sent_to_log_in(world, client, name):
    args = [1] if name == "access_token_revoke" else []
    response = client.post(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_second_factor_role_confirms_who_they_are_first(world, client, settings):
    settings.SECOND_FACTOR_ROLES = ["technical_reviewer"]
    device, _codes = enrol_second_factor(user=world.reviewer, key=KEY, code=code_for(KEY))
    client.force_login(world.reviewer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # the code was typed at log-in
    session.save()
    stale_check(client)
    response = _make(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauthenticate"))
    assert not AccessToken.objects.exists()
    confirmed = client.post(response["Location"], {"secret": PASSWORD})
    assert confirmed.status_code == 200  # the form comes back, to be sent again
    assert _make(client).status_code == 200
    assert AccessToken.objects.filter(user=world.reviewer).count() == 1


def test_a_role_without_a_second_factor_is_not_asked_again(world, client):
    client.force_login(world.pm)
    stale_check(client)
    assert _make(client).status_code == 200
    assert AccessToken.objects.filter(user=world.pm).exists()
