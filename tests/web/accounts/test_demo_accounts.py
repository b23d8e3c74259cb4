"""``greencert demo``: the accounts that need a second factor come enrolled, and their
TOTP secret is returned (and printed) beside the password."""

from __future__ import annotations

import base64

from django_otp.oath import TOTP

from greencert.web.accounts import second_factor
from greencert.web.accounts.models import User
from greencert.web.demo import load_demo


def test_the_demo_enrols_the_roles_that_need_a_second_factor(db, tmp_path, settings):
    settings.SECOND_FACTOR_ROLES = ["admin", "technical_reviewer", "decision_maker"]
    logins = {row[1]: row for row in load_demo(tmp_path)}
    assert {name for name, row in logins.items() if row[3]} == {"admin", "reviewer", "decider"}
    secret = logins["admin"][3]
    # The printed secret is the one an authenticator app turns into the codes the site accepts.
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    assert second_factor.match(User.objects.get(username="admin"), code) is not None
    assert load_demo(tmp_path) == list(logins.values())  # loaded once, read back the same
