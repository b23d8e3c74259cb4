"""Reminder mails leave outside any transaction, and a failed one is tried again next run.

On SQLite a transaction holds the whole database's write lock from its start
(IMMEDIATE), so a mail server taking seconds must never be called inside one.
Transactional test: the test itself is not wrapped in a transaction, so
``in_atomic_block`` tells what the service did.
"""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.db import connection
from django.utils import timezone

from greencert.core.assessment_input import Reference
from greencert.web.certification.models import Nonconformity
from greencert.web.certification.services import nonconformities, notifications
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from tests.web.certification.conftest import fill_sheets

pytestmark = pytest.mark.django_db(transaction=True)


def due_nonconformity(w) -> Nonconformity:
    """A minor nonconformity with an accepted plan due in 3 days (within the 7 days' notice)."""
    w.client.email = "quality@lvyuan.example"
    w.client.save()
    change_state(actor=w.pm, project=w.project, to=Project.State.IN_PROGRESS)
    fill_sheets(w.project, w.leader)
    nc = nonconformities.raise_nonconformity(
        actor=w.leader,
        project=w.project,
        ref=Reference("clause", "6.2"),
        severity="minor",
        description="内审未覆盖全部部门",
        evidence="2026 年内审计划",
    )
    nonconformities.answer(
        actor=w.client,
        nc=nc,
        correction="补充内审",
        root_cause="计划遗漏",
        action_plan="修订内审计划",
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    nonconformities.accept_plan(actor=w.leader, nc=nc)
    return nc


def test_the_mail_is_sent_outside_a_transaction_and_marked_once(world, monkeypatch):
    nc = due_nonconformity(world)
    seen = []
    monkeypatch.setattr(
        notifications,
        "send_mail",
        lambda *args: seen.append(connection.in_atomic_block) or 1,
    )
    today = timezone.localdate()
    assert notifications.send_reminders(today)["corrective_actions"] == 1
    assert seen == [False]  # one recipient, mailed with no transaction open
    nc.refresh_from_db()
    assert nc.due_reminder_sent == today
    assert notifications.send_reminders(today)["corrective_actions"] == 0  # sent once


def test_a_mail_that_fails_is_not_marked_sent(world, monkeypatch):
    nc = due_nonconformity(world)

    def refuse(*args):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notifications.send_reminders(timezone.localdate())
    nc.refresh_from_db()
    assert nc.due_reminder_sent is None  # tried again at the next run
