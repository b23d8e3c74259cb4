"""The background tasks, run in-process (Celery's eager mode, the embedded default), and the
in-process beat that runs the periodic ones when there is no broker.

A real worker and beat on Redis: tests/web/test_tasks_worker.py.
"""

from __future__ import annotations

import datetime
import io
from smtplib import SMTPServerDisconnected

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from greencert.web import periodic
from greencert.web.accounts.models import Role
from greencert.web.accounts.services import invite_person
from greencert.web.surveys.models import Submission, SurveyResponse
from greencert.web.surveys.tasks import drain_surveys
from greencert.web.tasks import app
from tests.web.surveys.support import answers, open_survey, post, ticket

pytestmark = pytest.mark.django_db


def _waiting_answers(world, count: int):
    survey = open_survey(world)
    for n in range(count):
        # A customer's phone: no login, a cookie of its own each time.
        response = post(Client(), survey, answers(ticket_value=ticket(survey)), ip=f"10.9.{n}.1")
        assert response.status_code == 303 and "/thanks/" in response["Location"]
    assert Submission.objects.filter(drained=False).count() == count
    return survey


def test_the_drain_task_turns_waiting_answers_into_responses(world):
    _waiting_answers(world, 3)
    assert drain_surveys.delay().get() == 3
    assert Submission.objects.filter(drained=False).count() == 0
    assert SurveyResponse.objects.count() == 3
    assert drain_surveys.delay().get() == 0  # run again: nothing twice


# As in the server's thread: the beat closes the connections a task leaves behind, which only
# works outside a test's own transaction (on PostgreSQL it would close that transaction).
@pytest.mark.django_db(transaction=True)
def test_the_in_process_beat_runs_what_is_due_and_only_that(world):
    _waiting_answers(world, 2)
    beat = periodic.InProcessBeat({"drain": {"task": "greencert.surveys.drain", "schedule": 60}})
    ran, wait = beat.tick()
    assert ran == [] and 0 < wait <= 60  # just started: the first run is one interval away
    assert SurveyResponse.objects.count() == 0
    beat.last_run["drain"] = timezone.now() - datetime.timedelta(seconds=61)
    ran, wait = beat.tick()
    assert ran == ["drain"]
    assert SurveyResponse.objects.count() == 2
    assert 59 <= wait <= 60
    assert beat.tick()[0] == []  # ran a moment ago: not due


@pytest.mark.django_db(transaction=True)
def test_the_in_process_beat_goes_on_after_a_failing_task(world, monkeypatch, caplog):
    calls = []

    def failing():
        calls.append(1)
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(app.tasks["greencert.surveys.drain"], "run", failing)
    beat = periodic.InProcessBeat({"drain": {"task": "greencert.surveys.drain", "schedule": 1}})
    beat.last_run["drain"] = timezone.now() - datetime.timedelta(seconds=5)
    ran, _wait = beat.tick()
    assert ran == ["drain"] and calls == [1]
    assert "periodic task greencert.surveys.drain failed" in caplog.text


def test_the_schedule_names_tasks_that_exist():
    app.autodiscover_tasks(force=True)
    from django.conf import settings

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_no_beat_thread_with_a_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert periodic.start_if_eager() is None


def test_a_beat_thread_without_a_broker(settings):
    beat = periodic.start_if_eager()
    try:
        assert beat is not None and not beat._stop.is_set()
    finally:
        beat.stop()


def test_the_invitation_mail_is_sent_by_its_task_after_the_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite_person(
            actor=world.admin,
            username="wang",
            email="wang@example.com",
            display_name="王芳",
            role=Role.AUDITOR,
        )
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [["wang@example.com"]]
    assert "/accounts/invitation/" in mailoutbox[0].body or "http" in mailoutbox[0].body


def test_a_mail_server_that_drops_the_line_is_tried_again(
    world, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    """The task retries on a connection error: after a back-off on a worker; here, where the
    retry runs at once, with failures kept in the result instead of raised (as on a worker)."""
    from django.core.mail.backends.locmem import EmailBackend

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    real = EmailBackend.send_messages
    failures = []

    def flaky(self, messages):
        if not failures:
            failures.append(1)
            raise SMTPServerDisconnected("connection unexpectedly closed")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(
            actor=world.admin,
            username="li",
            email="li@example.com",
            display_name="李华",
            role=Role.AUDITOR,
        )
    assert failures == [1]
    assert [m.to for m in mailoutbox] == [["li@example.com"]]


def test_the_worker_command_refuses_to_start_without_a_broker(capsys):
    from greencert.cli.main import main

    assert main(["worker"]) == 2
    err = capsys.readouterr().err
    assert "REDIS_URL" in err


def test_the_drain_command_still_works(world):
    _waiting_answers(world, 1)
    call_command("drain_surveys", stdout=io.StringIO())
    assert SurveyResponse.objects.count() == 1
