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

from greencert.web.accounts.models import Role
from greencert.web.clients.models import Organisation
from greencert.web.projects.models import Assessment, Evaluation, Evidence
from greencert.web.projects.services.self_assessment import ensure_self_assessment
from greencert.web.projects.urls import sheets
from tests.web import matrix
from tests.web.conftest import make_user
from tests.web.fingerprint import changed_tables, fingerprint
from tests.web.matrix import NOTHING, get_reading_only, post_checked, undone, writes
from tests.web.sheet_helpers import ITEMS, add_evaluation, browser, maturity, sheet
from tests.web.test_import import workbook

PERSONAS = ["anonymous", *matrix.PERSONAS]
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
    # beta's too, so that a client's first write stores the same tables as any other
    # (test_a_self_assessment_is_stored_by_the_first_write_only covers the first one).
    ensure_self_assessment(organisation=world.beta)
    self_evaluation = add_evaluation(own, world.client, source="self")
    return Objects(
        project=world.project.pk,
        evaluation=evaluation.pk,
        evidence=_evidence(official, world.leader, evaluation=evaluation, item_id="1.1").pk,
        beta_evaluation=beta_evaluation.pk,
        self_evaluation=self_evaluation.pk,
        self_evidence=_evidence(own, world.client, clause_id="4.1").pk,
    )


# What an allowed POST changes: an evaluation sheet, the maturity sheet, a deletion.
EVALUATION_CREATED = writes(
    "projects.Evaluation", "projects.ItemRating", audit="greencert.evaluation.created"
)
EVALUATION_CHANGED = writes(
    "projects.Evaluation", "projects.ItemRating", audit="greencert.evaluation.changed"
)
# The evaluation's evidence goes with it.
EVALUATION_DELETED = writes(
    "projects.Evaluation",
    "projects.ItemRating",
    "projects.Evidence",
    audit="greencert.evaluation.deleted",
)
SELF_EVALUATION_DELETED = writes(
    "projects.Evaluation", "projects.ItemRating", audit="greencert.evaluation.deleted"
)
MATURITY_CHANGED = writes(
    "projects.Assessment", "projects.ClauseRating", audit="greencert.maturity.changed"
)

SHEET = lambda o: sheet(every="0.8", code="N1")  # noqa: E731
SELF_SHEET = lambda o: sheet(every="0.8", code="N1", source="self")  # noqa: E731
EDITED = lambda o: sheet(every="0.7", version="0")  # noqa: E731
SELF_EDITED = lambda o: sheet(every="0.7", version="0", source="self")  # noqa: E731
VERSION_0 = lambda o: {"version": "0"}  # noqa: E731
LEVELS = lambda o: maturity(every=3)  # noqa: E731
EMPTY = lambda o: {}  # noqa: E731
WORKBOOK = lambda o: {"file": workbook({"E1": {"id": "W1", "alpha": dict.fromkeys(ITEMS, 1)}})}  # noqa: E731

