"""The checklist pages, the verdict form and the §5.2.2 exemption page, as people use them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from greencert.web.clients.models import QmsCertificate
from greencert.web.projects.models import Assessment, ChecklistVerdict, ExemptionRecord, Project
from greencert.web.projects.services.checklists import record_exemption, record_verdict
from tests.web.sheet_helpers import browser, version_on
from tests.web.test_checklists import DAY, exemption_values
from tests.web.test_permissions_checklists import EXEMPTION_POST, VERDICT_POST

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(name, args=(world.project.pk, *args))


def judge(world, clause, verdict, kind="qms", **extra):
    stored = ChecklistVerdict.objects.filter(kind=kind, clause_id=clause).first()
    return record_verdict(
        actor=world.leader,
        assessment=world.project.assessment,
        kind=kind,
        clause_id=clause,
        verdict=verdict,
        date=DAY,
        expected_version=stored.version if stored else 0,
        **extra,
    )


def offered(page) -> set[str]:
    return set(re.findall(r'name="verdict" value="([a-z_]+)"', page.content.decode()))


def test_the_checklist_shows_every_row_by_chapter_with_verdict_and_who(world):
    judge(world, "7.1.5", "conforms", notes="校准证书齐全")
    page = browser(Client(), world.reviewer).get(url(world, "checklist", "qms"))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('data-row="') == 40  # GB/T 19001 4.1 … 10.3
    assert "Context of the organization" in text and "Monitoring and measuring resources" in text
    row = text.split('data-row="7.1.5"')[1].split("</tr>")[0]
    assert 'data-verdict="conforms"' in row and "Leader" in row and "2026-05-10" in row
    assert "校准证书齐全" in row
    assert "Judged 1 of 40" in text
    # A reviewer looks but does not judge.
    assert url(world, "checklist_verdict", "qms", "7.1.5") not in text


def test_the_specific_checklist_has_its_seven_rows(world):
    page = browser(Client(), world.leader).get(url(world, "checklist", "specific"))
    assert page.content.decode().count('data-row="') == 7  # 1, 2.1 … 2.5, 3


def test_exempted_is_offered_only_for_rows_the_exemption_lists(world):
    leader = browser(Client(), world.leader)
    assert "exempted" not in offered(leader.get(url(world, "checklist_verdict", "qms", "7.1.5")))
    record_exemption(
        actor=world.pm,
        assessment=world.project.assessment,
        values=exemption_values(),
        expected_version=0,
    )
    assert "exempted" in offered(leader.get(url(world, "checklist_verdict", "qms", "7.1.5")))
    assert "exempted" not in offered(leader.get(url(world, "checklist_verdict", "qms", "8.5.1")))
    specific = offered(leader.get(url(world, "checklist_verdict", "specific", "2.1")))
    assert specific == {"conforms", "minor", "major", "out_of_scope"}
    # Posting it anyway for a row not listed is refused, naming the row.
    page = leader.post(
        url(world, "checklist_verdict", "qms", "8.5.1"), VERDICT_POST | {"verdict": "exempted"}
    )
    assert page.status_code == 200
    assert not ChecklistVerdict.objects.exists()


def test_a_finding_links_to_a_nonconformity_for_its_row(world):
    judge(world, "8.5.1", "minor")
    judge(world, "2.3", "major", kind="specific")
    qms = browser(Client(), world.leader).get(url(world, "checklist", "qms")).content.decode()
    new_nc = reverse("nonconformity_create", args=(world.project.pk,))
    assert f'href="{new_nc}?ref=qms:8.5.1"' in qms
    assert qms.count("?ref=") == 1
    specific = browser(Client(), world.leader).get(url(world, "checklist", "specific"))
    assert f'href="{new_nc}?ref=specific:2.3"' in specific.content.decode()


def test_a_verdict_saved_through_the_form_lands_on_the_checklist(world):
    leader = browser(Client(), world.leader)
    response = leader.post(
        url(world, "checklist_verdict", "qms", "8.5.1"),
        VERDICT_POST | {"verdict": "out_of_scope", "reason": "不提供设计开发"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#row-8.5.1")
    stored = ChecklistVerdict.objects.get()
    assert (stored.verdict, stored.reason, stored.auditor) == (
        "out_of_scope",
        "不提供设计开发",
        world.leader,
    )


def test_out_of_scope_without_a_reason_is_refused_on_the_reason(world):
    page = browser(Client(), world.leader).post(
        url(world, "checklist_verdict", "qms", "8.5.1"), VERDICT_POST | {"verdict": "out_of_scope"}
    )
    assert page.status_code == 200
    assert "A row out of scope needs the reason why." in page.content.decode()
    assert not ChecklistVerdict.objects.exists()


def test_a_stale_verdict_gets_409_with_the_typed_notes_kept(world):
    judge(world, "8.5.1", "major")  # someone saved after this person opened the empty row
    page = browser(Client(), world.evaluator).post(
        url(world, "checklist_verdict", "qms", "8.5.1"),
        VERDICT_POST | {"verdict": "conforms", "notes": "我的审核记录", "version": "0"},
    )
    text = page.content.decode()
    assert page.status_code == 409
    assert "was judged by someone else" in text
    assert "我的审核记录" in text  # nothing typed is lost
    assert 'data-verdict="major"' in text  # and theirs is shown
    assert ChecklistVerdict.objects.get().verdict == "major"


def test_no_verdict_once_the_project_is_closed(world):
    Project.objects.filter(pk=world.project.pk).update(state=Project.State.EVALUATION_COMPLETE)
    page = browser(Client(), world.leader).post(
        url(world, "checklist_verdict", "qms", "8.5.1"), VERDICT_POST
    )
    assert page.status_code == 409
    assert not ChecklistVerdict.objects.exists()
    listing = browser(Client(), world.leader).get(url(world, "checklist", "qms"))
    assert url(world, "checklist_verdict", "qms", "8.5.1") not in listing.content.decode()


def test_the_exemption_form_starts_from_the_certificate_on_file_and_the_planned_start(world):
    QmsCertificate.objects.create(
        organisation=world.alpha,
        number="00124Q30001R2M",
        issuer="方圆标志认证集团",
        accredited=True,
        valid_until=datetime.date(2027, 3, 31),
    )
    text = browser(Client(), world.pm).get(url(world, "project_exemption")).content.decode()
    assert 'value="00124Q30001R2M"' in text
    assert 'name="certificate_expires" value="2027-03-31"' in text
    assert 'name="audit_date" value="2026-05-10"' in text  # the project's planned start


def test_an_exemption_on_a_certificate_expired_before_the_audit_date_is_refused(world):
    page = browser(Client(), world.pm).post(
        url(world, "project_exemption"), EXEMPTION_POST | {"certificate_expires": "2026-05-09"}
    )
    assert page.status_code == 200
    assert "not valid on the audit date 2026-05-10" in page.content.decode()
    assert not ExemptionRecord.objects.exists()


def test_a_stale_exemption_gets_409(world):
    record_exemption(
        actor=world.pm,
        assessment=world.project.assessment,
        values=exemption_values(),
        expected_version=0,
    )
    page = browser(Client(), world.leader).post(url(world, "project_exemption"), EXEMPTION_POST)
    assert page.status_code == 409
    assert "changed by someone else" in page.content.decode()
    assert ExemptionRecord.objects.get().clauses == ["7.1.3", "7.1.5"]


def test_an_exemption_cannot_change_once_the_project_is_closed(world):
    Project.objects.filter(pk=world.project.pk).update(state=Project.State.UNDER_REVIEW)
    page = browser(Client(), world.pm).post(url(world, "project_exemption"), EXEMPTION_POST)
    assert page.status_code == 409
    assert not ExemptionRecord.objects.exists()


def test_a_lapsed_exemption_is_shown_invalid_on_every_page(world):
    # Expires 2026-05-10, valid on the audit date; today (after 2026) it has lapsed.
    record_exemption(
        actor=world.pm,
        assessment=world.project.assessment,
        values=exemption_values(certificate_expires=DAY),
        expected_version=0,
    )
    judge(world, "7.1.5", "exempted")
    reviewer = browser(Client(), world.reviewer)
    for name, args in (("project_exemption", ()), ("checklist", ("qms",))):
        text = reviewer.get(url(world, name, *args)).content.decode()
        assert "lapsed on 2026-05-10" in text, name
    project = reviewer.get(reverse("project_detail", args=(world.project.pk,))).content.decode()
    assert "data-exemption-invalid" in project and "lapsed on 2026-05-10" in project


def test_the_project_page_summarises_both_checklists(world):
    record_exemption(
        actor=world.pm,
        assessment=world.project.assessment,
        values=exemption_values(),
        expected_version=0,
    )
    judge(world, "4.1", "conforms")
    judge(world, "8.5.1", "minor")
    judge(world, "7.1.5", "exempted")
    judge(world, "1", "major", kind="specific")
    text = browser(Client(), world.pm).get(reverse("project_detail", args=(world.project.pk,)))
    text = text.content.decode()
    qms = text.split('data-checklist="qms"')[1].split("</tr>")[0]
    specific = text.split('data-checklist="specific"')[1].split("</tr>")[0]
    # GB/T 19001: 3 of 40 judged, 1 finding (8.5.1 minor), 1 exempted (7.1.5).
    assert re.search(r"data-judged>3/40<", qms) and re.search(r"data-findings>1<", qms)
    assert re.search(r"data-exempted>1<", qms)
    # §4.2.2: 1 of 7 judged, 1 finding.
    assert re.search(r"data-judged>1/7<", specific) and re.search(r"data-findings>1<", specific)
    assert url(world, "checklist", "qms") in text and url(world, "project_exemption") in text


def test_clients_see_no_checklist_summary(world):
    text = browser(Client(), world.client).get(reverse("project_detail", args=(world.project.pk,)))
    assert "checklists-summary" not in text.content.decode()


def test_the_checklist_page_speaks_chinese_first(world):
    client = Client()
    client.force_login(world.leader)
    text = client.get(url(world, "checklist", "qms")).content.decode()
    assert "监视和测量资源" in text and "组织环境" in text
    assert "GB/T 19001 检查表" in text


def test_a_changed_checklist_file_is_named_on_the_pages_instead_of_rows(world):
    Assessment.objects.filter(pk=world.project.assessment.pk).update(qms_hash="0" * 64)
    leader = browser(Client(), world.leader)
    text = leader.get(url(world, "checklist", "qms")).content.decode()
    assert "the checklist file has changed" in text and 'data-row="' not in text
    row = leader.get(url(world, "checklist_verdict", "qms", "8.5.1"))
    assert row.status_code == 302 and row["Location"] == url(world, "checklist", "qms")
    project = leader.get(reverse("project_detail", args=(world.project.pk,))).content.decode()
    assert "the checklist file has changed" in project


def test_two_auditors_open_the_same_row_and_the_second_reloads_to_save(world):
    row = url(world, "checklist_verdict", "qms", "9.2")
    first, second = browser(Client(), world.leader), browser(Client(), world.evaluator)
    first_version, second_version = version_on(first.get(row)), version_on(second.get(row))
    assert first_version == second_version == "0"
    assert first.post(row, VERDICT_POST | {"version": first_version}).status_code == 302
    stale = second.post(row, VERDICT_POST | {"verdict": "conforms", "version": second_version})
    assert stale.status_code == 409
    fresh = version_on(second.get(row))
    assert fresh == "1"
    saved = second.post(row, VERDICT_POST | {"verdict": "conforms", "version": fresh})
    assert saved.status_code == 302
    stored = ChecklistVerdict.objects.get()
    assert (stored.verdict, stored.auditor, stored.version) == ("conforms", world.evaluator, 2)
