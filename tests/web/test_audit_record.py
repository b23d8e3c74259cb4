"""How the audit was carried out: its mode, its actual dates (checked: they happened, the end
after the start) and each team member's person-days."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from greencert.core.exceptions import InputError
from greencert.web.projects.models import Project
from greencert.web.projects.services.team import record_person_days
from tests.web.conftest import PASSWORD
from tests.web.projects_support import text

pytestmark = pytest.mark.django_db


def _plan(world, **audit) -> dict:
    project = world.project
    return {
        "scope": project.scope,
        "planned_start": project.planned_start.isoformat(),
        "planned_end": project.planned_end.isoformat(),
        "sites": [world.site.pk],
        "services": [world.service.pk],
    } | audit


def test_audit_dates_in_the_future_are_refused(world, client):
    client.login(username="pm", password=PASSWORD)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = _plan(world, audit_mode="FS01", audit_started_on=tomorrow.isoformat())
    response = client.post(reverse("project_edit", args=[world.project.pk]), data)
    assert response.status_code == 200
    assert f"审核开始日期 {tomorrow.isoformat()} 晚于今天" in text(response)
    assert Project.objects.get(pk=world.project.pk).audit_started_on is None


def test_an_end_without_a_start_is_refused(world, client):
    client.login(username="pm", password=PASSWORD)
    data = _plan(world, audit_ended_on="2026-05-12")
    response = client.post(reverse("project_edit", args=[world.project.pk]), data)
    assert "有审核结束日期就须有开始日期" in text(response)


def test_the_mode_and_dates_show_on_the_project_page(world, client):
    client.login(username="pm", password=PASSWORD)
    data = _plan(
        world, audit_mode="FS03", audit_started_on="2026-05-11", audit_ended_on="2026-05-12"
    )
    client.post(reverse("project_edit", args=[world.project.pk]), data)
    page = text(client.get(reverse("project_detail", args=[world.project.pk])))
    assert "审核方式 现场结合远程" in page
    assert "实际审核日期 2026-05-11 – 2026-05-12" in page


def test_person_days_of_zero_are_refused_naming_the_member(world, client):
    client.login(username="pm", password=PASSWORD)
    leader = world.project.team.get(user=world.leader)
    response = client.post(
        reverse("project_team", args=[world.project.pk]),
        {"action": "days", f"days-{leader.pk}": "0"},
    )
    assert response.status_code == 200
    assert "Leader: 确保该值大于或等于0.1。" in text(response)
    assert world.project.team.get(user=world.leader).person_days is None


def test_the_service_refuses_days_out_of_range_and_strangers(world):
    leader = world.project.team.get(user=world.leader)
    with pytest.raises(InputError):
        record_person_days(actor=world.pm, project=world.project, days={leader.pk: Decimal(1000)})
    other = world.beta_project
    with pytest.raises(InputError):
        record_person_days(actor=world.pm, project=other, days={leader.pk: Decimal(2)})
    assert world.project.team.get(user=world.leader).person_days is None
