"""Issuing, suspending, reinstating and withdrawing a certificate: each page says what will
happen to this certificate, and acts only when posted from that page with its reason."""

from __future__ import annotations

import pytest

from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import Certificate, CertificateEvent
from tests.web.certification.certificate_support import (
    browser,
    certify,
    issue,
    status_shown,
    text,
    url,
)
from tests.web.fingerprint import changed_tables, fingerprint
from tests.web.matrix import get_reading_only

pytestmark = pytest.mark.django_db

NUMBER = "TB-GPS-2026-0001"  # TB-GPS-{year}-{seq:04d}: the first of 2026


def last_entry():
    return AuditEntry.objects.order_by("-sequence").values_list("action", "after").first()


# --- issue ---------------------------------------------------------------------------


def test_the_issue_page_says_which_certificate_will_be_issued_and_until_when(world, client):
    decision = certify(world)  # AAAA, decided 2026-06-01
    page = get_reading_only(browser(client, world.pm), url("certificate_issue", decision.pk))
    shown = text(page)
    assert (
        f"A certificate numbered {NUMBER} (the next free number; it is given when the "
        "certificate is issued) will be issued to 绿源服务有限公司, grade AAAA." in shown
    )
    # Granted 2026-06-01: valid three years, to the day before the anniversary; surveillance
    # every twelve months within it.
    assert (
        "It will be valid from 2026-06-01 to 2029-05-31, with surveillance due on "
        "2027-06-01, 2028-06-01." in shown
    )
    assert "The public verification page and the register will show it as valid at once." in shown
    assert "Cannot be undone" in shown
    assert not Certificate.objects.exists()


def test_the_issue_page_in_chinese(world, client):
    decision = certify(world)
    client.force_login(world.pm)
    shown = text(client.get(url("certificate_issue", decision.pk)))
    assert f"将向绿源服务有限公司颁发证书，编号 {NUMBER}" in shown
    assert "有效期 2026-06-01 至 2029-05-31" in shown
    assert "不可撤销" in shown


def test_an_issue_posted_without_the_confirmation_stores_nothing(world, client):
    decision = certify(world)
    http = browser(client, world.pm)
    before = fingerprint()
    response = http.post(
        url("certificate_issue", decision.pk), {"granted_on": "2026-06-01", "signatory": "周春阳"}
    )
    assert response.status_code == 200
    assert "Nothing was changed: Read what will happen, then confirm on this page." in text(
        response
    )
    assert changed_tables(before, fingerprint()) == set()


def test_the_issue_page_shows_the_dates_of_the_grant_date_asked_for(world, client):
    decision = certify(world)
    http = browser(client, world.pm)
    # A later grant date: the page shown again with another error says the new dates.
    response = http.post(
        url("certificate_issue", decision.pk),
        {"granted_on": "2026-06-15", "signatory": ""},
    )
    assert "It will be valid from 2026-06-15 to 2029-06-14" in text(response)
    assert not Certificate.objects.exists()


# --- suspend, reinstate, withdraw ----------------------------------------------------


def test_the_suspend_page_says_what_the_public_will_see_and_that_it_can_be_undone(world, client):
    certificate = issue(world)
    page = get_reading_only(browser(client, world.pm), url("certificate_suspend", certificate.pk))
    shown = text(page)
    assert f"Certificate {NUMBER} of 绿源服务有限公司 (grade AAAA) will be suspended." in shown
    assert (
        f"The public verification page /verify/{NUMBER} and the register will show it as "
        "suspended; the organisation may not use it while it is suspended." in shown
    )
    assert "Can be undone" in shown
    assert "a suspended certificate may be reinstated" in shown


