"""A month of events worked by hand (see support.py): each sheet's rows, codes, report types,
the reported markers and the next month's correction."""

from __future__ import annotations

import io

import openpyxl
import pytest

from greencert.core.exceptions import InputError
from greencert.web.accounts.models import CertificationBody
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.services import certificates
from greencert.web.certification.services.expiry import note_expiries
from greencert.web.clients.models import Organisation
from greencert.web.regulator import services
from greencert.web.regulator.models import ReportPeriod, ReportRow
from tests.web.certification.certificate_support import on_day
from tests.web.regulator.support import D, tell_june, tell_may


@pytest.fixture
def story(db):
    holder: dict = {}
    tell_may(holder)
    return holder


def sheet_rows(month, sheet: str) -> list[dict]:
    period = ReportPeriod.objects.get(month=month)
    return [r.values for r in period.rows.filter(sheet=sheet).order_by("event_on", "id")]


def cells(month) -> dict[str, list[dict]]:
    """The filed workbook read back: each sheet's rows as header → cell."""
    period = ReportPeriod.objects.get(month=month)
    with period.file.open("rb") as handle:
        book = openpyxl.load_workbook(io.BytesIO(handle.read()))
    found = {}
    for ws in book.worksheets:
        lines = list(ws.iter_rows(values_only=True))
        found[ws.title] = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    return found


def test_may_is_built_from_its_events_and_filed(story):
    world = story["world"]
    with on_day(D(2026, 6, 1)):
        changed = services.collect(actor=None, today=D(2026, 6, 1))
    assert changed == {"2026-05": {"added": 4, "refreshed": 0, "corrections": 0}}
    plans = sheet_rows(D(2026, 5, 1), "audit_plan")
    assert [p["plan.number"] for p in plans] == [
        f"R{world.project.code}",
        f"R{world.beta_project.code}",
    ]
    assert {p["activity"] for p in plans} == {"initial"}
    assert plans[0]["team.id_numbers"] == ["11010519491231002X", "110101199003077013"]
    [result] = sheet_rows(D(2026, 5, 1), "audit_result")
    assert (result["decision.conclusion"], result["decision.decided_on"]) == ("grant", "2026-05-25")
    [issued] = sheet_rows(D(2026, 5, 1), "certificate")
    assert issued["certificate.number"] == "TB-GPS-2026-0001"
    assert issued["report_type"] == "first_issue"
    assert issued["audit.person_days"] == "3.5"  # 2.0 + 1.5

    with on_day(D(2026, 6, 2)):
        services.mark_reported(
            actor=world.admin,
            period=ReportPeriod.objects.get(month=D(2026, 5, 1)),
            today=D(2026, 6, 2),
        )
    may = ReportPeriod.objects.get(month=D(2026, 5, 1))
    assert (may.is_reported, may.reported_by, may.format_label) == (
        True,
        world.admin,
        "CNCA-CERT-REPORT 2021",
    )
    assert all(row.is_reported for row in may.rows.all())
    filed = cells(D(2026, 5, 1))
    [certificate] = filed["证书信息表"]
    assert certificate["证书编号"] == "TB-GPS-2026-0001"
    assert (certificate["报送类型"], certificate["证书状态"], certificate["认证活动类型"]) == (
        "01",
        "01",
        "01",
    )
    assert certificate["审核人日数"] == "3.5"
    assert certificate["联系电话"] == "079188880000"  # "0791 8888 0000" without spaces
    assert certificate["认可标志"] == "CNAS C123-S"
    assert [p["审核方式"] for p in filed["审核计划信息表"]] == ["FS01", "FS01"]
    assert AuditEntry.objects.filter(action="greencert.regulator.reported").count() == 1


