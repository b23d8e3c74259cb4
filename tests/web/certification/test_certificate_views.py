"""Certificates for staff: issue from a decision, the certificate page, status changes,
surveillance and recertification, the list and its status filter."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import Certificate, CertificateEvent
from greencert.web.certification.services import Refused, certificates
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.team import add_team_member
from tests.web.certification.certificate_support import (
    DAY,
    browser,
    certify,
    issue,
    on_day,
    read,
    text,
    url,
)


def test_issue_page_refuses_a_grant_date_before_the_decision_then_issues(world, client):
    decision = certify(world)  # decided 2026-06-01, AAAA
    http = browser(client, world.pm)
    page = http.get(url("certificate_issue", decision.pk))
    assert page.status_code == 200
    body = page.content.decode()
    # Defaults: the decision date and the configured signatory.
    assert 'value="2026-06-01"' in body
    assert 'value="周春阳"' in body

    early = http.post(
        url("certificate_issue", decision.pk),
        {"granted_on": "2026-05-31", "signatory": "周春阳", "confirmed": "yes"},
    )
    assert early.status_code == 200
    assert (
        "The grant date 2026-05-31 is before the certification decision (2026-06-01): "
        "it cannot come earlier"
    ) in text(early)
    # The error is on the grant date field, and nothing was stored.
    assert early.context["form"].errors["granted_on"]
    assert not Certificate.objects.exists()

    done = http.post(
        url("certificate_issue", decision.pk),
        {"granted_on": "2026-06-01", "signatory": "李四", "confirmed": "yes"},
    )
    certificate = Certificate.objects.get()
    assert done["Location"] == url("certificate_detail", certificate.pk)
    page = http.get(done["Location"])
    shown = text(page)
    # Everything the certificate states.
    for fact in (
        "TB-GPS-2026-0001",
        "绿源服务有限公司",
        "南昌市红谷滩区1号",
        "绿色物业服务",
        "红谷滩服务中心",
        "CTS TBSC041-2026 B/0",
        "AAAA",
        "2026-06-01",
        # 3 years from 2026-06-01: valid through the day before the third anniversary.
        "2029-05-31",
        "江西腾标认证有限公司",
        "李四",
        "Certificate TB-GPS-2026-0001 issued, valid until 2029-05-31.",
    ):
        assert fact in shown, fact
    # Surveillance every 12 months within the validity: 2027-06-01 and 2028-06-01.
    visits = read(page).tables["surveillance"]
    assert [row[:2] for row in visits[1:]] == [["1", "2027-06-01"], ["2", "2028-06-01"]]
    history = read(page).tables["history"]
    assert history[1][1:4] == ["Issued", "0", "AAAA"]


def test_an_issued_decision_leads_to_its_certificate(world, client):
    certificate = issue(world)
    http = browser(client, world.pm)
    again = http.get(url("certificate_issue", certificate.decision_id))
    assert again["Location"] == url("certificate_detail", certificate.pk)

    # And posting again is a conflict (409) that says so and changes nothing, in both languages.
    stored = list(Certificate.objects.values())
    trail = AuditEntry.objects.count()
    again = {"granted_on": "2026-06-02", "signatory": "李四", "confirmed": "yes"}
    posted = http.post(url("certificate_issue", certificate.decision_id), again)
    assert posted.status_code == 409
    shown = text(posted)
    assert "A certificate was already issued for this decision." in shown
    assert "Nothing was changed" in shown
    assert "TB-GPS-2026-0001" in shown  # the page leads to the certificate there is
    assert url("certificate_detail", certificate.pk) in posted.content.decode()
    assert "Issue the certificate</button>" not in posted.content.decode()  # no form to retry
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = http.post(url("certificate_issue", certificate.decision_id), again)
    assert chinese.status_code == 409
    assert "该认证决定已颁发证书。" in text(chinese) and "未作任何更改" in text(chinese)
    # Even an incomplete form gets the conflict, not the form's own complaints.
    assert http.post(url("certificate_issue", certificate.decision_id), {}).status_code == 409
    assert list(Certificate.objects.values()) == stored
    assert AuditEntry.objects.count() == trail


def test_suspend_reinstate_and_withdraw_with_reasons(world, client):
    certificate = issue(world)
    http = browser(client, world.pm)
    detail = url("certificate_detail", certificate.pk)

    empty = http.post(
        url("certificate_suspend", certificate.pk), {"reason": "  ", "confirmed": "yes"}
    )
    assert empty.status_code == 200
    assert empty.context["form"].errors["reason"]
    certificate.refresh_from_db()
    assert certificate.status == "valid"

    done = http.post(
        url("certificate_suspend", certificate.pk), {"reason": "监督审核逾期", "confirmed": "yes"}
    )
    assert done["Location"] == detail
    page = http.get(detail)
    assert "Certificate TB-GPS-2026-0001: Suspended." in text(page)
    history = read(page).tables["history"]
    assert history[-1][1] == "Suspended" and history[-1][4] == "监督审核逾期"
    assert history[-1][5] == "Pm"
    # Only legal changes are offered: a suspended certificate may be reinstated or withdrawn.
    links = page.content.decode()
    assert url("certificate_reinstate", certificate.pk) in links
    assert url("certificate_suspend", certificate.pk) not in links

    # An illegal change says why and changes nothing.
    again = http.post(
        url("certificate_suspend", certificate.pk),
        {"reason": "再次暂停", "confirmed": "yes"},
        follow=True,
    )
    assert "Certificate TB-GPS-2026-0001 is Suspended: it cannot be Suspended." in text(again)
    assert certificate.events.count() == 2

    http.post(
        url("certificate_reinstate", certificate.pk),
        {"reason": "已完成监督审核", "confirmed": "yes"},
    )
    http.post(
        url("certificate_withdraw", certificate.pk),
        {"reason": "获证组织申请撤销", "confirmed": "yes"},
    )
    certificate.refresh_from_db()
    assert certificate.status == "withdrawn"
    assert [e.kind for e in certificate.events.all()] == [
        "issued",
        "suspended",
        "reinstated",
        "withdrawn",
    ]
    page = http.get(detail)
    assert "获证组织申请撤销" in text(page)
    # Nothing can follow a withdrawal.
    assert url("certificate_reinstate", certificate.pk) not in page.content.decode()
    assert url("certificate_follow_up", certificate.pk) not in page.content.decode()


def test_overdue_surveillance_is_flagged(world, client):
    # Granted 2026-06-01: surveillance 1 is due 2027-06-01, 2 on 2028-06-01; seen on 2027-06-15.
    certificate = issue(world)
    with on_day(datetime.date(2027, 6, 15)):
        page = browser(client, world.pm).get(url("certificate_detail", certificate.pk))
    visits = read(page).tables["surveillance"]
    assert visits[1][:2] == ["1", "2027-06-01"] and visits[1][3] == "Overdue"
    assert visits[2][3] != "Overdue"


def test_start_surveillance_then_reissue_keeps_the_number(world, client):
    certificate = issue(world)
    http = browser(client, world.pm)
    page = http.post(
        url("certificate_follow_up", certificate.pk),
        {"kind": "surveillance", "planned_start": "2027-05-20", "planned_end": "2027-05-22"},
    )
    project = Project.objects.get(kind=Project.Kind.SURVEILLANCE)
    assert page["Location"] == url("project_detail", project.pk)
    assert project.previous == world.project
    assert project.surveillance_visit.sequence == 1

    # The surveillance is carried out and decided; its certificate is a reissue.
    add_team_member(actor=world.pm, project=project, user=world.leader, role=TeamMember.Role.LEADER)
    with on_day(datetime.date(2027, 6, 2)):
        decision = certify(world, project, decided_on=datetime.date(2027, 6, 2))
        http = browser(client, world.pm)
        issued = http.post(
            url("certificate_issue", decision.pk),
            {"granted_on": "2027-06-02", "signatory": "周春阳", "confirmed": "yes"},
        )
    assert issued["Location"] == url("certificate_detail", certificate.pk)
    certificate.refresh_from_db()
    assert (certificate.display_number, certificate.revision) == ("TB-GPS-2026-0001-R1", 1)
    # A surveillance does not move the validity.
    assert certificate.expires_on == datetime.date(2029, 5, 31)
    # The first decision cannot issue a second certificate now that the certificate moved on.
    first = world.project.decisions.get()
    with pytest.raises(Refused):
        certificates.issue_certificate(actor=world.pm, decision=first, granted_on=DAY)
    assert Certificate.objects.count() == 1
    assert list(certificates_awaiting(http)) == []


def certificates_awaiting(http):
    page = http.get(url("certificate_list"))
    return [row[0] for row in read(page).tables.get("awaiting-table", [])[1:]]


def test_follow_up_of_a_withdrawn_certificate_is_refused(world, client):
    certificate = issue(world)
    certificates.change_status(
        actor=world.pm, certificate=certificate, kind="withdrawn", reason="撤销"
    )
    http = browser(client, world.pm)
    page = http.post(
        url("certificate_follow_up", certificate.pk),
        {"kind": "recertification", "planned_start": "2027-05-20", "planned_end": "2027-05-22"},
        follow=True,
    )
    assert "was withdrawn: it has no surveillance or recertification" in text(page)
    assert not Project.objects.filter(kind=Project.Kind.RECERTIFICATION).exists()


def test_follow_up_dates_are_checked(world, client):
    certificate = issue(world)
    page = browser(client, world.pm).post(
        url("certificate_follow_up", certificate.pk),
        {"kind": "surveillance", "planned_start": "2027-05-20", "planned_end": "2027-05-01"},
    )
    assert page.context["form"].errors["planned_end"] == [
        "The planned end is before the planned start."
    ]
    assert Project.objects.count() == 2  # world's two: nothing created


def test_list_filters_by_the_status_seen_today(world, client):
    # alpha: granted 2026-06-01, so expired on 2029-06-01 (valid through 2029-05-31);
    # beta: granted 2029-06-05, valid.  Both stored as "valid": expiry follows from the date.
    old = issue(world)
    assert old.expires_on == datetime.date(2029, 5, 31)
    later = datetime.date(2029, 6, 5)
    with on_day(later):
        current = issue(world, world.beta_project, on=later)
    assert {c.status for c in Certificate.objects.all()} == {"valid"}

    def listed(query):
        with on_day(later):
            page = browser(client, world.pm).get(url("certificate_list") + query)
        return [(row[0], row[3]) for row in read(page).tables["certificates"][1:]]

    assert listed("?status=expired") == [(old.number, "Expired")]
    assert listed("?status=valid") == [(current.number, "Valid")]
    assert listed("?q=蓝天") == [(current.number, "Valid")]
    assert listed("?q=tb-gps-2026") == [(old.number, "Expired")]
    assert sorted(listed("")) == sorted([(old.number, "Expired"), (current.number, "Valid")])


def test_the_decision_awaiting_its_certificate_is_listed_for_managers(world, client):
    decision = certify(world)
    page = browser(client, world.pm).get(url("certificate_list"))
    assert url("certificate_issue", decision.pk) in page.content.decode()
    assert certificates_awaiting(client) == [f"{world.project.code} r1"]
    # A reviewer sees the certificates, but issuing is not theirs.
    page = browser(client, world.reviewer).get(url("certificate_list"))
    assert url("certificate_issue", decision.pk) not in page.content.decode()


def test_client_sees_its_certificate_read_only(world, client):
    certificate = issue(world)
    certificates.change_status(
        actor=world.pm, certificate=certificate, kind="suspended", reason="监督审核逾期"
    )
    page = browser(client, world.client).get(url("certificate_detail", certificate.pk))
    shown = text(page)
    assert "TB-GPS-2026-0001" in shown and "Suspended" in shown
    body = page.content.decode()
    for name in ("certificate_reinstate", "certificate_withdraw", "certificate_follow_up"):
        assert url(name, certificate.pk) not in body
    # Who did what inside the certification body is not the client's to see.
    assert "Pm" not in read(page).tables["history"][0]
    assert CertificateEvent.objects.filter(certificate=certificate).count() == 2
