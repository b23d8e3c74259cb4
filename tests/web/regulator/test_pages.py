"""What the administrator sees and does on the regulator's pages; the worklist and the reminder.

October 2026 holds one complete certificate row (tests/web/regulator/test_permissions_regulator);
the world's two projects, planned on 2026-11-20, are November's audit plans, which still lack the
body's approval number and the codes the platform does not publish.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from greencert.core.report_format import bundled_format
from greencert.web.regulator import reminders, services
from greencert.web.regulator.models import BodyCode, ReportPeriod
from greencert.web.tasks import app
from tests.web.certification.certificate_support import on_day
from tests.web.conftest import build_world
from tests.web.regulator.test_permissions_regulator import complete_october

D = datetime.date


def cells(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


@pytest.fixture
def november(db):
    with on_day(D(2026, 11, 20)):
        world = build_world()
    complete_october(world)
    with on_day(D(2026, 11, 21)):
        services.collect(actor=world.admin, today=D(2026, 11, 21))
    return world


def read(client, user, name, *args, lang="en"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(reverse(name, args=args))


def test_the_months_with_their_deadline_and_what_is_reported(november, client):
    with on_day(D(2026, 11, 21)):
        page = read(client, november.admin, "regulator_periods").content.decode()
    assert '<tr data-month="2026-11">' in page and '<tr data-month="2026-10">' in page
    october = page.split('data-month="2026-10"')[1].split("</tr>")[0]
    assert "2026-11-10" in october and "overdue" in october and "Not reported yet" in october
    november_row = page.split('data-month="2026-11"')[1].split("</tr>")[0]
    assert "2026-12-10" in november_row and "overdue" not in november_row
    # The codes the body has not given yet (October's set only four of them).
    missing = sum(len(c.to_complete) for c in bundled_format().code_lists.values()) - 4
    assert f"The platform does not publish {missing} codes that the report needs" in page


def test_a_month_shows_its_rows_and_every_problem_in_the_readers_language(november, client):
    with on_day(D(2026, 11, 21)):
        english = read(client, november.admin, "regulator_period", "2026-11").content.decode()
        chinese = read(
            client, november.admin, "regulator_period", "2026-11", lang="zh-hans"
        ).content.decode()
    plans = f"Audit plan R{november.project.code}", f"Audit plan R{november.beta_project.code}"
    assert all(p in english for p in plans)
    assert "sheet audit plans row 2: body&#x27;s approval number is required but empty" in english
    assert "工作表 审核计划信息表 第 2 行：“认证机构批准号”为必填项，未填写" in chinese
    assert "01 initial certification" in english and "01 初次认证" in chinese
    assert "Not reported yet." in english
    # November has not ended: the button is there, disabled.
    assert "A month is reported once it has ended." in english


def test_marking_a_month_with_problems_is_refused_and_nothing_is_kept(november, client):
    with on_day(D(2026, 12, 2)):
        client.force_login(november.admin)
        response = client.post(reverse("regulator_mark", args=["2026-11"]), {"confirmed": "yes"})
        page = client.get(response["Location"]).content.decode()
    assert "个问题" in page or "problems remain" in page
    period = ReportPeriod.objects.get(month=D(2026, 11, 1))
    assert (period.is_reported, period.file.name) == (False, "")


def test_october_is_filed_and_its_file_kept_as_filed(november, client):
    with on_day(D(2026, 11, 22)):
        client.force_login(november.admin)
        before = client.get(reverse("regulator_file", args=["2026-10"]))
        client.post(reverse("regulator_mark", args=["2026-10"]), {"confirmed": "yes"})
        # A code given after filing changes what a new file would say, never the filed one.
        BodyCode.objects.filter(code_list="multi_site", key="yes").update(code="Y")
        after = client.get(reverse("regulator_file", args=["2026-10"]))
        page = read(client, november.admin, "regulator_period", "2026-10").content.decode()
    filed = b"".join(after.streaming_content)
    assert filed == ReportPeriod.objects.get(month=D(2026, 10, 1)).file.open("rb").read()
    book = openpyxl.load_workbook(io.BytesIO(filed))
    assert book.sheetnames == ["审核计划信息表", "证书信息表", "审核结果信息表"]
    assert book["证书信息表"]["P2"].value == "1"  # 是否多场所 as filed, before the change
    # What was downloaded to upload is what is kept (cell by cell: the file's own timestamps differ).
    assert cells(before.content) == cells(filed)
    assert "Reported 2026-11-22" in page and "The file filed (Excel)" in page


def test_the_body_completes_a_code_and_the_page_says_what_is_left(november, client):
    client.force_login(november.admin)
    client.post(reverse("regulator_codes"), {"status.expired": " st 9 "})
    assert BodyCode.objects.get(code_list="status", key="expired").code == "ST9"
    # A published code is never replaced, whatever is posted.
    client.post(reverse("regulator_codes"), {"status.expired": "ST9", "status.valid": "X"})
    assert not BodyCode.objects.filter(code_list="status", key="valid").exists()
    page = read(client, november.admin, "regulator_codes", lang="zh-hans").content.decode()
    assert 'name="status.expired" value="ST9"' in page and "过期失效" in page


def test_the_administrators_worklist_names_the_month_and_its_deadline(november, client):
    with on_day(D(2026, 11, 21)):
        admin = read(client, november.admin, "home").content.decode()
        manager = read(client, november.pm, "home").content.decode()
    assert "Report 2026-10 to the regulator" in admin and "Due by 2026-11-10" in admin
    assert "2026-11 to the regulator" not in admin  # November has not ended
    assert "to the regulator" not in manager


def test_the_reminder_goes_out_once_three_days_before_the_tenth(db):
    with on_day(D(2026, 10, 20)):
        world = build_world()
    world.admin.email = "admin@example.com"
    world.admin.save()
    with on_day(D(2026, 11, 6)):
        assert reminders.daily(D(2026, 11, 6))["reminded"] == []  # 4 days before
    with on_day(D(2026, 11, 7)):
        assert reminders.daily(D(2026, 11, 7))["reminded"] == ["2026-10"]
    with on_day(D(2026, 11, 8)):
        assert reminders.daily(D(2026, 11, 8))["reminded"] == []  # once
    [message] = mail.outbox
    assert message.to == ["admin@example.com"]
    assert message.subject == "请于 2026-11-10 前报送 2026-10 数据"
    assert "尚有 2 行未向全国报送平台报送" in message.body


def test_the_daily_run_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["regulator-daily"]
    app.autodiscover_tasks(force=True)
    assert entry["task"] in app.tasks


@pytest.mark.parametrize(
    "posted, lang, said",
    [
        ({"status.expired": "ST9"}, "en", "1 code saved."),
        ({"status.expired": "ST9", "multi_site.no": "N"}, "en", "2 codes saved."),
        ({"status.expired": "ST9"}, "zh-hans", "已保存 1 个代码。"),
    ],
)
def test_the_codes_saved_are_counted_in_the_readers_grammar(november, client, posted, lang, said):
    BodyCode.objects.all().delete()  # so that only what is posted changes
    client.force_login(november.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.post(reverse("regulator_codes"), posted, follow=True)
    assert said in response.content.decode()