def test_june_rows_codes_and_report_types_then_julys_correction(story):
    world = story["world"]
    with on_day(D(2026, 6, 1)):
        services.collect(actor=None, today=D(2026, 6, 1))
    with on_day(D(2026, 6, 2)):
        may = ReportPeriod.objects.get(month=D(2026, 5, 1))
        services.mark_reported(actor=world.admin, period=may, today=D(2026, 6, 2))
    tell_june(story)
    with on_day(D(2026, 6, 11)):
        # The daily expiry task records gamma's expiry in its history: still one row, from the date.
        assert note_expiries(D(2026, 6, 11)) == 1
    with on_day(D(2026, 7, 2)):
        changed = services.collect(actor=None, today=D(2026, 7, 2))
        again = services.collect(actor=None, today=D(2026, 7, 2))
    # 1 plan (beta's surveillance) + 2 results (alpha, beta's surveillance) + 6 certificate rows.
    assert changed == {"2026-06": {"added": 9, "refreshed": 0, "corrections": 0}}
    assert again == {}  # building twice adds nothing
    june = D(2026, 6, 1)
    [plan] = sheet_rows(june, "audit_plan")
    assert (plan["plan.number"], plan["activity"]) == (
        f"R{story['surveillance'].code}",
        "surveillance",
    )
    assert plan["certificate.number"] == "TB-GPS-2026-0001"
    assert [r["decision.decided_on"] for r in sheet_rows(june, "audit_result")] == [
        "2026-06-03",
        "2026-06-15",
    ]
    rows = sheet_rows(june, "certificate")
    assert [(r["certificate.number"], r["report_type"], r["certificate.status"]) for r in rows] == [
        ("TB-GPS-2026-0002", "first_issue", "valid"),  # alpha issued 06-03
        ("TB-GPS-2026-0002", "status_change", "suspended"),  # 06-10
        ("TB-GPS-2023-0001", "status_change", "expired"),  # gamma: last day 06-09
        ("TB-GPS-2026-0001", "surveillance", "valid"),  # beta reissued (R1), same number
        ("TB-GPS-2026-0002", "status_change", "valid"),  # reinstated 06-20
        ("TB-GPS-2026-0001", "status_change", "withdrawn"),  # 06-25
    ]
    assert rows[2]["status.changed_on"] == "2026-06-10"
    assert rows[1]["status.reason"] == "未按期监督"
    assert not any(r.is_reported for r in ReportRow.objects.filter(period__month=june))

    with on_day(D(2026, 7, 3)):
        period = ReportPeriod.objects.get(month=june)
        services.mark_reported(actor=world.admin, period=period, today=D(2026, 7, 3))
    filed = cells(june)["证书信息表"]
    assert [(c["报送类型"], c["证书状态"]) for c in filed] == [
        ("01", "01"),
        ("05", "02"),
        ("05", "STA1"),  # the body's code for "expired" (not published)
        ("03", "01"),
        ("05", "01"),
        ("05", "03"),
    ]
    assert [c["状态变更日期"] for c in filed] == [
        None,
        "2026-06-10",
        "2026-06-10",
        None,
        "2026-06-20",
        "2026-06-25",
    ]

    # Alpha moves: its postcode changes after June was filed.
    Organisation.objects.filter(pk=world.alpha.pk).update(postcode="330039")
    with on_day(D(2026, 7, 6)):
        changed = services.collect(actor=None, today=D(2026, 7, 6))
    assert changed == {"2026-07": {"added": 0, "refreshed": 0, "corrections": 1}}
    [correction] = ReportRow.objects.filter(period__month=D(2026, 7, 1))
    assert correction.corrects.values["report_type"] == "status_change"  # the reinstatement, latest
    assert correction.corrects.is_reported and not correction.is_reported
    assert correction.sequence == 1
    assert correction.values["organisation.postcode"] == "330039"
    assert correction.values["report_type"] == "information_change"
    assert (correction.values["change.type"], correction.values["change.changed_on"]) == (
        "correction",
        "2026-07-06",
    )
    with on_day(D(2026, 7, 7)):
        assert services.collect(actor=None, today=D(2026, 7, 7)) == {}  # corrected once only
    # The June rows as filed are unchanged.
    assert {r["organisation.postcode"] for r in sheet_rows(june, "certificate")[:2]} == {"330038"}


def test_a_period_with_problems_is_not_marked_reported(story):
    world = story["world"]
    with on_day(D(2026, 6, 1)):
        services.collect(actor=None, today=D(2026, 6, 1))
    CertificationBody.objects.filter(pk=1).update(approval_number="")
    with on_day(D(2026, 6, 2)):
        services.collect(actor=None, today=D(2026, 6, 2))  # the rows follow the records
        may = ReportPeriod.objects.get(month=D(2026, 5, 1))
        with pytest.raises(InputError) as caught:
            services.mark_reported(actor=world.admin, period=may, today=D(2026, 6, 2))
    texts = caught.value.texts()
    assert "工作表 审核计划信息表 第 2 行：“认证机构批准号”为必填项，未填写" in texts
    assert len(texts) == 4  # one per row: 2 plans, 1 certificate, 1 result
    may.refresh_from_db()
    assert (may.is_reported, may.file.name) == (False, "")
    assert not AuditEntry.objects.filter(action="greencert.regulator.reported").exists()


