"""The complaints and appeals register: registering, assigning impartially, deadlines, closing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from greencert.web.certification.models import Complaint, RefusedAttempt
from greencert.web.certification.services import complaints
from tests.web.certification.certificate_support import browser, issue, read, text, url


@pytest.fixture
def certificate(world):
    return issue(world)


def _register(world, **fields):
    data = {
        "actor": world.pm,
        "kind": "complaint",
        "received_on": timezone.localdate(),
        "complainant": "业主 张先生",
        "subject": "保洁服务未按承诺频次进行",
    } | fields
    return complaints.register(**data)


def test_register_a_complaint_with_its_deadlines(world, certificate, client):
    http = browser(client, world.pm)
    form = http.get(url("complaint_create") + f"?certificate={certificate.pk}")
    assert form.context["form"].initial["certificate"] == certificate.pk
    page = http.post(
        url("complaint_create"),
        {
            "kind": "complaint",
            "received_on": "2026-07-01",
            "complainant": "业主 张先生",
            "subject": "保洁服务未按承诺频次进行",
            "certificate": certificate.pk,
        },
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert complaint.reference == "CP-2026-001"
    shown = text(page)
    # Acknowledge within 7 days, resolve within 60 (the settings): 2026-07-08 and 2026-08-30.
    assert "acknowledge by 2026-07-08, resolve by 2026-08-30" in shown
    # Received on 2026-07-01 and still open today (after 2026-08-30): both deadlines passed.
    assert timezone.localdate() > datetime.date(2026, 8, 30)
    assert "Acknowledge by 2026-07-08 Overdue" in shown
    assert "Resolve by 2026-08-30 Overdue" in shown
    assert "TB-GPS-2026-0001" in shown and "业主 张先生" in shown


def test_an_appeal_must_name_the_decision(world, certificate, client):
    http = browser(client, world.pm)
    page = http.post(
        url("complaint_create"),
        {
            "kind": "appeal",
            "received_on": "2026-07-01",
            "complainant": "绿源服务有限公司",
            "subject": "不服降级决定",
        },
    )
    assert page.status_code == 200
    assert page.context["form"].errors["decision"] == ["an appeal names the decision it contests"]
    assert not Complaint.objects.exists()

    page = http.post(
        url("complaint_create"),
        {
            "kind": "appeal",
            "received_on": "2026-07-01",
            "complainant": "绿源服务有限公司",
            "subject": "不服降级决定",
            "decision": certificate.decision_id,
        },
    )
    appeal = Complaint.objects.get()
    assert appeal.reference == "AP-2026-001"
    assert appeal.project == world.project  # the decision's project


def test_appeal_page_links_to_the_independent_review(world, certificate, client):
    appeal = _register(world, kind="appeal", decision=certificate.decision)
    page = browser(client, world.pm).get(url("complaint_detail", appeal.pk))
    expected = url("project_review", world.project.pk) + f"?appeal={appeal.pk}"
    assert f'href="{expected}"' in page.content.decode()


def test_who_evaluated_or_decided_may_not_handle_it(world, certificate, client):
    complaint = _register(world, certificate=certificate)
    http = browser(client, world.pm)
    for person in (world.leader, world.decider, world.reviewer):
        page = http.post(url("complaint_assign", complaint.pk), {"handler": person.pk}, follow=True)
        assert f"{person} evaluated or decided {world.project.code} and may not handle CP-" in text(
            page
        )
    complaint.refresh_from_db()
    assert complaint.handler is None
    assert RefusedAttempt.objects.filter(complaint=complaint).count() == 3

    page = http.post(
        url("complaint_assign", complaint.pk), {"handler": world.auditor_off.pk}, follow=True
    )
    assert f"Auditor_Off handles {complaint.reference}." in text(page)
    complaint.refresh_from_db()
    assert (complaint.handler, complaint.status) == (world.auditor_off, "in_handling")


def test_only_people_who_may_handle_are_offered(world, certificate, client):
    complaint = _register(world, certificate=certificate)
    page = browser(client, world.pm).get(url("complaint_detail", complaint.pk))
    html = page.content.decode()
    # The team evaluated the project, the reviewer and the decision maker decided it.
    for person in (world.leader, world.evaluator, world.reviewer, world.decider):
        assert f'<option value="{person.pk}"' not in html
    for person in (world.auditor_off, world.admin):
        assert f'<option value="{person.pk}"' in html
    assert f'<option value="{world.client.pk}"' not in html


def test_the_handler_acknowledges_and_closes_with_outcome_and_communication(
    world, certificate, client
):
    complaint = _register(world, certificate=certificate)
    complaints.assign_handler(actor=world.pm, complaint=complaint, handler=world.auditor_off)
    http = browser(client, world.auditor_off)
    today = timezone.localdate()
    page = http.post(
        url("complaint_acknowledge", complaint.pk), {"on": today.isoformat()}, follow=True
    )
    assert "Receipt acknowledged." in text(page)

    # Closing needs the outcome, when and how it was communicated: each missing one is named.
    page = http.post(url("complaint_close", complaint.pk), {"outcome": "已核实并整改"})
    errors = page.context["close_form"].errors
    assert set(errors) == {"communicated_on", "communicated_how"}
    complaint.refresh_from_db()
    assert complaint.status == "in_handling"

    page = http.post(
        url("complaint_close", complaint.pk),
        {
            "outcome": "已核实：获证组织已增加保洁频次",
            "communicated_on": today.isoformat(),
            "communicated_how": "书面函件",
        },
        follow=True,
    )
    shown = text(page)
    assert f"{complaint.reference} closed." in shown
    assert "已核实：获证组织已增加保洁频次" in shown and "书面函件" in shown
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.closed_on == today


def test_only_the_handler_or_an_administrator_records(world, certificate, client):
    complaint = _register(world, certificate=certificate)
    complaints.assign_handler(actor=world.pm, complaint=complaint, handler=world.auditor_off)
    page = browser(client, world.pm).get(url("complaint_detail", complaint.pk))
    assert page.context.get("close_form") is None
    post = client.post(url("complaint_close", complaint.pk), {"outcome": "x"})
    assert post.status_code == 404


def test_deadlines_passed_are_flagged(world, certificate, client):
    today = timezone.localdate()
    # Received 70 days ago: to acknowledge within 7 days and resolve within 60, both passed.
    late = _register(world, received_on=today - datetime.timedelta(days=70))
    # Received today: nothing is late.
    _register(world, complainant="消费者 李女士")
    http = browser(client, world.pm)
    page = http.get(url("complaint_list"))
    rows = read(page).tables["complaints"]
    by_ref = {row[0]: row for row in rows[1:]}
    assert by_ref[late.reference][6].endswith("Overdue")
    assert by_ref[late.reference][7].endswith("Overdue")
    assert "Overdue" not in " ".join(by_ref["CP-2026-002"])
    overdue = http.get(url("complaint_list") + "?show=overdue")
    assert [row[0] for row in read(overdue).tables["complaints"][1:]] == [late.reference]


def test_a_closed_case_cannot_be_reassigned(world, certificate):
    complaint = _register(world, certificate=certificate)
    complaints.assign_handler(actor=world.pm, complaint=complaint, handler=world.auditor_off)
    complaints.close(
        actor=world.auditor_off,
        complaint=complaint,
        outcome="不成立",
        communicated_on=timezone.localdate(),
        communicated_how="电话",
    )
    from greencert.web.certification.services import Refused

    with pytest.raises(Refused):
        complaints.assign_handler(actor=world.pm, complaint=complaint, handler=world.admin)
    complaint.refresh_from_db()
    assert complaint.status == "closed"
