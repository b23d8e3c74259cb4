"""A fresh password or second-factor check (within REAUTH_MINUTES) before signing a review
or decision, issuing, suspending or withdrawing a certificate and changing roles; and
the session's idle timeout and absolute lifetime."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import translation

from greencert.web import settings as product
from greencert.web.accounts import checks, second_factor, services
from greencert.web.accounts.audit_labels import ACTIONS
from greencert.web.accounts.models import Role, User
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import CertificateEvent, Review
from tests.web.accounts.support import age_session, code_for, stale_check
from tests.web.certification.certificate_support import issue
from tests.web.conftest import PASSWORD


def _refused_then_confirmed(client, url: str, data: dict):
    """POSTing with a stale check goes to the confirmation page and stores nothing;
    after the password, the same POST goes through."""
    stale_check(client)
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauthenticate"))
    page = client.get(response["Location"]).content.decode()
    assert "确认身份" in page
    wrong = client.post(response["Location"], {"secret": "not my password"})
    assert "既不是您的密码" in wrong.content.decode()
    back = client.post(response["Location"], {"secret": PASSWORD})
    # What was typed comes back, to be sent by the person: nothing was recorded yet.
    form = read_form(back)
    assert form.action == url
    assert sorted(form.fields) == sorted((k, str(v)) for k, v in data.items())
    return client.post(url, dict(form.fields))


def read_form(response):
    """The resubmit page's form: its action and its hidden (name, value) pairs."""

    class Reader(HTMLParser):
        action, fields, inside = None, [], False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            self.inside = self.inside or "data-resubmit" in attrs
            if not self.inside:
                return  # the page's other forms (the language switch)
            if tag == "form":
                self.action = attrs["action"]
            hidden = tag == "input" and attrs.get("type") == "hidden"
            if hidden and attrs["name"] != "csrfmiddlewaretoken":
                self.fields = [*self.fields, (attrs["name"], attrs["value"])]

    reader = Reader()
    assert response.status_code == 200, response.status_code
    reader.feed(response.content.decode())
    return reader


def test_the_typed_text_is_offered_back_only_for_its_own_address(world, client):
    """Confirming for another page than the refused one offers nothing back."""
    client.force_login(world.admin)
    url = reverse("account_role", args=[world.leader.pk])
    stale_check(client)
    client.post(url, {"role": Role.DECISION_MAKER})
    other = reverse("account_list")
    back = client.post(f"{reverse('reauthenticate')}?next={other}", {"secret": PASSWORD})
    assert back.status_code == 302 and back["Location"] == other
    assert checks.CARRIED not in client.session  # forgotten, not offered later
    assert User.objects.get(pk=world.leader.pk).role == Role.AUDITOR


def test_an_oversized_form_is_not_kept(world, client):
    client.force_login(world.admin)
    url = reverse("account_role", args=[world.leader.pk])
    stale_check(client)
    client.post(url, {"role": Role.DECISION_MAKER, "note": "x" * (checks.CARRIED_MAX_CHARS + 1)})
    assert checks.CARRIED not in client.session
    back = client.post(f"{reverse('reauthenticate')}?next={url}", {"secret": PASSWORD})
    assert back["Location"] == url  # confirmed; the person sends the form again themselves


def test_changing_a_role_needs_a_fresh_check(world, client):
    client.force_login(world.admin)
    url = reverse("account_role", args=[world.leader.pk])
    stale_check(client)
    client.post(url, {"role": Role.DECISION_MAKER})
    assert User.objects.get(pk=world.leader.pk).role == Role.AUDITOR  # nothing changed
    done = _refused_then_confirmed(client, url, {"role": Role.DECISION_MAKER})
    assert done.status_code == 302
    assert User.objects.get(pk=world.leader.pk).role == Role.DECISION_MAKER


def test_suspending_a_certificate_needs_a_fresh_check(world, client):
    certificate = issue(world)
    client.force_login(world.pm)
    url = reverse("certificate_suspend", args=[certificate.pk])
    stale_check(client)
    client.post(url, {"reason": "监督审核逾期", "confirmed": "yes"})
    assert not CertificateEvent.objects.filter(certificate=certificate, kind="suspended").exists()
    _refused_then_confirmed(client, url, {"reason": "监督审核逾期", "confirmed": "yes"})
    assert CertificateEvent.objects.filter(certificate=certificate, kind="suspended").exists()


@pytest.mark.parametrize(
    "name",
    [
        "project_review",
        "project_decision",
        "certificate_issue",
        "certificate_suspend",
        "certificate_withdraw",
    ],
)
def test_each_signature_is_guarded(name, world, client):
    """The views named in the issue carry the guard: a stale POST goes to confirm, whatever its data."""
    client.force_login(world.admin)
    args = [world.project.pk]  # the guard answers before the object is looked up
    stale_check(client)
    response = client.post(reverse(name, args=args), {})
    assert response["Location"].startswith(reverse("reauthenticate"))
    assert Review.objects.count() == 0


