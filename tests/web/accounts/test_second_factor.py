"""The second factor: required of administrators, technical reviewers and decision makers
(SECOND_FACTOR_ROLES), optional for others.  A password alone reaches no page; the
enrolment page shows a QR code; recovery codes work once each."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from greencert.web.accounts import second_factor, services
from greencert.web.accounts.views.second_factor import PENDING_KEY
from greencert.web.audit.models import AuditEntry
from tests.web.accounts.support import code_for, link_in
from tests.web.conftest import PASSWORD

PRODUCT_ROLES = ["admin", "technical_reviewer", "decision_maker"]
KEY = "3132333435363738393031323334353637383930"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.SECOND_FACTOR_ROLES = PRODUCT_ROLES


@pytest.fixture
def no_throttle(settings):
    """django-otp makes a person wait 1, 2, 4 … s after each wrong code; these tests type a
    right code straight after a wrong one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _log_in(client, username: str):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


def _every_page() -> list[tuple[str, str]]:
    """Every named address, its parameters filled with 1 (the guard answers before the view)."""
    paths = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                paths.append(
                    (entry.name, "/" + re.sub(r"<[^>]+>", "1", prefix + str(entry.pattern)))
                )

    walk(get_resolver().url_patterns)
    return paths


def test_a_password_alone_reaches_no_page(world, client):
    _log_in(client, "admin")
    open_before = {
        "second_factor_enrol",
        "second_factor_verify",
        "logout",
        "set_language",
        "healthz",
    }
    reached = []
    for name, path in _every_page():
        if name in open_before:
            continue
        response = client.get(path)
        if not (response.status_code == 302 and "/accounts/second-factor/" in response["Location"]):
            reached.append((name, path, response.status_code))
    assert reached == []


def test_enrolment_then_every_page_opens(world, client):
    _log_in(client, "reviewer")
    first = client.get(reverse("dashboard"))
    assert first["Location"].startswith(reverse("second_factor_enrol"))
    page = client.get(first["Location"]).content.decode()
    assert "<svg" in page and "二维码" in page
    key = client.session[PENDING_KEY]
    assert (
        second_factor.secret_base32(TOTPDevice(user=world.reviewer, key=key)) in page
    )  # typed by hand
    response = client.post(
        reverse("second_factor_enrol"), {"code": code_for(key), "next": "/dashboard/"}
    )
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(c in response.content.decode() for c in codes)
    assert client.get(reverse("dashboard")).status_code == 200
    assert AuditEntry.objects.filter(
        action="greencert.account.second_factor_enrolled", actor=world.reviewer
    ).exists()


def test_a_wrong_first_code_enrols_nothing(world, client):
    _log_in(client, "decider")
    client.get(reverse("second_factor_enrol"))
    response = client.post(reverse("second_factor_enrol"), {"code": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.decider).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def _enrolled(user):
    device, codes = services.enrol_second_factor(user=user, key=KEY, code=code_for(KEY))
    return device, codes


def test_the_next_log_in_asks_for_the_code(world, client, no_throttle):
    _enrolled(world.admin)
    _log_in(client, "admin")
    ask = client.get(reverse("account_list"))
    assert ask["Location"].startswith(reverse("second_factor_verify"))
    wrong = client.post(reverse("second_factor_verify"), {"code": "123456"})
    assert "验证码不正确" in wrong.content.decode()
    ok = client.post(
        reverse("second_factor_verify"), {"code": code_for(KEY, steps_ahead=1), "next": "/people/"}
    )
    assert ok["Location"] == "/people/"
    assert client.get("/people/").status_code == 200


def test_recovery_codes_work_once_each(world, client, no_throttle):
    _device, codes = _enrolled(world.decider)
    _log_in(client, "decider")
    assert client.post(reverse("second_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    client.logout()
    _log_in(client, "decider")
    again = client.post(reverse("second_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200 and "已使用" in again.content.decode()
    assert (
        client.post(reverse("second_factor_verify"), {"code": codes[1].upper()}).status_code == 302
    )
    assert len(second_factor.recovery_codes(world.decider)) == 8


def test_optional_for_other_roles(world, client):
    _log_in(client, "pm")
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_administrator_resets_a_lost_second_factor(world, client):
    _enrolled(world.reviewer)
    _enrolled(world.admin)
    _log_in(client, "admin")
    client.post(reverse("second_factor_verify"), {"code": code_for(KEY, steps_ahead=1)})
    response = client.post(reverse("account_second_factor_reset", args=[world.reviewer.pk]))
    assert response.status_code == 302
    assert not second_factor.is_enrolled(world.reviewer)
    assert AuditEntry.objects.filter(
        action="greencert.account.second_factor_reset", actor=world.admin
    ).exists()


def test_an_invited_decision_maker_enrols_before_the_first_page(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_person(
            actor=world.admin,
            username="sun",
            email="sun@example.com",
            display_name="孙决定",
            role="decision_maker",
        )
    form_url = client.get(link_in(mail.outbox[0].body))["Location"]
    password = "Nanchang-bridge-1995"
    landed = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert landed["Location"] == reverse("home")
    first = client.get(landed["Location"])
    assert first["Location"].startswith(reverse("second_factor_enrol"))
