"""Dates of the certification path: each after the events it follows, none later than allowed.

The world's project is planned from 2026-05-10; ``filled`` rates it on 2026-05-11 (its last
evaluation) and judges both checklists on 2026-05-10.  Each rule is tried on its boundary
day (accepted), the day beyond (refused), and 1900-01-01; a refusal stores nothing.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from greencert.core.exceptions import InputError
from greencert.web.certification.models import Certificate, Complaint, Decision, Nonconformity
from greencert.web.certification.services import certificates, complaints, decisions
from greencert.web.certification.services import nonconformities as nc_services
from greencert.web.projects.models import Project
from tests.web.certification.certificate_support import issue, on_day
from tests.web.certification.findings_support import browser, complete, raise_nc, recommend, url


@pytest.fixture(autouse=True)
def _english():
    """Services word their refusals in the active language: these tests read English."""
    with translation.override("en"):
        yield


LAST_EVALUATION = datetime.date(2026, 5, 11)
ANCIENT = datetime.date(1900, 1, 1)
DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def refusal(call, **kwargs) -> str:
    """The one problem *call* refuses *kwargs* with, as ``field: message``."""
    with pytest.raises(InputError) as caught:
        call(**kwargs)
    [problem] = caught.value.problems
    return f"{problem.field}: {problem.message}"


@pytest.fixture
def reviewed(filled):
    complete(filled)
    recommend(filled)
    return filled


def decide(world, day):
    return decisions.decide(
        actor=world.decider, project=world.project, outcome="grant", grade="AAAA", decided_on=day
    )


# --- the decision: after the last evaluation or audit, not after today ---------------------------


@pytest.mark.parametrize(
    "day, expected",
    [
        (
            ANCIENT,
            "decided_on: The decision date 1900-01-01 is before the last evaluation or audit of "
            "the assessment (2026-05-11): it cannot come earlier",
        ),
        (
            LAST_EVALUATION - DAY,
            "decided_on: The decision date 2026-05-10 is before the last evaluation or audit of "
            "the assessment (2026-05-11): it cannot come earlier",
        ),
    ],
)
def test_a_decision_before_the_assessment_is_refused(reviewed, day, expected):
    assert refusal(decide, world=reviewed, day=day) == expected
    assert not Decision.objects.exists()
    assert Project.objects.get(pk=reviewed.project.pk).state == Project.State.UNDER_REVIEW


def test_a_decision_dated_tomorrow_is_refused_and_today_is_accepted(reviewed):
    tomorrow = today() + DAY
    assert refusal(decide, world=reviewed, day=tomorrow) == (
        f"decided_on: The decision date {tomorrow} is after today ({today()}): it cannot come later"
    )
    assert not Decision.objects.exists()
    assert decide(reviewed, today()).decided_on == today()


def test_a_decision_on_the_day_of_the_last_evaluation_is_accepted(reviewed):
    assert decide(reviewed, LAST_EVALUATION).decided_on == LAST_EVALUATION


def test_the_decision_page_names_the_field_and_the_event_in_chinese(reviewed, client):
    client.force_login(reviewed.decider)
    page = client.post(
        url("project_decision", reviewed.project.pk),
        {"outcome": "grant", "grade": "AAAA", "reason": "", "decided_on": "1900-01-01"},
    )
    shown = page.content.decode()
    assert "决定日期 1900-01-01 早于评价的最后一次测评或审核（2026-05-11），不能更早" in shown
    assert not Decision.objects.exists()


# --- the certificate: granted on or after its decision, not after today --------------------------


@pytest.fixture
def decided(reviewed):
    decide(reviewed, datetime.date(2026, 6, 1))
    return reviewed.project.decisions.get()


def grant(decision, day):
    return certificates.issue_certificate(
        actor=decision.decided_by, decision=decision, granted_on=day
    )


def test_a_certificate_granted_in_1900_is_refused(decided):
    assert refusal(grant, decision=decided, day=ANCIENT) == (
        "granted_on: The grant date 1900-01-01 is before the certification decision "
        "(2026-06-01): it cannot come earlier"
    )
    assert not Certificate.objects.exists()


def test_a_certificate_granted_tomorrow_is_refused_on_the_page(decided, client, world):
    tomorrow = today() + DAY
    http = browser(client, world.pm)
    page = http.post(
        url("certificate_issue", decided.pk),
        {"granted_on": tomorrow.isoformat(), "signatory": "周春阳", "confirmed": "yes"},
    )
    assert page.context["form"].errors["granted_on"] == [
        f"The grant date {tomorrow} is after today ({today()}): it cannot come later"
    ]
    assert not Certificate.objects.exists()


def test_a_certificate_granted_on_its_decision_day_is_accepted(decided):
    assert grant(decided, datetime.date(2026, 6, 1)).granted_on == datetime.date(2026, 6, 1)


# --- surveillance and recertification: within the certificate's validity --------------------------


@pytest.mark.parametrize(
    "start, accepted",
    [
        (datetime.date(2026, 5, 31), False),  # the day before the grant
        (datetime.date(2026, 6, 1), True),  # the grant day
        (datetime.date(2027, 6, 1), True),  # the first surveillance's due date
    ],
)
def test_a_follow_up_starts_within_the_certificate(world, start, accepted):
    certificate = issue(world)  # granted 2026-06-01, valid through 2029-05-31
    call = {
        "actor": world.pm,
        "certificate": certificate,
        "kind": "surveillance",
        "planned_start": start,
        "planned_end": start + DAY,
    }
    if accepted:
        assert certificates.start_follow_up(**call).planned_start == start
    else:
        assert refusal(certificates.start_follow_up, **call) == (
            "planned_start: The planned start 2026-05-31 is before the certificate's grant "
            "(2026-06-01): it cannot come earlier"
        )
        assert not Project.objects.filter(kind="surveillance").exists()


def test_a_follow_up_after_the_expiry_is_refused(world):
    certificate = issue(world)
    with on_day(datetime.date(2029, 5, 20)):  # the plan may look a year ahead from here
        assert refusal(
            certificates.start_follow_up,
            actor=world.pm,
            certificate=certificate,
            kind="recertification",
            planned_start=datetime.date(2029, 6, 1),
            planned_end=datetime.date(2029, 6, 2),
        ) == (
            "planned_start: The planned start 2029-06-01 is after the certificate's expiry "
            "(2029-05-31): it cannot come later"
        )
    assert not Project.objects.filter(kind="recertification").exists()


# --- complaints: received after what they concern, by today --------------------------------------


def register(world, **fields):
    values = {
        "actor": world.pm,
        "kind": "complaint",
        "received_on": today(),
        "complainant": "业主 张先生",
        "subject": "保洁服务未按承诺频次进行",
    }
    return complaints.register(**values | fields)


def test_a_complaint_about_a_certificate_received_before_its_grant_is_refused(world):
    certificate = issue(world)
    assert refusal(register, world=world, certificate=certificate, received_on=ANCIENT) == (
        "received_on: The date received 1900-01-01 is before the certificate's grant "
        "(2026-06-01): it cannot come earlier"
    )
    tomorrow = today() + DAY
    assert refusal(register, world=world, received_on=tomorrow) == (
        f"received_on: The date received {tomorrow} is after today ({today()}): "
        "it cannot come later"
    )
    assert not Complaint.objects.exists()
    assert register(world, certificate=certificate, received_on=datetime.date(2026, 6, 1))


def test_an_appeal_received_before_the_decision_is_refused(world):
    certificate = issue(world)
    assert refusal(
        register,
        world=world,
        kind="appeal",
        decision=certificate.decision,
        received_on=datetime.date(2026, 5, 31),
    ) == (
        "received_on: The date received 2026-05-31 is before the decision appealed against "
        "(2026-06-01): it cannot come earlier"
    )
    assert not Complaint.objects.exists()


def test_acknowledgement_and_outcome_are_dated_between_the_receipt_and_today(world):
    complaint = register(world, received_on=today() - 10 * DAY)
    tomorrow = today() + DAY
    assert refusal(complaints.acknowledge, actor=world.pm, complaint=complaint, on=tomorrow) == (
        f"on: The acknowledgement {tomorrow} is after today ({today()}): it cannot come later"
    )
    complaints.assign_handler(actor=world.pm, complaint=complaint, handler=world.auditor_off)
    early = today() - 11 * DAY
    assert refusal(
        complaints.close,
        actor=world.auditor_off,
        complaint=complaint,
        outcome="已核实",
        communicated_on=early,
        communicated_how="电话",
    ) == (
        f"communicated_on: The date the outcome was communicated {early} is before the "
        f"receipt ({today() - 10 * DAY}): it cannot come earlier"
    )
    complaint.refresh_from_db()
    assert complaint.acknowledged_on is None and complaint.status == "in_handling"


# --- corrective actions: due within the allowed time ---------------------------------------------


@override_settings(CORRECTIVE_ACTION_MAX_DAYS=180)
def test_a_corrective_action_is_due_within_180_days(filled):
    nc = raise_nc(filled)
    answer = {
        "actor": filled.client,
        "correction": "补充演练",
        "root_cause": "计划遗漏",
        "action_plan": "每季度演练",
    }
    late = today() + 181 * DAY
    assert refusal(nc_services.answer, nc=nc, due_date=late, **answer) == (
        f"due_date: The due date {late} is after 180 days from today "
        f"({today() + 180 * DAY}): it cannot come later"
    )
    assert Nonconformity.objects.get().status == "open"
    done = nc_services.answer(nc=nc, due_date=today() + 180 * DAY, **answer)
    assert done.status == "answered"
