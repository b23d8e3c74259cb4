"""Who may open or post to every page of nonconformities, frozen results, review and decision
— pretix style: each case states the personas that may; every other persona gets 404 and an
anonymous visitor is sent to log in.  Then the project-page panel: which links each sees.

``leader`` and ``evaluator`` are alpha's project team; ``auditor_off`` is on no team;
``client`` belongs to alpha, ``beta_client`` to beta.  Each case runs on a project
brought to the stage its page needs (``Stage``), so that a permitted write succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from greencert.core.assessment_input import Reference
from greencert.web.certification.models import Nonconformity, NonconformityFile
from greencert.web.certification.services import nonconformities as nc_services
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from tests.web.certification.conftest import fill_sheets
from tests.web.certification.findings_support import (
    LATER,
    answer_nc,
    complete,
    grant,
    raise_nc,
    recommend,
)
from tests.web.matrix import (
    PERSONAS,
    Writes,
    assert_outcome,
    get_reading_only,
    post_checked,
    writes,
)

TEAM = {"leader", "evaluator"}
ALPHA_STAFF = {"admin", "pm", "leader", "evaluator", "reviewer", "decider"}
SEE_ALPHA = ALPHA_STAFF | {"client"}
SEE_BETA = {"admin", "pm", "reviewer", "decider", "beta_client"}
REVIEWERS = {"admin", "reviewer"}
DECIDERS = {"admin", "decider"}


@dataclass
class Stage:
    """The objects the pages act on, at the stage a case needs."""

    open_nc: Nonconformity | None = None  # NC1: open, for the client's answer
    answered_nc: Nonconformity | None = None  # NC2: answered, for the team's steps
    beta_nc: Nonconformity | None = None
    answer_file: NonconformityFile | None = None  # a file of NC3's answer


def _open(world) -> Stage:
    """alpha's project in progress with NC1 open and NC2 answered; one NC on beta's project."""
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    fill_sheets(world.project, world.leader)
    open_nc = raise_nc(world)
    answered = answer_nc(world, raise_nc(world, ref="clause:4.1"))
    beta_nc = nc_services.raise_nonconformity(
        actor=world.pm,
        project=world.beta_project,
        ref=Reference("clause", "1.1"),
        severity="minor",
        description="x",
        evidence="y",
    )
    return Stage(open_nc, answered, beta_nc)


def _answered_with_file(world) -> Stage:
    """As _open, and NC3 answered by the client with a PDF."""
    stage = _open(world)
    nc = raise_nc(world, ref="clause:6.2")
    pdf = SimpleUploadedFile("演练记录.pdf", b"%PDF-1.7\n1 0 obj\n")
    nc_services.answer(
        actor=world.client,
        nc=nc,
        correction="已整改",
        root_cause="职责不清",
        action_plan="明确职责",
        due_date=LATER,
        files=[pdf],
    )
    stage.answer_file = nc.files.get()
    return stage


def _complete(world) -> Stage:
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    fill_sheets(world.project, world.leader)
    complete(world)
    return Stage()


def _under_review(world) -> Stage:
    stage = _complete(world)
    recommend(world)
    return stage


def _decided(world) -> Stage:
    stage = _under_review(world)
    grant(world)
    return stage


@dataclass
class Case:
    name: str
    args: Callable  # (world, stage) -> list
    allowed: set[str]
    stage: Callable = _open
    method: str = "get"
    data: dict | None = None
    effect: Writes | None = None  # what an allowed POST changes

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.name} [{self.stage.__name__.strip('_')}]"


P = lambda w, s: [w.project.pk]  # noqa: E731
OPEN_NC = lambda w, s: [w.project.pk, s.open_nc.pk]  # noqa: E731
ANSWERED_NC = lambda w, s: [w.project.pk, s.answered_nc.pk]  # noqa: E731

CASES = [
    # Nonconformities: everyone who sees the project reads them; the team raises and handles
    # them; the organisation's client user answers.
    Case("nonconformity_list", P, SEE_ALPHA),
    Case("nonconformity_list", lambda w, s: [w.beta_project.pk], SEE_BETA),
    Case("nonconformity_create", P, TEAM),
    Case(
        "nonconformity_create",
        P,
        TEAM,
        method="post",
        data={
            "reference": "clause:6.2",
            "severity": "major",
            "description": "无内审",
            "evidence": "无记录",
        },
        effect=writes("certification.Nonconformity", audit="greencert.nonconformity.raised"),
    ),
    Case("nonconformity_detail", OPEN_NC, SEE_ALPHA),
    # Another project's nonconformity under alpha's address: not found, even for managers.
    Case("nonconformity_detail", lambda w, s: [w.project.pk, s.beta_nc.pk], set()),
    Case(
        "nonconformity_answer",
        OPEN_NC,
        {"client"},
        method="post",
        data={
            "correction": "已整改",
            "root_cause": "职责不清",
            "action_plan": "明确职责",
            "due_date": LATER.isoformat(),
        },
        effect=writes("certification.Nonconformity", audit="greencert.nonconformity.answered"),
    ),
    # The files of a client's answer: everyone who sees the nonconformity (the team verifies
    # with them; the downloads' content is checked in test_nonconformity_files).
    Case(
        "nonconformity_file",
        lambda w, s: [w.project.pk, s.answer_file.nonconformity_id, s.answer_file.pk],
        SEE_ALPHA,
        _answered_with_file,
    ),
    Case(
        "nonconformity_review",
        ANSWERED_NC,
        TEAM,
        method="post",
        data={"decision": "accept"},
        effect=writes("certification.Nonconformity", audit="greencert.nonconformity.plan_accepted"),
    ),
    Case(
        "nonconformity_review",
        ANSWERED_NC,
        TEAM,
        method="post",
        data={"decision": "return", "comment": "计划不具体"},
        effect=writes("certification.Nonconformity", audit="greencert.nonconformity.returned"),
    ),
    Case(
        "nonconformity_close",
        ANSWERED_NC,
        TEAM,
        method="post",
        data={"verification": "已验证"},
        effect=writes("certification.Nonconformity", audit="greencert.nonconformity.closed"),
    ),
    # Frozen results: staff who see the project; clients wait for the decision.
    Case("snapshot_list", P, ALPHA_STAFF, _complete),
    Case("snapshot_detail", lambda w, s: [w.project.pk, 1], ALPHA_STAFF, _complete),
    # Technical review: reviewers and administrators.
    Case("project_review", P, REVIEWERS, _complete),
    Case(
        "project_review",
        P,
        REVIEWERS,
        _complete,
        method="post",
        data={"outcome": "recommend", "comment": "资料完整"},
        effect=writes(
            "certification.Review", "projects.Project", audit="greencert.review.recorded"
        ),
    ),
    # Decision: decision makers and administrators; the decision's page: staff who see it.
    Case("project_decision", P, DECIDERS, _under_review),
    Case(
        "project_decision",
        P,
        DECIDERS,
        _under_review,
        method="post",
        data={"outcome": "grant", "grade": "AAAA", "decided_on": "2026-06-01"},
        effect=writes(
            "certification.Decision",
            "certification.AwaitingCertificate",  # a grant waits for its certificate
            "certification.ResultFigures",  # the grade granted, kept for the insights
            "projects.Project",
            audit="greencert.decision.made",
        ),
    ),
    Case("decision_detail", lambda w, s: [w.project.pk, 1], ALPHA_STAFF, _decided),
]


def _request(http, case: Case, world, *, allowed: bool):
    stage = case.stage(world)
    target = reverse(case.name, args=case.args(world, stage))
    if case.method == "post":
        return post_checked(http, target, case.data, allowed=allowed, effect=case.effect)
    return get_reading_only(http, target)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_who_may_open_what(case, persona, world, client):
    client.force_login(world.users()[persona])
    allowed = persona in case.allowed
    response = _request(client, case, world, allowed=allowed)
    assert_outcome(client, response, allowed=allowed, method=case.method)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_visitors_are_sent_to_log_in(case, world, client):
    response = _request(client, case, world, allowed=False)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# ------------------------------------------------------------------ the project panel


def panel(world, persona: str) -> str:
    request = RequestFactory().get("/")
    request.user = world.users()[persona]
    world.project.refresh_from_db()
    with translation.override("en"):
        return render_to_string(
            "certification/_project_panel.html", {"project": world.project}, request=request
        )


def links(html: str, world) -> set[str]:
    """Which of the action links (by their target) the panel offers."""
    pk = world.project.pk
    targets = {
        "raise": f'href="/projects/{pk}/nonconformities/new/"',
        "answer": "#answer",
        "accept or return": "#review",
        "close": "#close",
        "review": f'href="/projects/{pk}/review/"',
        "decide": f'href="/projects/{pk}/decision/"',
    }
    return {name for name, target in targets.items() if target in html}


PANEL_OPEN = {
    # NC1 is open (the client answers it), NC2 answered (the team accepts, returns or closes it).
    "admin": set(),
    "pm": set(),
    "leader": {"raise", "accept or return", "close"},
    "evaluator": {"raise", "accept or return", "close"},
    "reviewer": set(),
    "decider": set(),
    "client": {"answer"},
}


@pytest.mark.parametrize("persona", sorted(PANEL_OPEN))
def test_panel_links_while_the_assessment_is_open(world, persona):
    stage = _open(world)
    html = panel(world, persona)
    assert links(html, world) == PANEL_OPEN[persona]
    # Everyone who sees the project sees both nonconformities and their state.
    assert f'/nonconformities/{stage.open_nc.pk}/"' in html
    assert "Open: awaiting the client&#x27;s answer" in html
    assert "Answered: awaiting the auditor" in html
    # The frozen results, reviews and decisions are for staff only.
    assert ("Frozen results" in html) is (persona != "client")


@pytest.mark.parametrize(
    "stage, persona, expected",
    [
        (_complete, "reviewer", {"review"}),
        (_complete, "admin", {"review"}),
        (_complete, "decider", set()),
        (_complete, "leader", set()),  # the evaluation is closed: no more raising
        (_under_review, "decider", {"decide"}),
        (_under_review, "admin", {"decide"}),
        (_under_review, "reviewer", set()),
        (_decided, "decider", set()),
        (_decided, "admin", set()),
    ],
)
def test_panel_links_after_the_evaluation(world, stage, persona, expected):
    stage(world)
    html = panel(world, persona)
    assert links(html, world) == expected
    assert f'href="/projects/{world.project.pk}/snapshots/1/"' in html


def test_panel_lists_the_decision_for_staff(world):
    _decided(world)
    html = panel(world, "pm")
    assert f'href="/projects/{world.project.pk}/decisions/1/"' in html
    assert "Grant certification AAAA" in html
