"""The public register and /verify/<number>: no login, public fields only, permanent URLs."""

from __future__ import annotations

import datetime

import pytest

from greencert.web.certification.services import certificates
from greencert.web.projects.models import TeamMember
from greencert.web.projects.services.team import add_team_member
from tests.web.certification.certificate_support import (
    browser,
    certify,
    clear_rate_limit,
    issue,
    on_day,
    status_shown,
    text,
    url,
)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    clear_rate_limit()


NUMBER = "TB-GPS-2026-0001"
INTERNAL = "监督审核逾期未实施，内部记录"


@pytest.fixture
def certificate(world):
    return issue(world)


def test_verify_shows_the_status_and_what_the_certificate_states(certificate, client):
    page = browser(client).get(f"/verify/{NUMBER}")  # as printed in the QR code: no slash
    assert page.status_code == 200
    assert status_shown(page) == "Valid"
    assert 'data-status="valid"' in page.content.decode()  # the colour comes with the class
    shown = text(page)
    for fact in (
        NUMBER,
        "绿源服务有限公司",
        "AAAA",
        "绿色物业服务",
        "红谷滩服务中心",
        "CTS TBSC041-2026 B/0",
        "2026-06-01",
        "2029-05-31",
        "This certificate is valid until 2029-05-31.",
        "江西腾标认证有限公司",
    ):
        assert fact in shown, fact
    # Never project data or people.
    for private in (
        certificate.project.code,
        "周春阳",
        "Leader",
        "Pm",
        "Decider",
        "南昌市红谷滩区1号",
    ):
        assert private not in shown, private


def test_verify_with_a_trailing_slash_works_too(certificate, client):
    page = client.get(f"/verify/{NUMBER}/")
    assert page.status_code == 200
    assert NUMBER in text(page)


@pytest.mark.parametrize("typed", ["tb-gps-2026-0001", "Tb-Gps-2026-0001/", "TB-GPS-2026-0001-R0"])
def test_other_spellings_go_to_the_canonical_address(certificate, client, typed):
    page = client.get(f"/verify/{typed}")
    assert page.status_code == 301
    assert page["Location"] == f"/verify/{NUMBER}"


def test_unknown_number_is_a_clear_not_found_with_a_link_to_the_register(certificate, client):
    page = browser(client).get("/verify/TB-GPS-2026-9999")
    assert page.status_code == 404
    assert "No certificate numbered “TB-GPS-2026-9999” was issued" in text(page)
    assert f'href="{url("register")}"' in page.content.decode()


def test_suspended_shows_a_generic_statement_never_the_internal_reason(certificate, client):
    certificates.change_status(
        actor=certificate.project.team.get(role=TeamMember.Role.LEADER).user,
        certificate=certificate,
        kind="suspended",
        reason=INTERNAL,
    )
    page = browser(client).get(f"/verify/{NUMBER}")
    assert status_shown(page) == "Suspended"
    assert "This certificate is suspended" in text(page)
    assert INTERNAL not in page.content.decode()


def test_withdrawn_and_expired(world, client):
    withdrawn = issue(world)
    certificates.change_status(
        actor=world.pm, certificate=withdrawn, kind="withdrawn", reason=INTERNAL
    )
    expired = issue(world, world.beta_project)  # granted 2026-06-01: valid through 2029-05-31
    http = browser(client)
    page = http.get(f"/verify/{withdrawn.number}")
    assert status_shown(page) == "Withdrawn"
    assert "has been withdrawn" in text(page)
    assert INTERNAL not in page.content.decode()
    with on_day(datetime.date(2029, 6, 1)):
        page = http.get(f"/verify/{expired.number}")
    assert status_shown(page) == "Expired"
    assert "This certificate expired on 2029-05-31" in text(page)


def test_a_reissued_certificate_shows_its_current_revision(world, certificate, client):
    with on_day(datetime.date(2027, 6, 2)):  # the surveillance, a year on
        project = certificates.start_follow_up(
            actor=world.pm,
            certificate=certificate,
            kind="surveillance",
            planned_start=datetime.date(2027, 5, 20),
            planned_end=datetime.date(2027, 5, 21),
        )
        add_team_member(
            actor=world.pm, project=project, user=world.leader, role=TeamMember.Role.LEADER
        )
        decision = certify(world, project, decided_on=datetime.date(2027, 6, 2))
        certificates.issue_certificate(
            actor=world.pm, decision=decision, granted_on=datetime.date(2027, 6, 2)
        )
    page = browser(client).get(f"/verify/{NUMBER}")
    assert f"{NUMBER}-R1" in text(page)
    # The number printed on the reissued certificate leads to the same page.
    assert client.get(f"/verify/{NUMBER}-R1")["Location"] == f"/verify/{NUMBER}"


def test_register_finds_by_number_ignoring_case_and_spaces(world, certificate, client):
    issue(world, world.beta_project)
    page = browser(client).get(url("register"), {"q": " tb-gps-2026 -0001 "})
    assert page.status_code == 200
    shown = text(page)
    assert "1 certificate found." in shown
    assert NUMBER in shown and "绿源服务有限公司" in shown
    assert "蓝天物业有限公司" not in shown


def test_register_finds_by_part_of_the_name_and_shows_public_fields_only(
    world, certificate, client
):
    certificates.change_status(
        actor=world.pm, certificate=certificate, kind="suspended", reason=INTERNAL
    )
    page = browser(client).get(url("register"), {"q": "绿源"})
    shown = text(page)
    for fact in (NUMBER, "绿源服务有限公司", "绿色物业服务", "红谷滩服务中心", "AAAA", "Suspended"):
        assert fact in shown, fact
    assert "2026-06-01 – 2029-05-31" in shown
    for private in (INTERNAL, certificate.project.code, "周春阳", "南昌市红谷滩区1号", "Pm"):
        assert private not in shown, private


def test_register_asks_for_more_than_one_character_of_a_name(certificate, client):
    page = browser(client).get(url("register"), {"q": "绿"})
    assert "at least 2 characters of the organisation's name" in text(page)
    assert NUMBER not in text(page)


def test_register_without_a_search_lists_nothing(certificate, client):
    page = browser(client).get(url("register"))
    assert page.status_code == 200
    assert NUMBER not in text(page)


def test_no_match(certificate, client):
    page = browser(client).get(url("register"), {"q": "不存在的公司"})
    assert "No certificate matches this search." in text(page)


def test_look_ups_are_limited_per_address(certificate, client, settings):
    settings.VERIFY_RATE_PER_MINUTE = 3
    http = browser(client)
    answers = [http.get(f"/verify/{NUMBER}").status_code for _ in range(3)]
    assert answers == [200, 200, 200]
    # The 4th look-up within the minute is refused (a few more in case the window just turned).
    refused = None
    for _ in range(6):
        page = http.get(f"/verify/{NUMBER}")
        if page.status_code == 429:
            refused = page
            break
    assert refused is not None
    assert "Please wait a minute and try again." in text(refused)
    # The register counts in the same budget; another address is not affected.
    assert http.get(url("register"), {"q": "绿源"}).status_code == 429
    assert http.get(f"/verify/{NUMBER}", REMOTE_ADDR="10.0.0.7").status_code == 200
