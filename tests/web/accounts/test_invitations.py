"""Invitations: an e-mail with a link that works once, for 72 hours, and lets the person
choose a password (checked by the validators) and go straight in."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from greencert.web.accounts import services
from greencert.web.accounts.models import Role, User
from greencert.web.accounts.tokens import invitation_tokens
from greencert.web.audit.models import AuditEntry
from greencert.web.clients.models import Contact
from tests.web.accounts.support import link_in

NEW_PASSWORD = "Lushan-cloud-sea-2026"


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.invite_person(
            actor=world.admin,
            username="newcomer",
            email="newcomer@example.com",
            display_name="新同事",
            role=Role.AUDITOR,
        )
    return user


def _accept(client, link: str, password: str = NEW_PASSWORD):
    landing = client.get(link)
    assert landing.status_code == 302  # the token moves into the session, out of the address
    form_url = landing["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_the_invitation_email_carries_a_link_in_both_languages(invited):
    (message,) = mail.outbox
    assert message.to == ["newcomer@example.com"]
    assert "GreenCert" in message.subject and "账户" in message.subject
    assert "newcomer" in message.body
    assert "72" in message.body
    assert message.body.index("您好") < message.body.index("Hello")  # Chinese first
    assert "/accounts/invitation/" in link_in(message.body)


def test_the_invited_person_sets_a_password_and_is_logged_in(invited, client):
    response = _accept(client, link_in(mail.outbox[0].body))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(pk=invited.pk)
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 200
    actions = list(
        AuditEntry.objects.filter(object_type="user", object_id=str(user.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["greencert.account.invited", "greencert.account.invitation_accepted"]


def test_the_link_works_once(invited, client):
    link = link_in(mail.outbox[0].body)
    _accept(client, link)
    client.logout()
    again = client.get(link, follow=True)
    assert "邀请链接已失效" in again.content.decode()
    assert "new_password1" not in again.content.decode()


def test_the_link_expires_after_72_hours(invited, client, monkeypatch):
    link = link_in(mail.outbox[0].body)
    later = datetime.datetime.now() + datetime.timedelta(hours=72, minutes=1)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: later)
    page = client.get(link, follow=True).content.decode()
    assert "邀请链接已失效" in page
    almost = datetime.datetime.now() + datetime.timedelta(hours=71, minutes=59)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: almost)
    assert client.get(link).status_code == 302  # still good just before


def test_a_new_invitation_voids_the_old_link(
    invited, world, client, django_capture_on_commit_callbacks
):
    old = link_in(mail.outbox[0].body)
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(actor=world.admin, user=invited)
    new = link_in(mail.outbox[1].body)
    assert "邀请链接已失效" in client.get(old, follow=True).content.decode()
    assert client.get(new).status_code == 302


def test_deactivating_the_invited_person_voids_the_link(invited, world, client):
    services.set_active(actor=world.admin, user=invited, active=False)
    assert (
        "邀请链接已失效" in client.get(link_in(mail.outbox[0].body), follow=True).content.decode()
    )


def test_a_weak_password_is_refused_naming_the_rule(invited, client):
    response = _accept(client, link_in(mail.outbox[0].body), password="password123")
    page = response.content.decode()
    assert response.status_code == 200
    assert "这个密码太常见了" in page  # CommonPasswordValidator, in Chinese
    assert not User.objects.get(pk=invited.pk).has_usable_password()


def test_an_invited_person_cannot_log_in_before_accepting(invited, client):
    response = client.post(reverse("login"), {"username": "newcomer", "password": ""})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_project_manager_invites_a_contact_as_client_user(
    world, client, django_capture_on_commit_callbacks
):
    contact = Contact.objects.create(
        organisation=world.alpha, name="王经理", email="wang@example.com"
    )
    client.force_login(world.pm)
    url = reverse("organisation_user_invite", args=[world.alpha.pk])
    form = client.get(url).content.decode()
    assert "王经理" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"contact": contact.pk, "username": "wang"})
    assert response.status_code == 302
    user = User.objects.get(username="wang")
    assert (user.role, user.organisation, user.email) == (
        Role.CLIENT,
        world.alpha,
        "wang@example.com",
    )
    assert mail.outbox[0].to == ["wang@example.com"]
    entry = AuditEntry.objects.get(action="greencert.account.invited", object_id=str(user.pk))
    assert (entry.actor, entry.organisation) == (world.pm, world.alpha)
    # The new client user sets a password and reaches their organisation.
    client.logout()
    _accept(client, link_in(mail.outbox[0].body))
    assert client.get(reverse("organisation_detail", args=[world.alpha.pk])).status_code == 200


def test_a_taken_user_name_is_refused_on_its_field(world, client):
    client.force_login(world.admin)
    response = client.post(
        reverse("account_invite"),
        {"username": "Leader", "display_name": "X", "email": "x@example.com", "role": "auditor"},
    )
    assert response.status_code == 200
    assert "用户名已被使用" in response.content.decode()
    assert not User.objects.filter(email="x@example.com").exists()
