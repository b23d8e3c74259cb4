"""Calling the API as a persona: a read-write token for each (made through the service the
account page uses), and requests that send it."""

from __future__ import annotations

import datetime
import json

from django.test import Client
from django.utils import timezone

from greencert.web.accounts.api_tokens import create_token
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.team import add_team_member

BASE = "/api/v1"


def token_for(user, *, writes: bool = True, name: str = "tests") -> str:
    expires = timezone.localdate() + datetime.timedelta(days=30)
    return create_token(actor=user, name=name, writes=writes, expires_on=expires)[1]


def call(method: str, path: str, token: str | None = None, body=None, **headers):
    """One request to the API with *token* (None: anonymous); *body* is sent as JSON."""
    http = Client()
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    send = getattr(http, method.lower())
    if body is None:
        return send(f"{BASE}{path}", **headers)
    return send(f"{BASE}{path}", json.dumps(body), content_type="application/json", **headers)


def planned_project(world) -> Project:
    """A second planned project of alpha with the same team (the first may be decided)."""
    start = datetime.date(2026, 5, 20)
    project = create_project(
        actor=world.pm,
        organisation=world.alpha,
        kind=Project.Kind.INITIAL,
        scope="绿色物业服务",
        planned_start=start,
        planned_end=start + datetime.timedelta(days=2),
        sites=[world.site],
        services=[world.service],
    )
    add_team_member(actor=world.pm, project=project, user=world.leader, role=TeamMember.Role.LEADER)
    add_team_member(
        actor=world.pm, project=project, user=world.evaluator, role=TeamMember.Role.EVALUATOR
    )
    return project
