"""Who may open each sheet page (pretix style: every view × every persona).

A project's official sheets: its team (leader, evaluator) and administrators
edit; other staff who see the project (project manager, reviewer, decision
maker) may look at the sheets but not change them; auditors off the team
and clients get 404.  The self-assessment pages are the client's own: other
staff and clients of other organisations get 404.  Anonymous people are
sent to log in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from greencert.web.projects.models import Evaluation, Evidence
from greencert.web.projects.services.self_assessment import ensure_self_assessment
from greencert.web.projects.urls import sheets
from tests.web.matrix import get_reading_only
from tests.web.sheet_helpers import add_evaluation, browser

PERSONAS = [
    "anonymous",
    "admin",
    "pm",
    "leader",
    "evaluator",
    "auditor_off",
    "reviewer",
    "decider",
    "client",
    "beta_client",
]
EDITORS = {"admin", "leader", "evaluator"}
VIEWERS = EDITORS | {"pm", "reviewer", "decider"}
CLIENTS = {"client", "beta_client"}


@dataclass
class Objects:
    project: int
    evaluation: int
    evidence: int
    beta_evaluation: int
    self_evaluation: int
    self_evidence: int


def _evidence(assessment, user, **target) -> Evidence:
    return Evidence.objects.create(
        assessment=assessment,
        file=ContentFile(b"evidence", name="e.txt"),
        original_name="e.txt",
        uploaded_by=user,
        **target,
    )


@pytest.fixture
def objects(world) -> Objects:
    official = world.project.assessment
    evaluation = add_evaluation(official, world.leader)
    beta_evaluation = add_evaluation(world.beta_project.assessment, world.admin)
    own = ensure_self_assessment(organisation=world.alpha)
    self_evaluation = add_evaluation(own, world.client, source="self")
    return Objects(
        project=world.project.pk,
        evaluation=evaluation.pk,
        evidence=_evidence(official, world.leader, evaluation=evaluation, item_id="1.1").pk,
        beta_evaluation=beta_evaluation.pk,
        self_evaluation=self_evaluation.pk,
        self_evidence=_evidence(own, world.client, clause_id="4.1").pk,
    )


def everyone(status):
    return dict.fromkeys(PERSONAS[1:], status)


# (url name, arguments from the objects, method, {persona: status}); anyone else: 404.
CASES = [
    ("evaluation_create", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 200)),
    ("evaluation_create", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200)),
    ("evaluation_preview", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200)),
    ("evaluation_preview", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 405)),
    ("evaluation_edit", lambda o: (o.project, o.evaluation), "get", dict.fromkeys(VIEWERS, 200)),
    ("evaluation_edit", lambda o: (o.project, o.evaluation), "post", dict.fromkeys(EDITORS, 200)),
    # Another project's evaluation under this project's URL: nobody finds it.
    ("evaluation_edit", lambda o: (o.project, o.beta_evaluation), "get", {}),
    ("evaluation_edit", lambda o: (o.project, o.self_evaluation), "get", {}),
    # No version posted: a bad request for those who may delete.
    ("evaluation_delete", lambda o: (o.project, o.evaluation), "post", dict.fromkeys(EDITORS, 400)),
    ("evaluation_delete", lambda o: (o.project, o.evaluation), "get", dict.fromkeys(EDITORS, 405)),
    ("maturity_edit", lambda o: (o.project,), "get", dict.fromkeys(VIEWERS, 200)),
    ("maturity_edit", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200)),
    ("maturity_preview", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200)),
    ("evaluation_import", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 200)),
    ("evaluation_import", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200)),
    ("evaluation_template", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 200)),
    ("evidence_download", lambda o: (o.project, o.evidence), "get", dict.fromkeys(VIEWERS, 200)),
    ("evidence_download", lambda o: (o.project, o.self_evidence), "get", {}),
    ("self_assessment", lambda o: (), "get", dict.fromkeys(CLIENTS, 200)),
    ("self_evaluation_create", lambda o: (), "get", dict.fromkeys(CLIENTS, 200)),
    ("self_evaluation_create", lambda o: (), "post", dict.fromkeys(CLIENTS, 200)),
    ("self_evaluation_preview", lambda o: (), "post", dict.fromkeys(CLIENTS, 200)),
    ("self_evaluation_edit", lambda o: (o.self_evaluation,), "get", {"client": 200}),
    ("self_evaluation_edit", lambda o: (o.self_evaluation,), "post", {"client": 200}),
    ("self_evaluation_edit", lambda o: (o.evaluation,), "get", {}),
    ("self_evaluation_delete", lambda o: (o.self_evaluation,), "post", {"client": 400}),
    ("self_maturity_edit", lambda o: (), "get", dict.fromkeys(CLIENTS, 200)),
    ("self_maturity_edit", lambda o: (), "post", dict.fromkeys(CLIENTS, 200)),
    ("self_maturity_preview", lambda o: (), "post", dict.fromkeys(CLIENTS, 200)),
    ("self_evidence_download", lambda o: (o.self_evidence,), "get", {"client": 200}),
    ("self_evidence_download", lambda o: (o.evidence,), "get", {}),
]


def _id(case) -> str:
    name, _, method, allowed = case
    return f"{method.upper()} {name} → {','.join(sorted(allowed)) or 'nobody'}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_who_may_open_the_sheet_pages(world, objects, case):
    name, args, method, allowed = case
    url = reverse(name, args=args(objects))
    users = world.users()
    seen, expected = {}, {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            browser(client, users[persona])
        response = (
            get_reading_only(client, url) if method == "get" else getattr(client, method)(url, {})
        )
        seen[persona] = response.status_code
        expected[persona] = 302 if persona == "anonymous" else allowed.get(persona, 404)
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("login"))
    assert seen == expected


def test_every_sheet_view_is_in_the_matrix():
    names = {p.name for p in sheets.urlpatterns}
    assert names == {case[0] for case in CASES}


def test_nobody_else_changes_a_sheet_through_a_forbidden_post(world, objects):
    """A refused POST leaves the sheet as it was (the 404 comes before any write)."""
    url = reverse("evaluation_delete", args=(objects.project, objects.evaluation))
    for persona in ("pm", "reviewer", "decider", "auditor_off", "client", "beta_client"):
        client = browser(Client(), world.users()[persona])
        assert client.post(url, {"version": "0"}).status_code == 404
    assert Evaluation.objects.filter(pk=objects.evaluation).exists()
