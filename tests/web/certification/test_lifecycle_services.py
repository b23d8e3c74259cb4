"""The whole path through the services: findings → snapshot → review → decision → certificate."""

import datetime

import pytest

from greencert.core.assessment_input import Reference
from greencert.web.certification.models import Certificate, RefusedAttempt
from greencert.web.certification.services import Refused, certificates, decisions, nonconformities
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project

DAY = datetime.date(2026, 6, 1)


def complete(world):
    change_state(actor=world.leader, project=world.project, to=Project.State.EVALUATION_COMPLETE)
    world.project.refresh_from_db()


def test_major_nonconformity_blocks_the_grade_until_closed(filled):
    w = filled
    nc = nonconformities.raise_nonconformity(
        actor=w.leader,
        project=w.project,
        ref=Reference("clause", "5.2"),
        severity="major",
        description="应急预案未演练",
        evidence="2025 年无演练记录",
    )
    complete(w)
    # Open major NC: conformity fails, so no grade although 90.0 / 五级 would give AAAA.
    assert w.project.snapshots.get(number=1).grade == ""
    change_state(actor=w.leader, project=w.project, to=Project.State.IN_PROGRESS)
    nc = nonconformities.answer(
        actor=w.client,
        nc=nc,
        correction="已组织演练",
        root_cause="未列入年度计划",
        action_plan="纳入年度计划并每半年演练",
        due_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    nc = nonconformities.accept_plan(actor=w.leader, nc=nc)
    complete(w)
    # A major NC with an accepted plan is still not closed: still no grade.
    assert w.project.snapshots.get(number=2).grade == ""
    change_state(actor=w.leader, project=w.project, to=Project.State.IN_PROGRESS)
    nonconformities.close(actor=w.leader, nc=nc, verification="现场查看 2026-05 演练记录")
    complete(w)
    assert w.project.snapshots.get(number=3).grade == "AAAA"
    # The earlier snapshots are kept, unchanged.
    assert list(w.project.snapshots.order_by("number").values_list("grade", flat=True)) == [
        "",
        "",
        "AAAA",
    ]


def test_reviewer_and_decider_must_not_have_evaluated(filled):
    w = filled
    complete(w)
    with pytest.raises(Refused):
        decisions.review(actor=w.leader, project=w.project, outcome="recommend", comment="ok")
    assert (
        RefusedAttempt.objects.filter(user=w.leader, action="greencert.review.refused").count() == 1
    )
    decisions.review(actor=w.reviewer, project=w.project, outcome="recommend", comment="资料完整")
    with pytest.raises(Refused):
        decisions.decide(
            actor=w.evaluator, project=w.project, outcome="grant", grade="AAAA", decided_on=DAY
        )
    assert RefusedAttempt.objects.filter(user=w.evaluator).count() == 1
    # The same person may both review and decide.
    decision = decisions.decide(
        actor=w.reviewer, project=w.project, outcome="grant", grade="AAAA", decided_on=DAY
    )
    assert decision.revision == 1


def test_grade_above_computed_is_refused_and_lower_needs_reason(filled):
    w = filled
    complete(w)
    decisions.review(actor=w.reviewer, project=w.project, outcome="recommend", comment="ok")
    with pytest.raises(Refused):
        decisions.decide(
            actor=w.decider, project=w.project, outcome="grant", grade="AAAAA", decided_on=DAY
        )
    from greencert.core.exceptions import InputError

    with pytest.raises(InputError) as err:
        decisions.decide(
            actor=w.decider, project=w.project, outcome="grant", grade="AAA", decided_on=DAY
        )
    assert err.value.problems[0].where == "reason"
    decision = decisions.decide(
        actor=w.decider,
        project=w.project,
        outcome="grant",
        grade="AAA",
        reason="投诉较多，降级授予",
        decided_on=DAY,
    )
    assert (decision.computed_grade, decision.grade) == ("AAAA", "AAA")


def test_certificate_issue_suspend_and_history(filled, settings):
    w = filled
    complete(w)
    decisions.review(actor=w.reviewer, project=w.project, outcome="recommend", comment="ok")
    decision = decisions.decide(
        actor=w.decider, project=w.project, outcome="grant", grade="AAAA", decided_on=DAY
    )
    from greencert.core.exceptions import InputError

    with pytest.raises(InputError):
        certificates.issue_certificate(
            actor=w.pm, decision=decision, granted_on=DAY - datetime.timedelta(days=1)
        )
    cert = certificates.issue_certificate(actor=w.pm, decision=decision, granted_on=DAY)
    assert cert.number == "TB-GPS-2026-0001"
    # 3 years from 2026-06-01: valid through 2029-05-31; surveillance on 2027-06-01 and 2028-06-01.
    assert cert.expires_on == datetime.date(2029, 5, 31)
    assert [v.due_on for v in cert.surveillance.all()] == [
        datetime.date(2027, 6, 1),
        datetime.date(2028, 6, 1),
    ]
    cert = certificates.change_status(
        actor=w.pm, certificate=cert, kind="suspended", reason="监督逾期"
    )
    assert cert.status == Certificate.Status.SUSPENDED
    with pytest.raises(Refused):
        certificates.change_status(actor=w.pm, certificate=cert, kind="suspended", reason="again")
    assert [e.kind for e in cert.events.all()] == ["issued", "suspended"]
    assert cert.current_status(datetime.date(2029, 6, 1)) == "suspended"
    reinstated = certificates.change_status(
        actor=w.pm, certificate=cert, kind="reinstated", reason="已完成监督"
    )
    assert reinstated.current_status(datetime.date(2029, 6, 1)) == "expired"
