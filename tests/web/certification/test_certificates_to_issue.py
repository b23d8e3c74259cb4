"""The certificates to issue, kept as rows by the decision and certificate services.

A grant adds its row, a refusal none; the issue removes it; a corrected decision
takes the place of the one it supersedes.  On a set mixing every case, the list
and its count are the answer of the rule they replace, computed here on its own:
every granting decision not superseded, on which no certificate stands and no
certificate was issued or reissued (set against every certificate and issue event).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from greencert.web.certification.models import (
    AwaitingCertificate,
    Certificate,
    CertificateEvent,
    Complaint,
    Decision,
)
from greencert.web.certification.selectors import certificates_to_issue
from greencert.web.certification.services import certificates, complaints, decisions
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.projects import create_project
from greencert.web.projects.services.team import add_team_member
from greencert.web.worklists.lists import counts, lists_for
from tests.web.certification.certificate_support import DAY, certify, issue, on_day

pytestmark = pytest.mark.django_db

SURVEILLANCE_DAY = datetime.date(2027, 6, 2)


def waiting() -> set[int]:
    return set(AwaitingCertificate.objects.values_list("decision_id", flat=True))


def anti_join() -> list[int]:
    """The rule the rows replace, worked out in Python from every decision, certificate and
    issue event (independent of the selector and of the rows)."""
    standing = set(Certificate.objects.values_list("decision_id", flat=True))
    issued_on = {
        event.content.get("decision")
        for event in CertificateEvent.objects.filter(kind__in=["issued", "reissued"])
    }
    superseded = set(
        Decision.objects.exclude(supersedes=None).values_list("supersedes_id", flat=True)
    )
    return [
        d.pk
        for d in Decision.objects.order_by("decided_on", "id")
        if d.outcome == "grant" and not {d.pk} & (standing | issued_on | superseded)
    ]


def test_a_grant_waits_for_its_certificate_until_it_is_issued(world):
    decision = certify(world)
    assert waiting() == {decision.pk}
    assert list(certificates_to_issue()) == [decision]
    certificates.issue_certificate(actor=world.pm, decision=decision, granted_on=DAY)
    assert waiting() == set()
    assert certificates_to_issue().count() == 0


def test_a_refusal_waits_for_nothing(world):
    decision = certify(world, outcome="refuse", reason="服务评价不足")
    assert decision.outcome == Decision.Outcome.REFUSE
    assert waiting() == set()
    assert list(certificates_to_issue()) == []


def appeal_and_grant(world, project: Project, first: Decision, decided_on: datetime.date):
    """An appeal against *first*, reviewed and decided again by the administrator (who took
    no part before): a second revision granting AAA."""
    appeal = complaints.register(
        actor=world.pm,
        kind=Complaint.Kind.APPEAL,
        received_on=first.decided_on,
        complainant="申诉人",
        subject="对评定等级有异议",
        decision=first,
    )
    decisions.review(
        actor=world.admin, project=project, outcome="recommend", comment="复核", appeal=appeal
    )
    project.refresh_from_db()
    return decisions.decide(
        actor=world.admin,
        project=project,
        outcome="grant",
        grade="AAA",
        reason="申诉复核后降级",
        decided_on=decided_on,
    )


def test_a_corrected_decision_waits_in_place_of_the_one_it_supersedes(world):
    first = certify(world)
    assert waiting() == {first.pk}
    second = appeal_and_grant(world, world.project, first, datetime.date(2026, 7, 1))
    assert second.supersedes == first
    assert waiting() == {second.pk}
    # Issuing the correction (a reissue would follow for an issued one) ends the wait.
    certificates.issue_certificate(
        actor=world.pm, decision=second, granted_on=datetime.date(2026, 7, 1)
    )
    assert waiting() == set()


def another_project(world, start: datetime.date) -> Project:
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
    return project


def mixed_set(world) -> dict[str, Decision]:
    """Every case at once, by hand:

    - issued: world.project's grant, issued; its certificate then moves on to
      - reissued: the surveillance's grant, which reissues it (so the first grant has no
        certificate standing on it, only its issue event);
    - superseded: the beta project's first grant, corrected by an appeal into
      - corrected: a second grant, not issued (waits);
    - refused: a refusal (waits for nothing);
    - granted: a grant not issued (waits).

    What waits, in the order of the decision dates: granted (2026-06-20), corrected
    (2026-07-01).
    """
    certificate = issue(world)
    made = {"issued": world.project.decisions.get()}
    made["superseded"] = certify(world, world.beta_project, decided_on=datetime.date(2026, 6, 5))
    made["corrected"] = appeal_and_grant(
        world, world.beta_project, made["superseded"], datetime.date(2026, 7, 1)
    )
    made["refused"] = certify(
        world,
        another_project(world, datetime.date(2026, 5, 20)),
        decided_on=datetime.date(2026, 6, 10),
        outcome="refuse",
        reason="服务评价不足",
    )
    made["granted"] = certify(
        world,
        another_project(world, datetime.date(2026, 5, 25)),
        decided_on=datetime.date(2026, 6, 20),
    )
    surveillance = certificates.start_follow_up(
        actor=world.pm,
        certificate=certificate,
        kind=Project.Kind.SURVEILLANCE,
        planned_start=datetime.date(2027, 5, 20),
        planned_end=datetime.date(2027, 5, 22),
    )
    add_team_member(
        actor=world.pm, project=surveillance, user=world.leader, role=TeamMember.Role.LEADER
    )
    with on_day(SURVEILLANCE_DAY):
        made["reissued"] = certify(world, surveillance, decided_on=SURVEILLANCE_DAY)
        certificates.issue_certificate(
            actor=world.pm, decision=made["reissued"], granted_on=SURVEILLANCE_DAY
        )
    certificate.refresh_from_db()
    assert (certificate.revision, certificate.decision) == (1, made["reissued"])
    return made


def test_the_list_and_its_count_are_the_anti_joins_answer_on_a_mixed_set(world):
    made = mixed_set(world)
    expected = [made["granted"].pk, made["corrected"].pk]
    assert anti_join() == expected
    assert [d.pk for d in certificates_to_issue()] == expected
    assert certificates_to_issue().count() == 2
    # The count the worklists and the navigation show, read in their one statement.
    assert counts(world.pm, lists_for(world.pm, DAY))["to_issue"] == 2


BEFORE = [("certification", "0009_surveillance_not_started_index")]
AFTER = [("certification", "0010_certificates_to_issue")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_rows_of_the_decisions_already_waiting(world):
    made = mixed_set(world)
    migrate(BEFORE)  # the table goes with its rows: the decisions stay
    try:
        migrate(AFTER)
        assert waiting() == {made["granted"].pk, made["corrected"].pk}
        assert sorted(waiting()) == sorted(anti_join())
    finally:
        migrate([("certification", leaf) for leaf in _leaves()])


def _leaves() -> list[str]:
    executor = MigrationExecutor(connection)
    return [name for app, name in executor.loader.graph.leaf_nodes() if app == "certification"]
