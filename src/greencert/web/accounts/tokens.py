"""The link in an invitation: Django's password-reset tokens, with their own salt and lifetime.

The token is an HMAC (Django's ``salted_hmac``) of the account's state, which
includes its password field and whether it is active: setting the password on
acceptance (or sending a new invitation, which draws a new unusable password, or
deactivating the account) invalidates every link made before, so each link
works once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "greencert.web.accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # Deactivating the invited person voids the link too.
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user, token) -> bool:
        """As Django's, but valid for ``INVITATION_VALID_HOURS`` rather than the reset timeout."""
        if not (user and token):
            return False
        try:
            made = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - made > settings.INVITATION_VALID_HOURS * 3600:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, made, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()
