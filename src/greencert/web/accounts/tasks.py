"""The accounts app's background work: the invitation e-mail."""

from __future__ import annotations

from smtplib import SMTPException

from greencert.web.accounts.mail import send_invitation_mail
from greencert.web.accounts.models import User
from greencert.web.tasks import app


@app.task(
    name="greencert.accounts.send_invitation",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    max_retries=5,
)
def send_invitation(user_id: int, link: str, invited_by: str) -> None:
    send_invitation_mail(User.objects.get(pk=user_id), link, invited_by)
