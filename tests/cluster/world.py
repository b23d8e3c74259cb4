"""The cluster's data: the demo's world (``greencert demo``'s loader) and an open survey, made
in this process with the nodes' settings before the nodes start.  The checks read the
database here too, with the same settings, to see what the pages acknowledged."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

import django

# The demo's auditor leads every demo project and needs no second factor.
AUDITOR = "auditor"


@dataclass(frozen=True)
class World:
    logins: list[tuple[str, str, str, str]]  # role, user name, password, TOTP secret
    survey_token: str
    survey_id: int
    project_id: int
    certificate_number: str

    def password(self, username: str) -> str:
        return next(row[2] for row in self.logins if row[1] == username)


def setup(env: dict[str, str], data_dir: Path) -> None:
    """Django in this process with *env* (the nodes' settings) and a data folder of its own."""
    # Warnings only: the nodes log each request, this process would log the check's own.
    os.environ.update(env | {"GREENCERT_DATA_DIR": str(data_dir), "LOG_LEVEL": "WARNING"})
    django.setup()


def seed(data_dir: Path) -> World:
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone, translation

    from greencert.web.accounts.models import User
    from greencert.web.certification.models import Certificate
    from greencert.web.demo import load_demo
    from greencert.web.projects.models import Project
    from greencert.web.surveys import services

    call_command("migrate", verbosity=0)
    with translation.override(settings.LANGUAGE_CODE):
        logins = load_demo(data_dir)
    project = (
        Project.objects.filter(
            state=Project.State.IN_PROGRESS, assessment__evaluations__isnull=False
        )
        .distinct()
        .order_by("pk")
        .first()
    )
    today = timezone.localdate()
    survey = services.open_survey(
        actor=User.objects.get(username="pm"),
        project=project,
        site=project.sites.order_by("pk").first(),
        opens_on=today,
        closes_on=today + datetime.timedelta(days=30),
    )
    valid = [c for c in Certificate.objects.order_by("pk") if c.current_status(today) == "valid"]
    return World(logins, survey.token, survey.pk, project.pk, valid[0].number)


def stored_nonces(survey_id: int, nonces: list[str]) -> set[str]:
    """Which of *nonces* (the forms' one-time tokens) are stored as submissions."""
    from greencert.web.surveys.models import Submission

    found = Submission.objects.filter(survey_id=survey_id, nonce__in=nonces)
    return set(found.values_list("nonce", flat=True))


def survey_counts(survey_id: int) -> dict[str, int]:
    from greencert.web.surveys.models import Submission, SurveyResponse

    submissions = Submission.objects.filter(survey_id=survey_id)
    return {
        "submissions": submissions.count(),
        "waiting": submissions.filter(drained=False).count(),
        "responses": SurveyResponse.objects.filter(survey_id=survey_id).count(),
    }


def ticket_nonce(ticket: str) -> str:
    """The one-time token inside a form's signed ticket (the check has the nodes' key)."""
    from django.core import signing

    from greencert.web.surveys.public_form import SALT

    return signing.loads(ticket, salt=SALT)["n"]


def close_connections() -> None:
    from django.db import connections

    connections.close_all()
