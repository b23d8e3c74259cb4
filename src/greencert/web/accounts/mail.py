"""The accounts' e-mails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from greencert.web.accounts.models import User


def send_invitation_mail(user: User, link: str, invited_by: str) -> None:
    """One e-mail in Chinese, then English (the invited person has not chosen a language yet)."""
    parts, subjects = [], []
    context = {
        "user": user,
        "link": link,
        "invited_by": invited_by,
        "hours": settings.INVITATION_VALID_HOURS,
    }
    for language in ("zh-hans", "en"):
        with translation.override(language):
            subjects.append(_("Your GreenCert account"))
            parts.append(render_to_string("accounts/invitation_email.txt", context))
    send_mail(" / ".join(subjects), "\n\n".join(parts), None, [user.email])
