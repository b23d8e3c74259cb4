"""Rules that must hold even against the order of events: impartiality remembers,
survey responses stay the customer's, one application makes one project."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.certification.models import RefusedAttempt
from greencert.web.certification.services import Refused, complaints, decisions
from greencert.web.certification.services.project_states import change_state
from greencert.web.clients.models import Application
from greencert.web.projects.errors import NotEditable
from greencert.web.projects.models import Evaluation, Project
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.sheets import delete_evaluation, save_evaluation
from greencert.web.projects.services.team import remove_team_member

SCHEME = default_scheme()

DAY = datetime.date(2026, 6, 1)


def complete(w):
    change_state(actor=w.leader, project=w.project, to=Project.State.EVALUATION_COMPLETE)
    w.project.refresh_from_db()


def test_an_administrator_who_changed_a_sheet_may_not_review_it(filled):
    w = filled
    evaluation = w.project.assessment.evaluations.get(code="E1")
    save_evaluation(
        actor=w.admin,
        assessment=w.project.assessment,
        evaluation=evaluation,
        expected_version=evaluation.version,
        header={"code": "E1", "evaluator": "审核员", "date": DAY, "source": "auditor"},
        ratings={i: Rating.of_alpha(Decimal("0.8"), SCHEME) for i in SCHEME.items},
    )
    complete(w)
    with pytest.raises(Refused):
        decisions.review(actor=w.admin, project=w.project, outcome="recommend", comment="ok")
    assert RefusedAttempt.objects.filter(user=w.admin).exists()


def test_a_team_member_removed_after_the_evaluation_may_still_not_review(filled):
    w = filled
    member = w.project.team.get(user=w.evaluator)
    remove_team_member(actor=w.pm, member=member)
    complete(w)
    with pytest.raises(Refused):
        decisions.review(actor=w.evaluator, project=w.project, outcome="recommend", comment="ok")


def test_a_survey_response_cannot_be_rewritten_or_deleted_through_the_sheets(world, client):
    from tests.web.surveys.support import answers, drained, open_survey, post, ticket

    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    survey = open_survey(world)
    levels = {item: 4 for item in default_scheme().items} | {"7.1": 5}  # 高于预期, 7.1 远高于预期
    assert post(client, survey, answers(levels, ticket_value=ticket(survey))).status_code == 303
    drained()
    evaluation = Evaluation.objects.get(assessment=world.project.assessment, source="customer")
    with pytest.raises(NotEditable):
        delete_evaluation(
            actor=world.leader, evaluation=evaluation, expected_version=evaluation.version
        )
    with pytest.raises(NotEditable):
        save_evaluation(
            actor=world.leader,
            assessment=world.project.assessment,
            evaluation=evaluation,
            expected_version=evaluation.version,
            header={"code": evaluation.code, "evaluator": "x", "date": DAY, "source": "auditor"},
            ratings={i: Rating.of_alpha(Decimal("1"), SCHEME) for i in SCHEME.items},
        )
    evaluation.refresh_from_db()
    assert evaluation.source == "customer"
    assert {r.likert for r in evaluation.ratings.all()} == {4, 5}


def test_an_application_makes_one_project_only(world, client):
    application = Application.objects.create(
        organisation=world.alpha,
        scope="绿色物业服务",
        status=Application.Status.ACCEPTED,
        reviewed_by=world.pm,
    )
    start = datetime.date(2026, 7, 1)
    project = create_project(
        actor=world.pm, organisation=world.alpha, application=application, kind="initial",
        scope="绿色物业服务", planned_start=start, planned_end=start,
    )  # fmt: skip
    client.force_login(world.pm)
    page = client.get(reverse("project_create") + f"?application={application.pk}").content.decode()
    assert project.code in page
    assert 'name="planned_start"' not in page  # no form to make a second project


def test_a_complaint_is_acknowledged_once(world):
    complaint = complaints.register(
        actor=world.pm,
        kind="complaint",
        received_on=DAY,
        complainant="顾客",
        subject="服务态度",
        project=world.project,
    )
    complaints.acknowledge(actor=world.pm, complaint=complaint, on=DAY)
    with pytest.raises(Refused):
        complaints.acknowledge(
            actor=world.pm, complaint=complaint, on=DAY + datetime.timedelta(days=1)
        )
    complaint.refresh_from_db()
    assert complaint.acknowledged_on == DAY