def test_the_withdraw_page_says_it_is_for_good_and_counts_the_visits_that_lapse(world, client):
    certificate = issue(world)  # two surveillance visits planned: 2027-06-01, 2028-06-01
    shown = text(browser(client, world.pm).get(url("certificate_withdraw", certificate.pk)))
    assert f"Certificate {NUMBER} of 绿源服务有限公司 (grade AAAA) will be withdrawn." in shown
    assert (
        "Its 2 planned surveillance visits will not take place, and it can never be reissued."
        in shown
    )
    assert "Cannot be undone" in shown
    assert "a withdrawn certificate is never reinstated" in shown


@pytest.mark.parametrize("change", ["suspend", "withdraw"])
def test_a_change_posted_without_the_confirmation_changes_nothing(world, client, change):
    certificate = issue(world)
    http = browser(client, world.pm)
    before = fingerprint()
    response = http.post(url(f"certificate_{change}", certificate.pk), {"reason": "监督审核逾期"})
    assert response.status_code == 200
    assert "Read what will happen, then confirm on this page." in text(response)
    assert changed_tables(before, fingerprint()) == set()
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_reason) == ("valid", "")


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "reason: Give the reason for this change of status."),
        ("zh", "理由：请填写变更证书状态的理由。"),
    ],
)
@pytest.mark.parametrize("change", ["suspend", "withdraw"])
def test_a_change_needs_its_reason_named_in_the_readers_language(
    world, client, change, lang, message
):
    certificate = issue(world)
    http = browser(client, world.pm) if lang == "en" else client
    http.force_login(world.pm)
    before = fingerprint()
    response = http.post(
        url(f"certificate_{change}", certificate.pk), {"reason": " ", "confirmed": "yes"}
    )
    assert message in text(response)
    assert changed_tables(before, fingerprint()) == set()


def test_the_suspension_reason_is_kept_on_the_certificate_its_history_and_the_audit_entry(
    world, client
):
    certificate = issue(world)
    http = browser(client, world.pm)
    response = http.post(
        url("certificate_suspend", certificate.pk),
        {"reason": " 获证组织拒绝监督审核 ", "confirmed": "yes"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.status, certificate.status_reason) == ("suspended", "获证组织拒绝监督审核")
    event = CertificateEvent.objects.filter(certificate=certificate).last()
    assert (event.kind, event.reason) == ("suspended", "获证组织拒绝监督审核")
    assert last_entry() == (
        "greencert.certificate.suspended",
        {"revision": 0, "status": "suspended", "reason": "获证组织拒绝监督审核"},
    )
    page = http.get(url("certificate_detail", certificate.pk))
    assert "Suspended 获证组织拒绝监督审核" in text(page)
    assert status_shown(client.get(f"/verify/{NUMBER}")) == "Suspended"
    # Reinstating says so, and the page then offers suspension again.
    shown = text(http.get(url("certificate_reinstate", certificate.pk)))
    assert f"Certificate {NUMBER} of 绿源服务有限公司 (grade AAAA) will be valid again." in shown


# --- sending a project under review back to its team -------------------------------------


def test_sending_back_from_review_says_the_review_stops_and_the_frozen_result_stays(filled, client):
    from greencert.web.projects.models import Project
    from tests.web.certification.findings_support import complete, recommend

    complete(filled)
    recommend(filled)
    http = browser(client, filled.pm)
    page = url("project_state_confirm", filled.project.pk, "in_progress")
    shown = text(get_reading_only(http, page))
    code = filled.project.code
    assert f"The technical review of {code} stops; the project goes back to its team." in shown
    assert "The team (led by Leader) may change the evaluations" in shown
    assert "Frozen result #1 (AAAA) is kept as it is" in shown
    assert "Can be undone" in shown
    response = http.post(
        url("project_state", filled.project.pk),
        {"to": "in_progress", "confirmed": "yes", "reason": "评审意见：补充现场照片"},
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=filled.project.pk).state == "in_progress"
    assert last_entry() == (
        "greencert.project.state_changed",
        {"state": "in_progress", "reason": "评审意见：补充现场照片"},
    )
