"""Applications for certification (认证申请): recording, reviewing, listing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from greencert.web.audit.models import AuditEntry
from greencert.web.clients import services
from greencert.web.clients.models import Application, Site
from tests.web.clients_pages import field_errors, in_english, text
from tests.web.fingerprint import changed_tables, fingerprint
from tests.web.matrix import get_reading_only


@pytest.fixture
def browser(client):
    return in_english(client)


def as_user(browser, user):
    browser.force_login(user)
    return browser


def submitted(world, scope="绿色物业服务（红谷滩）", organisation=None):
    organisation = organisation or world.alpha
    return services.submit_application(
        actor=world.pm,
        organisation=organisation,
        scope=scope,
        services=list(organisation.services.all()),
        sites=list(organisation.sites.all()),
    )


# --- recording an application ----------------------------------------------


def test_a_manager_records_an_application_with_the_organisations_services_and_sites(world, browser):
    as_user(browser, world.pm)
    form_page = browser.get(reverse("application_create", args=[world.alpha.pk]))
    # Only alpha's own services and sites are offered.
    assert "红谷滩服务中心" in text(form_page) and "朝阳网点" not in text(form_page)
    response = browser.post(
        reverse("application_create", args=[world.alpha.pk]),
        {
            "scope": "红谷滩片区绿色物业服务",
            "services": [world.service.pk],
            "sites": [world.site.pk],
        },
        follow=True,
    )
    application = Application.objects.get()
    assert application.organisation == world.alpha
    assert application.status == Application.Status.SUBMITTED
    page = text(response)
    assert "Application recorded." in page
    assert "Requested scope 红谷滩片区绿色物业服务" in page
    assert "Services 绿色物业服务" in page and "Sites 红谷滩服务中心" in page
    entry = AuditEntry.objects.get(action="greencert.application.submitted")
    assert (entry.actor, entry.organisation) == (world.pm, world.alpha)
    assert entry.after["sites"] == ["红谷滩服务中心"]


def test_another_organisations_site_is_refused_with_a_field_error(world, browser):
    beta_site = Site.objects.get(name="朝阳网点")
    as_user(browser, world.pm)
    response = browser.post(
        reverse("application_create", args=[world.alpha.pk]),
        {"scope": "物业", "services": [world.service.pk], "sites": [world.site.pk, beta_site.pk]},
    )
    assert field_errors(response) == {
        "sites": [f"Select a valid choice. {beta_site.pk} is not one of the available choices."]
    }
    assert not Application.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="greencert.application").exists()


def test_an_application_needs_scope_services_and_sites(world, browser):
    as_user(browser, world.pm)
    response = browser.post(reverse("application_create", args=[world.alpha.pk]), {"scope": " "})
    assert field_errors(response) == {
        "scope": ["This field is required."],
        "services": ["Choose at least one service."],
        "sites": ["Choose at least one site."],
    }
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "朝阳网点 is not a site of 绿源服务有限公司."),
        ("zh-hans", "朝阳网点 不是 绿源服务有限公司 的服务场所。"),
    ],
)
def test_the_service_refuses_another_organisations_site_by_itself(world, lang, message):
    beta_site = Site.objects.get(name="朝阳网点")
    # In the language of whoever asked (the page's, or the API's Accept-Language).
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        services.submit_application(
            actor=world.pm,
            organisation=world.alpha,
            scope="物业",
            services=[world.service],
            sites=[beta_site],
        )
    assert refused.value.message_dict == {"sites": [message]}
    assert not Application.objects.exists()


def test_a_client_user_applies_for_its_own_organisation(world, browser):
    as_user(browser, world.client)
    page = text(browser.get(reverse("organisation_detail", args=[world.alpha.pk])))
    assert "Apply for certification" in page
    response = browser.post(
        reverse("application_create", args=[world.alpha.pk]),
        {
            "scope": "我们申请绿色物业服务认证",
            "services": [world.service.pk],
            "sites": [world.site.pk],
        },
        follow=True,
    )
    assert "Application recorded." in text(response)
    entry = AuditEntry.objects.get(action="greencert.application.submitted")
    assert entry.actor == world.client
    # It shows on the organisation page, with its status.
    page = text(browser.get(reverse("organisation_detail", args=[world.alpha.pk])))
    assert "我们申请绿色物业服务认证 Submitted" in page


# --- reviewing -------------------------------------------------------------------


def test_accepting_shows_the_create_project_link(world, browser):
    application = submitted(world)
    as_user(browser, world.pm)
    response = browser.post(
        reverse("application_review", args=[application.pk]),
        {"decision": "accepted"},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.reviewed_by == world.pm and application.reviewed_at is not None
    page = text(response)
    assert "Application accepted." in page and "Create project" in page
    assert f'href="{reverse("project_create")}?application={application.pk}"' in (
        response.content.decode()
    )
    entry = AuditEntry.objects.get(action="greencert.application.accepted")
    assert entry.changes()[0] == ("status", "submitted", "accepted")


def test_a_one_click_refusal_changes_nothing_and_leads_to_its_confirmation(world, browser):
    application = submitted(world)
    as_user(browser, world.pm)
    before = fingerprint()
    response = browser.post(
        reverse("application_review", args=[application.pk]),
        {"decision": "refused", "reason": "申请范围不属于绿色产品服务。"},
    )
    assert response["Location"] == reverse("application_refuse", args=[application.pk])
    assert changed_tables(before, fingerprint()) == set()
    application.refresh_from_db()
    assert (application.status, application.review_reason) == ("submitted", "")


def test_the_refusal_page_says_what_will_happen_to_this_application(world, browser):
    application = submitted(world)
    as_user(browser, world.pm)
    page = get_reading_only(browser, reverse("application_refuse", args=[application.pk]))
    day = timezone.localtime(application.submitted_at).date().isoformat()
    shown = text(page)
    assert (
        f"The application of 绿源服务有限公司 submitted on {day} (绿色物业服务 at 红谷滩服务中心) "
        "will be refused." in shown
    )
    # The world's alpha has one client user.
    assert "The organisation's 1 user will see the refusal and your reason on its page." in shown
    assert "No project can be created from this application." in shown
    assert "Cannot be undone" in shown


def test_the_refusal_page_in_chinese(world, client):
    application = submitted(world)
    client.force_login(world.pm)
    shown = text(client.get(reverse("application_refuse", args=[application.pk])))
    assert "的认证申请（红谷滩服务中心的绿色物业服务）将不予接受。" in shown
    assert "该组织的 1 名用户将在申请页面看到不予接受的决定及您填写的理由。" in shown
    assert "不可撤销" in shown


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Reason for refusing: Give the reason for refusing the application."),
        ("zh", "不予接受的理由：请填写不予接受申请的理由。"),
    ],
)
def test_a_refusal_without_reason_is_refused(world, client, lang, message):
    application = submitted(world)
    if lang == "en":
        in_english(client)
    client.force_login(world.pm)
    before = fingerprint()
    response = client.post(
        reverse("application_refuse", args=[application.pk]), {"confirmed": "yes", "reason": "  "}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert changed_tables(before, fingerprint()) == set()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_refusal_posted_without_its_confirmation_changes_nothing(world, browser):
    application = submitted(world)
    as_user(browser, world.pm)
    before = fingerprint()
    response = browser.post(
        reverse("application_refuse", args=[application.pk]), {"reason": "范围不清"}
    )
    assert response.status_code == 400
    assert "Read what will happen, then confirm on this page." in text(response)
    assert changed_tables(before, fingerprint()) == set()


def test_a_refusal_with_reason_is_stored_audited_and_shown_to_the_client(world, browser):
    application = submitted(world)
    response = as_user(browser, world.pm).post(
        reverse("application_refuse", args=[application.pk]),
        {"confirmed": "yes", "reason": "申请范围不属于绿色产品服务。"},
    )
    assert response["Location"] == reverse("application_detail", args=[application.pk])
    application.refresh_from_db()
    assert (application.status, application.review_reason) == (
        "refused",
        "申请范围不属于绿色产品服务。",
    )
    entry = AuditEntry.objects.get(action="greencert.application.refused")
    assert entry.after["review_reason"] == "申请范围不属于绿色产品服务。"
    page = text(
        as_user(browser, world.client).get(reverse("application_detail", args=[application.pk]))
    )
    assert "Refused" in page
    assert "Reason for refusing 申请范围不属于绿色产品服务。" in page
    assert "Create project" not in page and "Accept the application" not in page


def test_an_application_is_reviewed_once(world, browser):
    application = submitted(world)
    services.review_application(actor=world.pm, application=application, accept=True)
    as_user(browser, world.admin)
    response = browser.post(
        reverse("application_review", args=[application.pk]),
        {"decision": "refused", "reason": "改主意了"},
        follow=True,
    )
    assert "This application was already reviewed (Accepted)." in text(response)
    application.refresh_from_db()
    assert (application.status, application.review_reason) == ("accepted", "")
    assert AuditEntry.objects.filter(action__startswith="greencert.application.").count() == 2


def test_the_database_refuses_a_refusal_without_reason(world):
    application = submitted(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(status="refused", review_reason="")


def test_a_client_sees_no_review_form(world, browser):
    application = submitted(world)
    page = text(
        as_user(browser, world.client).get(reverse("application_detail", args=[application.pk]))
    )
    assert "Record the review" not in page


# --- the list ----------------------------------------------------------------------


def test_the_list_filters_by_status(world, browser):
    waiting = submitted(world, scope="待审的申请")
    done = submitted(world, scope="已受理的申请")
    services.review_application(actor=world.pm, application=done, accept=True)
    as_user(browser, world.pm)
    page = text(browser.get(reverse("application_list")))
    assert waiting.scope in page and done.scope in page
    page = text(browser.get(reverse("application_list"), {"status": "submitted"}))
    assert waiting.scope in page and done.scope not in page
    page = text(browser.get(reverse("application_list"), {"status": "refused"}))
    assert "No applications." in page


def test_a_client_lists_only_its_own_organisations_applications(world, browser):
    world.beta.services.create(name="物业服务")  # beta has a site, and now a service
    submitted(world, scope="alpha 的申请")
    submitted(world, scope="beta 的申请", organisation=world.beta)
    page = text(as_user(browser, world.client).get(reverse("application_list")))
    assert "alpha 的申请" in page and "beta 的申请" not in page
    page = text(as_user(browser, world.beta_client).get(reverse("application_list")))
    assert "beta 的申请" in page and "alpha 的申请" not in page