def test_a_session_idle_too_long_ends(world, client, settings):
    client.force_login(world.pm)
    assert client.get(reverse("dashboard")).status_code == 200
    age_session(client, checks.SEEN_AT, settings.SESSION_IDLE_MINUTES * 60 + 1)
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_session_in_use_still_ends_after_its_lifetime(world, client, settings):
    client.force_login(world.pm)
    age_session(client, checks.LOGGED_IN_AT, settings.SESSION_MAX_HOURS * 3600 + 1)
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(reverse("login"))


def test_a_session_in_use_within_its_limits_goes_on(world, client, settings):
    client.force_login(world.pm)
    age_session(client, checks.SEEN_AT, settings.SESSION_IDLE_MINUTES * 60 - 60)
    age_session(client, checks.LOGGED_IN_AT, settings.SESSION_MAX_HOURS * 3600 - 60)
    assert client.get(reverse("dashboard")).status_code == 200


def _trail_of(user) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_id=str(user.pk)).order_by("sequence"))


@pytest.mark.parametrize("with_axes", [False, True])
def test_a_wrong_password_at_reauthentication_is_in_the_trail_without_it(
    world, client, settings, with_axes
):
    if with_axes:  # the product's backends: django-axes counts the failures as at log-in
        settings.AUTHENTICATION_BACKENDS = product.AUTHENTICATION_BACKENDS
    client.force_login(world.pm, backend="django.contrib.auth.backends.ModelBackend")
    stale_check(client)
    before = len(_trail_of(world.pm))
    typed = "Geheim-Versuch-4711"
    for _n in range(2):
        wrong = client.post(reverse("reauthenticate"), {"secret": typed})
        assert "既不是您的密码" in wrong.content.decode()
    failed = _trail_of(world.pm)[before:]
    assert [e.action for e in failed] == ["greencert.account.reauthentication_failed"] * 2
    assert all(e.actor_id == world.pm.pk for e in failed)  # the person whose session it is
    if with_axes:
        assert [e.after for e in failed] == [{"failures": 1}, {"failures": 2}]
    stored = json.dumps(
        [list(AuditEntry.objects.filter(pk=e.pk).values()) for e in failed], default=str
    )
    assert typed not in stored
    # An empty form is not a try; the right password is not a failure.
    client.post(reverse("reauthenticate"), {"secret": ""})
    client.post(reverse("reauthenticate"), {"secret": PASSWORD})
    assert len(_trail_of(world.pm)) == before + 2


def test_reaching_the_limit_at_reauthentication_is_a_lockout_in_the_trail(world, client, settings):
    settings.AUTHENTICATION_BACKENDS = product.AUTHENTICATION_BACKENDS
    settings.AXES_FAILURE_LIMIT = 2
    client.force_login(world.pm, backend="django.contrib.auth.backends.ModelBackend")
    stale_check(client)
    for _n in range(2):
        client.post(reverse("reauthenticate"), {"secret": "wrong"})
    actions = [e.action for e in _trail_of(world.pm)]
    failed = "greencert.account.reauthentication_failed"
    assert actions[-3:] == [failed, failed, "greencert.account.locked_out"]


def test_the_trail_names_a_failed_reauthentication_in_both_languages():
    with translation.override("en"):
        assert (
            str(ACTIONS["greencert.account.reauthentication_failed"]) == "Re-authentication failed"
        )
    with translation.override("zh-hans"):
        assert str(ACTIONS["greencert.account.reauthentication_failed"]) == "身份确认失败"


KEY = "3132333435363738393031323334353637383930"


def _failures(user) -> int:
    return sum(
        AccessAttempt.objects.filter(username=user.username).values_list(
            "failures_since_start", flat=True
        )
    )


def test_a_right_code_or_recovery_code_is_not_counted_as_a_wrong_password(world, client, settings):
    """Confirming by code, as a person with an authenticator does every time, must not add up
    to a lockout; a wrong code is one failure; a locked-out person is refused even the right
    code and password."""
    settings.AUTHENTICATION_BACKENDS = product.AUTHENTICATION_BACKENDS
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    settings.AXES_FAILURE_LIMIT = 3
    _device, recovery = services.enrol_second_factor(user=world.pm, key=KEY, code=code_for(KEY))
    client.force_login(world.pm, backend="django.contrib.auth.backends.ModelBackend")
    for secret in (code_for(KEY, steps_ahead=1), recovery[0], PASSWORD):
        stale_check(client)
        done = client.post(reverse("reauthenticate"), {"secret": secret})
        assert done.status_code == 302, secret
        assert _failures(world.pm) == 0, secret
    stale_check(client)
    wrong = client.post(reverse("reauthenticate"), {"secret": "000000"})
    assert "既不是您的密码" in wrong.content.decode()
    assert _failures(world.pm) == 1
    for _n in range(2):
        client.post(reverse("reauthenticate"), {"secret": "not it"})
    assert _failures(world.pm) == 3  # the limit: locked out
    stale_check(client)
    for secret in (code_for(KEY, steps_ahead=2), recovery[1], PASSWORD):
        refused = client.post(reverse("reauthenticate"), {"secret": secret})
        assert refused.status_code == 429, secret  # the lockout page, as at log-in
        assert "请管理员解锁" in refused.content.decode(), secret
        assert not checks.checked_recently(client.session)
    # Only the accepted recovery code was used up, not the one refused while locked out.
    assert second_factor.recovery_codes(world.pm) == recovery[1:]
