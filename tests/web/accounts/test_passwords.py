"""Password change and reset with Django's own views, in Chinese, recorded in the trail."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from greencert.web import settings as product
from greencert.web.accounts.models import User
from greencert.web.audit.models import AuditEntry
from tests.web.accounts.support import link_in
from tests.web.conftest import PASSWORD

NEW_PASSWORD = "Poyang-lake-heron-77"


def test_a_person_changes_their_password(world, client):
    client.force_login(world.auditor_off)
    page = client.get(reverse("password_change")).content.decode()
    assert "修改密码" in page
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.auditor_off.pk).check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(
        action="greencert.account.password_changed", actor=world.auditor_off
    ).exists()


def test_a_forgotten_password_is_reset_by_e_mail(world, client):
    world.auditor_off.email = "li@example.com"
    world.auditor_off.save()
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "li@example.com"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert "邮件" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    link = link_in(message.body)
    form_url = client.get(link)["Location"]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("password_reset_complete")
    assert User.objects.get(pk=world.auditor_off.pk).check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="greencert.account.password_reset").count() == 1
    # The link works once.
    assert "链接已失效" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_sends_nothing_and_says_the_same(world, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_product_hashes_with_argon2_and_refuses_common_passwords():
    assert product.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    names = [v["NAME"].rsplit(".", 1)[1] for v in product.AUTH_PASSWORD_VALIDATORS]
    assert "CommonPasswordValidator" in names
