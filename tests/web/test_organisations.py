"""Organisations as people use them: the list, the page, the forms and their errors."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from stdnum.cn import uscc

from greencert.web.audit.models import AuditEntry
from greencert.web.clients import services
from greencert.web.clients.models import Contact, Organisation, QmsCertificate, Site
from greencert.web.projects.models import Project
from greencert.web.projects.services.projects import create_project
from tests.web.clients_pages import field_errors, in_english, text
from tests.web.projects_support import rows

# The world's alpha code with its last (check) character changed: fails GB 32100.
BAD_USCC = "91360100MA35K0XXXQ"


def valid_uscc(n: int) -> str:
    body = f"9136010{n:03d}MA35K0X"[:17]
    return body + uscc.calc_check_digit(body)


@pytest.fixture
def browser(client):
    return in_english(client)


def as_user(browser, user):
    browser.force_login(user)
    return browser


# --- creating and changing an organisation -------------------------------


def test_a_code_failing_gb32100_without_reason_is_refused_and_nothing_is_stored(world, browser):
    as_user(browser, world.pm)
    before = (Organisation.objects.count(), AuditEntry.objects.count())
    response = browser.post(
        reverse("organisation_create"),
        {"name": "红星服务公司", "address": "九江市", "uscc": BAD_USCC},
    )
    assert response.status_code == 200
    errors = field_errors(response)
    assert list(errors) == ["uscc"]
    assert BAD_USCC in errors["uscc"][0]
    assert "fails the GB 32100 check" in errors["uscc"][0]
    page = text(response)
    assert "Correct it, or record why it is kept." in page
    # The page explains that a reason lets the code be kept, next to the field.
    assert "it can still be kept: write below why" in page
    assert 'id="id_uscc_error"' in response.content.decode()
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == before


def test_a_failing_code_with_a_reason_is_kept_and_marked_on_the_page(world, browser):
    as_user(browser, world.pm)
    response = browser.post(
        reverse("organisation_create"),
        {
            "name": "红星服务公司",
            "address": "九江市",
            "uscc": BAD_USCC.lower(),  # stored compacted, in capitals
            "uscc_exception_reason": "营业执照上的代码如此，已向登记机关核实。",
        },
        follow=True,
    )
    organisation = Organisation.objects.get(name="红星服务公司")
    assert organisation.uscc == BAD_USCC
    page = text(response)
    assert "Organisation 红星服务公司 created." in page
    assert f"{BAD_USCC} fails the GB 32100 check" in page
    assert "Kept because: 营业执照上的代码如此，已向登记机关核实。" in page
    entry = AuditEntry.objects.get(action="greencert.organisation.created")
    assert entry.actor == world.pm
    assert entry.organisation == organisation
    assert entry.after["uscc"] == BAD_USCC


def test_the_service_checks_the_code_by_itself(world):
    with pytest.raises(ValidationError) as refused:
        services.create_organisation(actor=world.pm, name="红星", address="x", uscc=BAD_USCC)
    assert list(refused.value.message_dict) == ["uscc"]
    assert not Organisation.objects.filter(name="红星").exists()


def test_a_valid_code_is_shown_as_correct(world, browser):
    as_user(browser, world.reviewer)
    page = text(browser.get(reverse("organisation_detail", args=[world.alpha.pk])))
    assert "91360100MA35K0XXXP check character correct" in page
    assert "fails the GB 32100 check" not in page


def test_a_duplicate_name_is_refused_naming_the_field(world, browser):
    as_user(browser, world.admin)
    response = browser.post(
        reverse("organisation_create"),
        {"name": world.beta.name, "address": "x", "uscc": valid_uscc(7)},
    )
    assert field_errors(response) == {
        "name": [f"An organisation named “{world.beta.name}” is already recorded."]
    }
    assert Organisation.objects.filter(name=world.beta.name).count() == 1


def test_a_taken_code_is_refused_naming_the_code_and_its_holder(world, browser):
    as_user(browser, world.pm)
    data = {"name": "红星服务公司", "address": "九江市", "uscc": world.alpha.uscc.lower()}
    response = browser.post(reverse("organisation_create"), data)
    expected = (
        f"The unified social credit code {world.alpha.uscc} is already used by {world.alpha.name}."
    )
    assert field_errors(response) == {"uscc": [expected]}
    assert not Organisation.objects.filter(name="红星服务公司").exists()
    browser.cookies["django_language"] = "zh-hans"
    chinese = text(browser.post(reverse("organisation_create"), data))
    assert f"统一社会信用代码 {world.alpha.uscc} 已被“{world.alpha.name}”使用。" in chinese
    assert "具有 统一社会信用代码 的 组织 已存在" not in chinese


def test_the_list_heads_the_name_column_as_a_name_of_an_organisation(world, browser):
    as_user(browser, world.pm)
    browser.cookies["django_language"] = "zh-hans"
    page = browser.get(reverse("organisation_list"))
    # Sorted by name by default: its heading says so.
    assert rows(page, "organisation-list")[0] == ["名称 ▲", "统一社会信用代码", "地址"]
    assert "姓名" not in page.content.decode()
    form = browser.get(reverse("organisation_create"))
    assert "名称:" in text(form) and "姓名" not in text(form)


def test_editing_records_before_and_after(world, browser):
    as_user(browser, world.pm)
    response = browser.post(
        reverse("organisation_edit", args=[world.alpha.pk]),
        {"name": world.alpha.name, "address": "南昌市新建区9号", "uscc": world.alpha.uscc},
        follow=True,
    )
    assert "南昌市新建区9号" in text(response)
    entry = AuditEntry.objects.get(action="greencert.organisation.changed")
    assert entry.changes() == [("address", "南昌市红谷滩区1号", "南昌市新建区9号")]


def test_an_edit_that_breaks_the_code_stores_nothing(world, browser):
    as_user(browser, world.pm)
    response = browser.post(
        reverse("organisation_edit", args=[world.alpha.pk]),
        {"name": "改名公司", "address": "x", "uscc": BAD_USCC},
    )
    assert list(field_errors(response)) == ["uscc"]
    # The page title still shows the stored name, not the one typed.
    assert f"Edit {world.alpha.name}" in text(response)
    world.alpha.refresh_from_db()
    assert (world.alpha.name, world.alpha.uscc) == ("绿源服务有限公司", "91360100MA35K0XXXP")
    assert not AuditEntry.objects.filter(action="greencert.organisation.changed").exists()


# --- the list ------------------------------------------------------------------


def test_the_list_searches_by_name_and_by_code(world, browser):
    as_user(browser, world.pm)
    page = text(browser.get(reverse("organisation_list"), {"q": "蓝天"}))
    assert world.beta.name in page and world.alpha.name not in page
    page = text(browser.get(reverse("organisation_list"), {"q": "91360100ma35"}))
    assert world.alpha.name in page and world.beta.name not in page
    page = text(browser.get(reverse("organisation_list"), {"q": "nothing-like-it"}))
    assert "No organisation matches “nothing-like-it”." in page


def test_the_list_shows_50_a_page(world, browser):
    Organisation.objects.bulk_create(
        Organisation(name=f"Org {n:03d}", address="x", uscc=valid_uscc(n)) for n in range(55)
    )
    as_user(browser, world.pm)
    first = browser.get(reverse("organisation_list"), {"q": "Org "})
    assert len(first.context["page"].object_list) == 50
    assert "Page 1 of 2 (55 in all)" in text(first)
    second = text(browser.get(reverse("organisation_list"), {"q": "Org ", "page": 2}))
    assert "Org 054" in second and "Org 049" not in second


def test_auditors_list_only_the_organisations_of_their_projects(world, browser):
    page = text(as_user(browser, world.leader).get(reverse("organisation_list")))
    assert world.alpha.name in page and world.beta.name not in page
    page = text(as_user(browser, world.auditor_off).get(reverse("organisation_list")))
    assert "No organisations yet." in page


# --- the organisation page ---------------------------------------------------


def test_the_page_shows_the_record_and_managers_get_the_edit_links(world, browser):
    Contact.objects.create(organisation=world.alpha, name="王经理", phone="0791-1234567")
    QmsCertificate.objects.create(
        organisation=world.alpha,
        number="00124Q36789R0M",
        issuer="中国质量认证中心",
        valid_from=datetime.date(2024, 3, 1),
        valid_until=datetime.date(2027, 2, 28),
        exemption="partial",
        exemption_reason="风险评估：体系运行两年无重大不符合。",
    )
    response = as_user(browser, world.pm).get(reverse("organisation_detail", args=[world.alpha.pk]))
    page = text(response)
    for shown in (
        "南昌市红谷滩区1号",
        "王经理 0791-1234567",
        "红谷滩服务中心",
        "绿色物业服务",
        "00124Q36789R0M 中国质量认证中心 yes 2024-03-01 – 2027-02-28",
        "Partly exempted from the generic QMS audit 风险评估：体系运行两年无重大不符合。",
        world.project.code,
    ):
        assert shown in page
    assert world.beta_project.code not in page
    html = response.content.decode()
    assert reverse("organisation_edit", args=[world.alpha.pk]) in html
    assert reverse("site_add", args=[world.alpha.pk]) in html
    assert reverse("qms_certificate_add", args=[world.alpha.pk]) in html


def test_readers_get_no_edit_links(world, browser):
    for reader in (world.reviewer, world.decider, world.leader):
        html = (
            as_user(browser, reader)
            .get(reverse("organisation_detail", args=[world.alpha.pk]))
            .content.decode()
        )
        assert reverse("organisation_edit", args=[world.alpha.pk]) not in html
        assert reverse("contact_add", args=[world.alpha.pk]) not in html
        assert reverse("site_add", args=[world.alpha.pk]) not in html


def test_an_auditor_sees_only_the_projects_of_their_teams(world, browser):
    start = datetime.date(2026, 9, 1)
    other = create_project(
        actor=world.pm,
        organisation=world.alpha,
        kind=Project.Kind.SURVEILLANCE,
        scope="监督",
        planned_start=start,
        planned_end=start,
    )
    page = text(
        as_user(browser, world.leader).get(reverse("organisation_detail", args=[world.alpha.pk]))
    )
    assert world.project.code in page and other.code not in page
    page = text(
        as_user(browser, world.reviewer).get(reverse("organisation_detail", args=[world.alpha.pk]))
    )
    assert world.project.code in page and other.code in page


def test_a_client_may_keep_its_own_contacts_but_not_the_rest(world, browser):
    as_user(browser, world.client)
    html = browser.get(reverse("organisation_detail", args=[world.alpha.pk])).content.decode()
    assert reverse("contact_add", args=[world.alpha.pk]) in html
    assert reverse("organisation_edit", args=[world.alpha.pk]) not in html
    response = browser.post(
        reverse("contact_add", args=[world.alpha.pk]),
        {"name": "张三", "email": "zhang@example.cn"},
        follow=True,
    )
    assert "张三" in text(response)
    entry = AuditEntry.objects.get(action="greencert.contact.created")
    assert (entry.actor, entry.organisation) == (world.client, world.alpha)


# --- contacts, sites, services, certificates --------------------------------


def test_a_contact_with_a_bad_email_is_refused(world, browser):
    as_user(browser, world.pm)
    response = browser.post(
        reverse("contact_add", args=[world.alpha.pk]), {"name": "张三", "email": "not-an-email"}
    )
    assert list(field_errors(response)) == ["email"]
    assert not Contact.objects.exists()


def test_a_site_name_is_unique_within_its_organisation(world, browser):
    as_user(browser, world.pm)
    response = browser.post(reverse("site_add", args=[world.alpha.pk]), {"name": "红谷滩服务中心"})
    assert field_errors(response) == {"name": ["绿源服务有限公司 already has “红谷滩服务中心”."]}
    assert world.alpha.sites.count() == 1
    # Another organisation may use the same name.
    response = browser.post(reverse("site_add", args=[world.beta.pk]), {"name": "红谷滩服务中心"})
    assert response.status_code == 302
    assert world.beta.sites.filter(name="红谷滩服务中心").exists()


def test_a_site_used_by_a_project_cannot_be_removed(world, browser):
    as_user(browser, world.pm)
    response = browser.post(
        reverse("site_delete", args=[world.alpha.pk, world.site.pk]), follow=True
    )
    assert f"“红谷滩服务中心” is part of project(s) {world.project.code}" in text(response)
    assert Site.objects.filter(pk=world.site.pk).exists()
    assert not AuditEntry.objects.filter(action="greencert.site.deleted").exists()


def test_removing_an_unused_service_is_audited(world, browser):
    service = world.alpha.services.create(name="绿化养护")
    as_user(browser, world.admin)
    response = browser.post(
        reverse("service_delete", args=[world.alpha.pk, service.pk]), follow=True
    )
    assert "“绿化养护” removed." in text(response)
    entry = AuditEntry.objects.get(action="greencert.service.deleted")
    assert entry.before == {"name": "绿化养护", "description": ""}


QMS = {
    "number": "00124Q36789R0M",
    "issuer": "中国质量认证中心",
    "accredited": "on",
    "valid_from": "2024-03-01",
    "valid_until": "2027-02-28",
}


def test_an_exemption_decision_without_reason_is_refused(world, browser):
    as_user(browser, world.pm)
    response = browser.post(
        reverse("qms_certificate_add", args=[world.alpha.pk]), {**QMS, "exemption": "partial"}
    )
    assert field_errors(response) == {
        "exemption_reason": ["An exemption decision needs its reason (§5.2.2)."]
    }
    assert not QmsCertificate.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="greencert.qms").exists()


def test_a_certificate_ending_before_it_starts_is_refused(world, browser):
    as_user(browser, world.pm)
    response = browser.post(
        reverse("qms_certificate_add", args=[world.alpha.pk]),
        {**QMS, "valid_until": "2024-01-01", "exemption": "pending"},
    )
    assert field_errors(response) == {"valid_until": ["The certificate must end after it starts."]}
    assert not QmsCertificate.objects.exists()


def test_a_certificate_and_its_decision_are_recorded_and_shown(world, browser):
    as_user(browser, world.pm)
    response = browser.post(
        reverse("qms_certificate_add", args=[world.alpha.pk]),
        {**QMS, "exemption": "none", "exemption_reason": "证书范围不覆盖物业服务。"},
        follow=True,
    )
    page = text(response)
    assert "Not exempted 证书范围不覆盖物业服务。" in page
    certificate = QmsCertificate.objects.get()
    assert (certificate.organisation, certificate.valid_until) == (
        world.alpha,
        datetime.date(2027, 2, 28),
    )
    entry = AuditEntry.objects.get(action="greencert.qms_certificate.created")
    assert entry.after["exemption"] == "none"
    # Deciding later changes the record and says what changed.
    browser.post(
        reverse("qms_certificate_edit", args=[world.alpha.pk, certificate.pk]),
        {**QMS, "exemption": "partial", "exemption_reason": "范围已扩大，风险低。"},
    )
    entry = AuditEntry.objects.get(action="greencert.qms_certificate.changed")
    assert ("exemption", "none", "partial") in entry.changes()


def test_an_expired_certificate_is_marked(world, browser):
    QmsCertificate.objects.create(
        organisation=world.alpha, number="OLD-1", issuer="x", valid_until=datetime.date(2020, 1, 1)
    )
    page = text(
        as_user(browser, world.pm).get(reverse("organisation_detail", args=[world.alpha.pk]))
    )
    assert "until 2020-01-01 expired" in page