# (url name, arguments from the objects, method, {persona: status}, POST data, what an
# allowed POST changes); anyone else: 404.
CASES = [
    ("evaluation_create", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 200), None, None),
    ("evaluation_create", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 302), SHEET, EVALUATION_CREATED),
    ("evaluation_preview", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200), SHEET, NOTHING),
    ("evaluation_preview", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 405), None, None),
    ("evaluation_edit", lambda o: (o.project, o.evaluation), "get", dict.fromkeys(VIEWERS, 200), None, None),
    ("evaluation_edit", lambda o: (o.project, o.evaluation), "post", dict.fromkeys(EDITORS, 302), EDITED, EVALUATION_CHANGED),
    # Another project's evaluation under this project's URL: nobody finds it.
    ("evaluation_edit", lambda o: (o.project, o.beta_evaluation), "get", {}, None, None),
    ("evaluation_edit", lambda o: (o.project, o.self_evaluation), "get", {}, None, None),
    ("evaluation_delete", lambda o: (o.project, o.evaluation), "post", dict.fromkeys(EDITORS, 302), VERSION_0, EVALUATION_DELETED),
    # No version posted: a bad request for those who may delete, and nothing deleted.
    ("evaluation_delete", lambda o: (o.project, o.evaluation), "post", dict.fromkeys(EDITORS, 400), EMPTY, NOTHING),
    ("evaluation_delete", lambda o: (o.project, o.evaluation), "get", dict.fromkeys(EDITORS, 405), None, None),
    ("maturity_edit", lambda o: (o.project,), "get", dict.fromkeys(VIEWERS, 200), None, None),
    ("maturity_edit", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 302), LEVELS, MATURITY_CHANGED),
    ("maturity_preview", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200), LEVELS, NOTHING),
    ("evaluation_import", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 200), None, None),
    # No workbook posted: the form again with its error, nothing stored.
    ("evaluation_import", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200), EMPTY, NOTHING),
    # A filled workbook: its preview (200) for the team, and nothing stored before the confirmation.
    ("evaluation_import", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 200), WORKBOOK, NOTHING),
    # A confirmation without a preview of this person's: refused, nothing stored.
    ("evaluation_import_confirm", lambda o: (o.project,), "post", dict.fromkeys(EDITORS, 409), EMPTY, NOTHING),
    ("evaluation_import_confirm", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 405), None, None),
    ("evaluation_template", lambda o: (o.project,), "get", dict.fromkeys(EDITORS, 200), None, None),
    ("evidence_download", lambda o: (o.project, o.evidence), "get", dict.fromkeys(VIEWERS, 200), None, None),
    ("evidence_download", lambda o: (o.project, o.self_evidence), "get", {}, None, None),
    ("self_assessment", lambda o: (), "get", dict.fromkeys(CLIENTS, 200), None, None),
    ("self_evaluation_create", lambda o: (), "get", dict.fromkeys(CLIENTS, 200), None, None),
    ("self_evaluation_create", lambda o: (), "post", dict.fromkeys(CLIENTS, 302), SELF_SHEET, EVALUATION_CREATED),
    ("self_evaluation_preview", lambda o: (), "post", dict.fromkeys(CLIENTS, 200), SELF_SHEET, NOTHING),
    ("self_evaluation_edit", lambda o: (o.self_evaluation,), "get", {"client": 200}, None, None),
    ("self_evaluation_edit", lambda o: (o.self_evaluation,), "post", {"client": 302}, SELF_EDITED, EVALUATION_CHANGED),
    ("self_evaluation_edit", lambda o: (o.evaluation,), "get", {}, None, None),
    ("self_evaluation_delete", lambda o: (o.self_evaluation,), "post", {"client": 302}, VERSION_0, SELF_EVALUATION_DELETED),
    ("self_evaluation_delete", lambda o: (o.self_evaluation,), "post", {"client": 400}, EMPTY, NOTHING),
    ("self_maturity_edit", lambda o: (), "get", dict.fromkeys(CLIENTS, 200), None, None),
    ("self_maturity_edit", lambda o: (), "post", dict.fromkeys(CLIENTS, 302), LEVELS, MATURITY_CHANGED),
    ("self_maturity_preview", lambda o: (), "post", dict.fromkeys(CLIENTS, 200), LEVELS, NOTHING),
    ("self_evidence_download", lambda o: (o.self_evidence,), "get", {"client": 200}, None, None),
    ("self_evidence_download", lambda o: (o.evidence,), "get", {}, None, None),
]  # fmt: skip


def _id(case) -> str:
    name, _, method, allowed, _, _ = case
    return f"{method.upper()} {name} → {','.join(sorted(allowed)) or 'nobody'}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_who_may_open_the_sheet_pages(world, objects, case):
    """Every persona from the same data: what one of them writes is undone for the next."""
    name, args, method, allowed, data, effect = case
    url = reverse(name, args=args(objects))
    users = world.users()
    seen, expected = {}, {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            browser(client, users[persona])
        may = persona in allowed
        with undone():
            if method == "get":
                response = get_reading_only(client, url)
            else:
                response = post_checked(client, url, data(objects), allowed=may, effect=effect)
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


def test_a_self_assessment_is_stored_by_the_first_write_only(world, objects):
    """A client whose organisation has no self-assessment yet: a preview, a form with
    errors and a refused POST store nothing — not even the empty self-assessment — and
    the first saved sheet stores it together with the sheet."""
    gamma = Organisation.objects.create(name="新客户", address="九江市", uscc="")
    client = browser(Client(), make_user("gamma_client", Role.CLIENT, gamma))
    before = fingerprint()
    assert client.post(reverse("self_evaluation_preview"), SELF_SHEET(objects)).status_code == 200
    assert client.post(reverse("self_maturity_preview"), LEVELS(objects)).status_code == 200
    bad = SELF_SHEET(objects) | {"alpha_1.1": "7"}  # α out of its range: the form again
    assert client.post(reverse("self_evaluation_create"), bad).status_code == 200
    # alpha's evaluation under another client: not found, and nothing stored on the way.
    edit = reverse("self_evaluation_edit", args=(objects.self_evaluation,))
    assert client.post(edit, SELF_EDITED(objects)).status_code == 404
    assert changed_tables(before, fingerprint()) == set()
    assert not Assessment.objects.filter(organisation=gamma, kind="self").exists()

    saved = client.post(reverse("self_evaluation_create"), SELF_SHEET(objects))
    assert saved.status_code == 302
    own = Assessment.objects.get(organisation=gamma, kind="self")
    assert list(own.evaluations.values_list("code", flat=True)) == ["N1"]
