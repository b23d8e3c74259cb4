"""The assignment check (ISO/IEC 17065 §6.1, §4.2): a person joins an audit team only with a
qualification covering the scheme, and a signed impartiality declaration, both valid over the
audit's dates, and no declared conflict of interest with the organisation overlapping them.

alpha's project is planned 2026-05-10 – 2026-05-13 (tests/web/conftest.py).
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from greencert.core.exceptions import InputError
from greencert.web.accounts.models import Qualification, Role
from greencert.web.clients.conflicts import declare_conflict
from greencert.web.projects.models import TeamMember
from greencert.web.projects.services.projects import update_project
from greencert.web.projects.services.team import add_team_member
from tests.web.conftest import PASSWORD, make_user, qualify
from tests.web.projects_support import english, text

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def newcomer(world):
    """An auditor with no qualification and no declaration yet."""
    person = make_user("newcomer", Role.AUDITOR)
    person.qualifications.all().delete()
    person.impartiality_declarations.all().delete()
    return person


def _add(world, person, role="evaluator"):
    return add_team_member(actor=world.pm, project=world.project, user=person, role=role)


def _refusals(world, person, role="evaluator") -> list[str]:
    with translation.override("en"), pytest.raises(InputError) as refused:
        _add(world, person, role)
    assert not world.project.team.filter(user=person).exists()
    return [p.message for p in refused.value.problems]


def test_a_qualification_valid_over_the_audit_lets_the_person_join(world, newcomer):
    qualify(newcomer, valid_from=D(2026, 5, 10), valid_until=D(2026, 5, 13))
    member = _add(world, newcomer)
    assert member.role == TeamMember.Role.EVALUATOR


def test_an_expired_qualification_is_refused_naming_the_person_and_the_dates(
    world, newcomer, client
):
    # Declared impartial over the audit, but qualified only until the day before it ends.
    qualify(newcomer, valid_from=D(2023, 5, 14), valid_until=D(2026, 5, 12))
    english(client).login(username="pm", password=PASSWORD)
    url = reverse("project_team", args=[world.project.pk])
    response = client.post(url, {"action": "add", "user": newcomer.pk, "role": "evaluator"})
    assert response.status_code == 200
    assert (
        "Newcomer's qualification 2020-GC-" in text(response)
        and "is valid from 2023-05-14 to 2026-05-12: it does not cover the audit from "
        "2026-05-10 to 2026-05-13 (ISO/IEC 17065 §6.1)."
        in text(response)
    )
    assert not world.project.team.filter(user=newcomer).exists()


def test_the_refusal_reads_in_chinese(world, newcomer, client):
    qualify(newcomer, valid_from=D(2023, 5, 14), valid_until=D(2026, 5, 12))
    client.login(username="pm", password=PASSWORD)
    url = reverse("project_team", args=[world.project.pk])
    response = client.post(url, {"action": "add", "user": newcomer.pk, "role": "evaluator"})
    assert "有效期为 2023-05-14 至 2026-05-12，未覆盖 2026-05-10 至 2026-05-13 的审核" in text(
        response
    )


def test_a_declared_conflict_overlapping_the_audit_is_refused(world):
    declare_conflict(
        actor=world.admin,
        person=world.auditor_off,
        organisation=world.alpha,
        declared_on=D(2025, 1, 1),
        ends_on=D(2026, 5, 10),  # its last day is the audit's first
        reason="曾为该组织提供咨询",
    )
    assert _refusals(world, world.auditor_off) == [
        "Auditor_Off declared a conflict of interest with 绿源服务有限公司 from 2025-01-01 to "
        "2026-05-10, which overlaps the audit from 2026-05-10 to 2026-05-13 (ISO/IEC 17065 §4.2)."
    ]


def test_a_conflict_with_another_organisation_or_ended_before_does_not_refuse(world):
    declare_conflict(
        actor=world.admin,
        person=world.auditor_off,
        organisation=world.beta,
        declared_on=D(2025, 1, 1),
        reason="亲属任职",
    )
    declare_conflict(
        actor=world.admin,
        person=world.auditor_off,
        organisation=world.alpha,
        declared_on=D(2024, 1, 1),
        ends_on=D(2026, 5, 9),
        reason="曾为该组织提供咨询",
    )
    assert _add(world, world.auditor_off).user == world.auditor_off


def test_an_open_ended_conflict_is_refused(world):
    declare_conflict(
        actor=world.admin,
        person=world.auditor_off,
        organisation=world.alpha,
        declared_on=D(2026, 5, 13),
        reason="配偶在该组织任职",
    )
    (message,) = _refusals(world, world.auditor_off)
    assert "from 2026-05-13 with no end" in message


def test_without_an_impartiality_declaration_the_person_is_refused(world, newcomer):
    qualify(newcomer, declared=False)
    assert _refusals(world, newcomer) == [
        "Newcomer has no signed impartiality declaration valid from 2026-05-10 to 2026-05-13 "
        "(ISO/IEC 17065 §4.2)."
    ]


def test_a_qualification_for_another_scheme_is_refused(world, newcomer):
    qualify(newcomer).delete()
    Qualification.objects.create(
        person=newcomer,
        kind="auditor",
        registration_number="Q-9",
        valid_from=D(2020, 1, 1),
        valid_until=D(2030, 1, 1),
        schemes="CTS TBSC099",
    )
    assert _refusals(world, newcomer) == [
        "Newcomer holds no qualification for the scheme CTS TBSC041-2026 B/0 valid on the audit "
        "from 2026-05-10 to 2026-05-13 (ISO/IEC 17065 §6.1)."
    ]


def test_a_technical_expert_may_join_as_expert_but_not_lead(world, newcomer):
    world.project.team.filter(role="leader").delete()
    qualify(newcomer, kind=Qualification.Kind.TECHNICAL_EXPERT)
    (message,) = _refusals(world, newcomer, role="leader")
    assert "no auditor's or senior auditor's qualification" in message
    assert _add(world, newcomer, role="expert").role == "expert"


def test_the_actual_audit_dates_replace_the_planned(world, newcomer):
    """Qualified for the planned days, not for the days the audit actually took place."""
    qualify(newcomer, valid_from=D(2026, 5, 10), valid_until=D(2026, 5, 13))
    project = world.project
    update_project(
        actor=world.pm,
        project=project,
        scope=project.scope,
        planned_start=project.planned_start,
        planned_end=project.planned_end,
        audit_mode="FS01",
        audit_started_on=D(2026, 5, 12),
        audit_ended_on=D(2026, 5, 14),
    )
    project.refresh_from_db()
    qualification, declaration = _refusals(world, newcomer)
    assert "does not cover the audit from 2026-05-12 to 2026-05-14" in qualification
    assert "no signed impartiality declaration valid from 2026-05-12 to 2026-05-14" in declaration


def test_the_team_page_marks_a_member_no_longer_covered(world, client):
    """Dates moved after someone joined: the page shows it rather than hiding it."""
    world.leader.qualifications.update(valid_until=D(2026, 5, 11))
    english(client).login(username="pm", password=PASSWORD)
    page = text(client.get(reverse("project_team", args=[world.project.pk])))
    assert "none valid on the audit dates" in page
    assert "until 2035-12-31" in page  # the evaluator's still covers