def test_a_month_is_reported_only_once_it_has_ended(story):
    world = story["world"]
    with on_day(D(2026, 5, 30)):
        services.collect(actor=None, today=D(2026, 5, 30))
        may = ReportPeriod.objects.get(month=D(2026, 5, 1))
        with pytest.raises(services.Refused):
            services.mark_reported(actor=world.admin, period=may, today=D(2026, 5, 31))


def test_a_change_long_after_the_last_filed_row_is_an_information_change_in_its_month(story):
    """Beta's certificate is issued in May (filed 2026-06-02); nothing happens to it in June
    (filed 2026-07-15, gamma's expiry only) or July; on 2026-08-05 its postcode changes.  The May
    row is outside the window the August run looks at (July 1 onwards), yet the change is
    August's 04 row, correcting the May row."""
    world = story["world"]
    with on_day(D(2026, 6, 1)):
        services.collect(actor=None, today=D(2026, 6, 1))
    with on_day(D(2026, 6, 2)):
        may = ReportPeriod.objects.get(month=D(2026, 5, 1))
        services.mark_reported(actor=world.admin, period=may, today=D(2026, 6, 2))
    [filed] = ReportRow.objects.filter(period=may, sheet="certificate")
    with on_day(D(2026, 7, 15)):
        # June holds only gamma's expiry (its last day was 2026-06-09); beta's row is unchanged.
        assert services.collect(actor=None, today=D(2026, 7, 15)) == {
            "2026-06": {"added": 1, "refreshed": 0, "corrections": 0}
        }
        june = ReportPeriod.objects.get(month=D(2026, 6, 1))
        services.mark_reported(actor=world.admin, period=june, today=D(2026, 7, 15))
    Organisation.objects.filter(pk=world.beta.pk).update(postcode="100021")
    with on_day(D(2026, 8, 5)):
        changed = services.collect(actor=None, today=D(2026, 8, 5))
    assert changed == {"2026-08": {"added": 0, "refreshed": 0, "corrections": 1}}
    [change] = ReportRow.objects.filter(period__month=D(2026, 8, 1))
    assert (change.corrects, change.sequence, change.event_on) == (filed, 1, D(2026, 8, 5))
    assert change.values["certificate.number"] == "TB-GPS-2026-0001"
    assert (change.values["report_type"], change.values["certificate.status"]) == (
        "information_change",
        "valid",
    )
    assert (filed.values["organisation.postcode"], change.values["organisation.postcode"]) == (
        "100020",
        "100021",
    )
    assert change.values["change.changed_on"] == "2026-08-05"
    # Changed again before August is filed: the same row follows, keeping the day it was found.
    Organisation.objects.filter(pk=world.beta.pk).update(postcode="100022")
    with on_day(D(2026, 8, 20)):
        assert services.collect(actor=None, today=D(2026, 8, 20)) == {
            "2026-08": {"added": 0, "refreshed": 1, "corrections": 0}
        }
        assert services.collect(actor=None, today=D(2026, 8, 21)) == {}
    change.refresh_from_db()
    assert (change.values["organisation.postcode"], change.event_on) == ("100022", D(2026, 8, 5))
    assert ReportRow.objects.filter(source=filed.source).count() == 2


def test_a_withdrawn_certificate_is_not_read_again(story):
    """Beta withdrawn in May and filed: a later change of its organisation reports nothing."""
    world = story["world"]
    with on_day(D(2026, 5, 28)):
        certificates.change_status(
            actor=world.pm, certificate=story["beta"], kind="withdrawn", reason="组织申请撤销"
        )
    with on_day(D(2026, 6, 1)):
        services.collect(actor=None, today=D(2026, 6, 1))
    with on_day(D(2026, 6, 2)):
        may = ReportPeriod.objects.get(month=D(2026, 5, 1))
        services.mark_reported(actor=world.admin, period=may, today=D(2026, 6, 2))
    Organisation.objects.filter(pk=world.beta.pk).update(postcode="100021")
    with on_day(D(2026, 8, 5)):
        assert services.collect(actor=None, today=D(2026, 8, 5)) == {}
