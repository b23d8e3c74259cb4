"""Service blueprints (§4.2.2 2)①): the audited service, the page, the project page, the report."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from greencert.core.exceptions import InputError
from greencert.web.audit.display import changes
from greencert.web.audit.models import AuditEntry
from greencert.web.clients.models import Site
from greencert.web.clients.services import remove_site
from greencert.web.documents.context import ReportFigures, report_context
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.models import Project, ServiceBlueprint
from greencert.web.projects.services.blueprints import save_blueprint
from greencert.web.projects.services.projects import update_project
from tests.reports.pdftools import needs_poppler, write
from tests.reports.pdftools import text as pdf_text
from tests.web.matrix import get_reading_only
from tests.web.sheet_helpers import browser

CHECK_IN = {
    "steps": [
        {
            "customer": "到店办理入住",
            "contacts": [{"kind": "people", "text": "前台接待员"}],
            "backstage": ["核验身份证件"],
            "support": ["客房管理系统"],
        }
    ]
}


def save(world, data=CHECK_IN, version=0, actor=None, site=None):
    return save_blueprint(
        actor=actor or world.leader,
        project=world.project,
        site=site or world.site,
        service=world.service,
        data=data,
        expected_version=version,
    )


def url_of(world) -> str:
    return reverse("blueprint_edit", args=(world.project.pk, world.site.pk, world.service.pk))


def form_data(*customers, version=0, **extra) -> dict:
    data = {
        "version": str(version),
        "form-TOTAL_FORMS": str(len(customers)),
        "form-INITIAL_FORMS": "0",
    }
    for n, customer in enumerate(customers):
        data[f"form-{n}-customer"] = customer
    return data | extra


def close(project):
    Project.objects.filter(pk=project.pk).update(state=Project.State.EVALUATION_COMPLETE)
    project.refresh_from_db()


# --- the service -------------------------------------------------------------


def test_the_first_save_stores_version_1_and_records_every_step(world):
    stored = save(world)
    assert (stored.version, stored.data, stored.updated_by) == (1, CHECK_IN, world.leader)
    entry = AuditEntry.objects.get(action="greencert.blueprint.created")
    assert entry.project == world.project
    assert entry.after == {"1": "到店办理入住 ‖ 前台接待员 [people] ‖ 核验身份证件 ‖ 客房管理系统"}


def test_a_change_moves_the_version_on_and_records_before_and_after(world):
    save(world)
    data = {"steps": [*CHECK_IN["steps"], {"customer": "退房"}]}
    stored = save(world, data, version=1, actor=world.evaluator)
    assert (stored.version, len(stored.data["steps"]), stored.updated_by) == (2, 2, world.evaluator)
    entry = AuditEntry.objects.get(action="greencert.blueprint.changed")
    assert entry.before.keys() == {"1"} and entry.after["2"] == "退房 ‖ — ‖ — ‖ —"
    with translation.override("en"):
        assert [row["field"] for row in changes(entry)] == ["step 2"]


def test_a_stale_version_is_refused_and_nothing_changes(world):
    save(world)
    save(world, {"steps": [{"customer": "别人改过"}]}, version=1)
    with pytest.raises(EditConflict):
        save(world, {"steps": [{"customer": "我的旧副本"}]}, version=1)
    stored = ServiceBlueprint.objects.get()
    assert (stored.version, stored.data["steps"][0]["customer"]) == (2, "别人改过")
    assert AuditEntry.objects.filter(action__startswith="greencert.blueprint.").count() == 2


def test_someone_elses_first_version_is_a_conflict_too(world):
    save(world)
    with pytest.raises(EditConflict):
        save(world, version=0)
    assert ServiceBlueprint.objects.count() == 1


def test_a_closed_project_refuses_the_change(world):
    close(world.project)
    with pytest.raises(NotEditable):
        save(world)
    assert not ServiceBlueprint.objects.exists()


def test_a_site_outside_the_project_and_a_bad_blueprint_are_refused_together(world):
    elsewhere = Site.objects.create(organisation=world.alpha, name="未列入的网点")
    with pytest.raises(InputError) as caught:
        save(world, {"steps": [{"customer": ""}]}, site=elsewhere)
    assert [(p.field, p.step) for p in caught.value.problems] == [("site", None), ("customer", 1)]
    assert not ServiceBlueprint.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="greencert.blueprint.").exists()


# --- the page ------------------------------------------------------------------


def test_an_editor_saves_two_steps_and_sees_them_drawn(world):
    client = browser(Client(), world.leader)
    data = form_data("到店办理入住", "退房", save="1")
    data |= {"form-0-people": "前台接待员\n大堂经理", "form-1-digital": "电子发票"}
    response = client.post(url_of(world), data)
    assert response.status_code == 302
    stored = ServiceBlueprint.objects.get()
    assert stored.data["steps"][0]["contacts"] == [
        {"kind": "people", "text": "前台接待员"},
        {"kind": "people", "text": "大堂经理"},
    ]
    assert stored.data["steps"][1]["contacts"] == [{"kind": "digital", "text": "电子发票"}]
    page = get_reading_only(client, url_of(world)).content.decode()
    assert page.count("<svg") == 1
    for text in ("到店办理入住", "退房", "大堂经理", "电子发票", "line of visibility"):
        assert f">{text}</text>" in page


def test_adding_a_step_and_previewing_store_nothing(world):
    client = browser(Client(), world.leader)
    response = client.post(url_of(world), form_data("进店", add_step="1"))
    assert response.status_code == 200
    assert 'name="form-1-customer"' in response.content.decode()
    response = client.post(url_of(world), form_data("进店", "<付款>", preview="1"))
    page = response.content.decode()
    assert ">&lt;付款&gt;</text>" in page and "not saved yet" in page
    assert not ServiceBlueprint.objects.exists()


def test_the_cores_refusal_is_shown_at_the_step_it_names(world):
    client = browser(Client(), world.leader)
    data = form_data("进店", "付款", save="1") | {"form-1-support": "\n".join("s" * 9)}
    response = client.post(url_of(world), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "has 9 entries, at most 8 are allowed" in page
    # Shown inside step 2's fieldset, not step 1's.
    step2 = page[page.index('id="step-2"') :]
    assert "has 9 entries" in step2[: step2.index("</fieldset>")]
    assert not ServiceBlueprint.objects.exists()


def test_a_stale_page_gets_409_and_keeps_what_was_typed(world):
    save(world)
    save(world, {"steps": [{"customer": "别人改过"}]}, version=1)
    client = browser(Client(), world.leader)
    response = client.post(url_of(world), form_data("我的改动", version=1, save="1"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else" in page and "我的改动" in page
    assert ServiceBlueprint.objects.get().data["steps"][0]["customer"] == "别人改过"


def test_once_closed_the_team_reads_only_and_a_post_is_409(world):
    save(world)
    close(world.project)
    client = browser(Client(), world.leader)
    page = get_reading_only(client, url_of(world)).content.decode()
    assert "can no longer change" in page and 'name="form-0-customer"' not in page
    response = client.post(url_of(world), form_data("迟到的改动", version=1, save="1"))
    assert response.status_code == 409
    assert ServiceBlueprint.objects.get().version == 1


# --- the project page and the report ---------------------------------------------


def test_the_project_page_lists_blueprints_drawn_and_not_yet_drawn(world):
    project_url = reverse("project_detail", args=(world.project.pk,))
    staff = get_reading_only(browser(Client(), world.pm), project_url).content.decode()
    assert "Not drawn yet." in staff and url_of(world) in staff
    client_page = get_reading_only(browser(Client(), world.client), project_url).content.decode()
    assert "Service blueprints" not in client_page  # nothing drawn: nothing to show a client
    save(world)
    for user in (world.pm, world.client):
        page = get_reading_only(browser(Client(), user), project_url).content.decode()
        assert "<svg" in page and ">到店办理入住</text>" in page and url_of(world) in page


def test_the_report_context_carries_the_blueprints(world):
    save(world)
    context = report_context(ReportFigures(world.project))
    assert context["blueprints"] == [
        {"site": world.site.name, "service": world.service.name, "blueprint": CHECK_IN}
    ]


def test_a_site_dropped_from_the_plan_leaves_the_report_and_cannot_be_removed(world):
    save(world)
    other = Site.objects.create(organisation=world.alpha, name="九江网点")
    update_project(
        actor=world.pm,
        project=world.project,
        scope=world.project.scope,
        planned_start=world.project.planned_start,
        planned_end=world.project.planned_end,
        sites=[other],
        services=[world.service],
    )
    world.project.refresh_from_db()
    assert report_context(ReportFigures(world.project))["blueprints"] == []
    # The blueprint is still stored (it is part of the audit's record): its site stays.
    with pytest.raises(ValidationError, match="service blueprint"):
        remove_site(actor=world.pm, site=world.site)
    assert Site.objects.filter(pk=world.site.pk).exists()


@needs_poppler
def test_the_downloaded_report_draws_the_blueprint(world, tmp_path):
    save(world)
    client = browser(Client(), world.leader)
    response = client.get(reverse("project_report", args=(world.project.pk,)))
    assert response.status_code == 200
    printed = pdf_text(write(tmp_path, response.content))
    assert "服务蓝图 Service blueprint" in printed
    assert "红谷滩服务中心 · 绿色物业服务" in printed
    for text in ("到店办理入住", "前台接待员", "核验身份证件", "客房管理系统", "互动分界线"):
        assert text in printed
