"""What the regulator's report asks of an organisation besides its name and code: the GB/T 2260
division code (checked against python-stdnum's table), postcode, legal representative, industry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greencert.web.audit.models import AuditEntry
from greencert.web.clients.models import Organisation
from tests.web.conftest import PASSWORD
from tests.web.projects_support import text

pytestmark = pytest.mark.django_db


def _edit(client, world, **changes):
    data = {"name": world.alpha.name, "address": world.alpha.address, "uscc": world.alpha.uscc}
    return client.post(reverse("organisation_edit", args=[world.alpha.pk]), data | changes)


def test_the_record_is_saved_shown_with_the_divisions_name_and_audited(world, client):
    client.login(username="pm", password=PASSWORD)
    response = _edit(
        client,
        world,
        region_code="360111",
        postcode="330029",
        legal_representative="张三",
        industry="物业管理",
    )
    assert response.status_code == 302
    stored = Organisation.objects.get(pk=world.alpha.pk)
    assert (stored.region_code, stored.postcode, stored.industry) == (
        "360111",
        "330029",
        "物业管理",
    )
    page = text(client.get(reverse("organisation_detail", args=[world.alpha.pk])))
    assert "行政区划代码 360111 江西省 青山湖区" in page
    assert "法定代表人 张三" in page
    entry = AuditEntry.objects.filter(action="greencert.organisation.changed").latest("sequence")
    assert entry.after["region_code"] == "360111" and entry.before["region_code"] == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("region_code", "3601", "行政区划代码 3601 不能接受：应为 6 位数字。"),
        ("region_code", "369999", "行政区划代码 369999 不能接受：不是 GB/T 2260 行政区划代码。"),
        ("postcode", "33002A", "邮政编码 33002A 不能接受：应为 6 位数字。"),
    ],
)
def test_a_wrong_code_is_refused_in_chinese_naming_it(world, client, field, value, message):
    client.login(username="pm", password=PASSWORD)
    response = _edit(client, world, **{field: value})
    assert response.status_code == 200
    assert message in text(response)
    assert getattr(Organisation.objects.get(pk=world.alpha.pk), field) == ""
