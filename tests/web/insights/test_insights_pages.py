"""What the insights show (issue 18 §4), against figures worked by hand in ``body.py``: the
grades by year, sector and region, the weakest item and clause, each rater's calibration and
flag, an organisation's cycles, the same tables in the workbook, and a client's benchmark —
shown with five peers or more, never naming them.  Every page says that statistics advise."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from greencert.web.certification.models import (
    Certificate,
    RaterDeviation,
    ResultFigures,
)
from greencert.web.certification.services.certificates import change_status
from greencert.web.projects.models import Project
from tests.web.certification.certificate_support import issue, on_day
from tests.web.certification.findings_support import browser
from tests.web.insights.body import FIRST_CLAUSE, FIRST_ITEM, PEERS, build
from tests.web.insights.support import SCHEME, stored
from tests.web.projects_support import row_for, rows, text

pytestmark = pytest.mark.django_db
ADVICE = "Statistics advise; the scheme decides"


@pytest.fixture
def body(world):
    return build(world)


@pytest.fixture
def page(body, client):
    return browser(client, body.reviewer).get(reverse("insights"))


def test_the_page_says_statistics_advise(page):
    assert ADVICE in text(page)


def test_grades_by_year_sector_and_region(page):
    assert rows(page, "grades-year") == [
        ["Year of decision", "AAA", "AAAA", "AAAAA", "Total"],
        ["2025", "0", "0", "2", "2"],
        ["2026", "2", "3", "1", "6"],
    ]
    # 绿源 once, by its latest certified result (2026 AAAA), not also by its 2025 AAAAA.
    assert row_for(page, "grades-sector", "物业服务") == ["物业服务", "2", "3", "1", "6"]
    assert row_for(page, "grades-sector", "其他") == ["其他", "0", "0", "1", "1"]
    region = {row[0]: row[1:] for row in rows(page, "grades-region")[1:]}
    beijing, jiangxi = region  # by code: 11, then 36
    assert region[beijing] == ["0", "0", "1", "1"] and "北京" in beijing
    assert region[jiangxi] == ["2", "3", "1", "6"] and "江西" in jiangxi


def test_the_weakest_item_and_clause(page):
    items = rows(page, "weakest-items")[1:]
    assert items[0][0] == "1" and items[0][1].startswith(FIRST_ITEM + " ")
    assert items[0][2:] == ["0.679", "7"]
    # The 18 other items tie: (0.80 + 0.70 + 0.75 + 0.85 + 0.90 + 0.95 + 0.90) / 7 = 5.85 / 7
    # = 0.836, all ranked 2nd; the cut after five would fall inside the tie, so all are shown.
    assert len(items) == 19 and {tuple(r[:1] + r[2:]) for r in items[1:]} == {("2", "0.836", "7")}
    clauses = rows(page, "weakest-clauses")[1:]
    assert clauses[0][0] == "1" and clauses[0][1].startswith(FIRST_CLAUSE + " ")
    assert clauses[0][2:] == ["3.71", "7"]
    assert len(clauses) == 21 and {tuple(r[:1] + r[2:]) for r in clauses[1:]} == {
        ("2", "4.00", "7")
    }
    assert "those tied with the fifth are all shown" in text(page)


def test_an_item_is_named_with_its_characteristic(page):
    item = SCHEME.items[FIRST_ITEM]
    characteristic = SCHEME.characteristic_by_id[item.characteristic_id]
    label = rows(page, "weakest-items")[1][1]
    assert label == f"{FIRST_ITEM} {characteristic.name_en} · {item.aspect_en}"


def test_each_raters_calibration_and_flag(page):
    # 李明 +4, +5, +6: 5 ± 4.303 / √3 → 2.52 … 7.48, above 0.  王芳 −1, 0, +2: mean 1/3,
    # s = √(((16 + 1 + 25) / 9) / 2) = 1.5275, se = 0.8819, ± 3.7946 → −3.46 … 4.13: no flag.
    typed = "Typed name (may be several people)"
    assert row_for(page, "calibration", "李明") == [
        *("李明", typed, "—"),
        *("3", "5.00", "2.52", "7.48", "lenient"),
    ]
    assert row_for(page, "calibration", "王芳") == [
        *("王芳", typed, "—"),
        *("3", "0.33", "-3.46", "4.13", ""),
    ]


def test_calibration_says_whether_a_rater_is_an_account_and_what_it_rated(world, client):
    """A mystery shopper's typed alias and an account are told apart; each says the kinds of
    sheets it rated, as stored with its deviations (an account both auditor and shopper)."""
    body = build(world)
    account = world.leader
    own = ResultFigures.objects.get(project=world.project, current=True)
    for rater, site, deviation, source in (
        ("顾客 002", "现场", 1, "mystery_shopper"),
        (f"user:{account.pk}", "现场", -1, "auditor"),
        (f"user:{account.pk}", "另一现场", -2, "mystery_shopper"),
    ):
        RaterDeviation.objects.create(
            figures=own, site=site, rater=rater, deviation=deviation, co_raters=1, source=source
        )
    RaterDeviation.objects.filter(rater="李明").update(source="auditor")
    page = browser(client, body.reviewer).get(reverse("insights"))
    assert "Rater calibration" in text(page) and "Auditor calibration" not in text(page)
    shopper = row_for(page, "calibration", "顾客 002")
    assert shopper[1:3] == ["Typed name (may be several people)", "Mystery shopper"]
    assert row_for(page, "calibration", "李明")[2] == "Auditor"
    assert row_for(page, "calibration", str(account))[1:3] == [
        "Account",
        "Auditor / Mystery shopper",
    ]


def test_finding_an_organisation_and_its_cycles(body, client):
    http = browser(client, body.pm)
    found = http.get(reverse("insights"), {"q": "绿源"})
    assert reverse("insights_organisation", args=[body.alpha.pk]) in found.content.decode()
    cycles = http.get(reverse("insights_organisation", args=[body.alpha.pk]))
    assert ADVICE in text(cycles)
    header, *shown = rows(cycles, "cycles")
    assert header[2] == "Year (decision, else frozen)"
    # support.stored: score α × 100 to one decimal, 3 evaluations, management level 4
    # (四级, "Level 4"); no interval stored with these snapshots.
    assert shown == [
        [
            shown[0][0],
            str(Project.Kind.SURVEILLANCE.label),
            "2025",
            "80.0",
            "—",
            "—",
            "3",
            "Level 4",
            "AAAAA",
            "AAAAA",
        ],
        [
            body.project.code,
            str(Project.Kind.INITIAL.label),
            "2026",
            "80.0",
            "—",
            "—",
            "3",
            "Level 4",
            "AAAA",
            "AAAA",
        ],
    ]
    assert reverse("project_detail", args=[body.project.pk]) in cycles.content.decode()
    assert "同业" not in text(cycles) and "by year" not in text(cycles)


def test_a_cycle_shows_the_interval_its_result_stored(body, client):
    statistics = {"interval_shown": {"low": "78.04", "high": "81.96"}}
    later = stored(body.alpha, actor=body.pm, year=2027, result={"statistics": statistics})
    client.force_login(body.pm)
    with translation.override("zh-hans"):
        cycles = client.get(reverse("insights_organisation", args=[body.alpha.pk]))
    row = row_for(cycles, "cycles", later.project.code)
    # 78.04 and 81.96 to one decimal, half up; management level 4 worded as the scheme does.
    assert row[2:8] == ["2027", "90.0", "78.0", "82.0", "3", "四级"]


def test_the_organisation_page_links_to_its_cycles_for_those_who_see_insights(body, client):
    link = reverse("insights_organisation", args=[body.alpha.pk])
    detail = reverse("organisation_detail", args=[body.alpha.pk])
    assert link in browser(client, body.pm).get(detail).content.decode()
    assert link not in browser(client, body.client).get(detail).content.decode()


def test_the_workbook_holds_the_same_tables(body, client):
    response = browser(client, body.decider).get(reverse("insights_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Grades by year",
        "Grades by sector",
        "Grades by region",
        "Items by mean α",
        "Clauses by mean level",
        "Rater calibration",
        "Organisations' cycles",
    ]
    for sheet in book.worksheets:
        assert ADVICE in sheet["A1"].value and sheet["A1"].alignment.wrap_text
    years = [[c.value for c in row] for row in book["Grades by year"].iter_rows(min_row=3)]
    assert years == [
        ["Year of decision", "AAA", "AAAA", "AAAAA", "Total"],
        [2025, 0, 0, 2, 2],
        [2026, 2, 3, 1, 6],
    ]
    calibration = {
        r[0].value: [c.value for c in r] for r in book["Rater calibration"].iter_rows(min_row=4)
    }
    typed = "Typed name (may be several people)"
    assert calibration["李明"] == ["李明", typed, None, 3, 5.0, 2.52, 7.48, "lenient"]
    assert book["Rater calibration"]["E4"].number_format == "0.00"
    items = book["Items by mean α"]
    assert items.max_row == 3 + 19 and items["C4"].number_format == "0.000"  # every item
    assert [c.value for c in items[4]][1:] == [0.679, 7] or items["C4"].value == 0.679
    assert items["A4"].value == 1 and items["B4"].value.startswith(FIRST_ITEM)
    assert book["Clauses by mean level"].max_row == 3 + 21  # every clause
    # A column is at least as wide as its longest text: an item's label, a Chinese one twice.
    assert items.column_dimensions["B"].width >= len(items["B4"].value)
    cycles = [[c.value for c in r] for r in book["Organisations' cycles"].iter_rows(min_row=4)]
    alpha = [r for r in cycles if r[0] == body.alpha.name]
    assert [(r[3], r[4], r[8], r[10]) for r in alpha] == [
        (2025, 80.0, "Level 4", "AAAAA"),
        (2026, 80.0, "Level 4", "AAAA"),
    ]
    assert book["Organisations' cycles"]["E4"].number_format == "0.0"
    assert len(cycles) == ResultFigures.objects.filter(current=True).count() == 9


def test_the_client_sees_where_its_items_stand_never_naming_peers(body, client):
    response = browser(client, body.client).get(
        reverse("project_benchmark", args=[body.project.pk])
    )
    page = text(response)
    assert ADVICE in page and "Among 5 certified organisations" in page
    assert "Sector: 物业服务" in page
    assert not any(name in page for name in PEERS)
    assert "certified result of that year" not in page  # the staff page's counting note
    standing = {row[0].split(" ")[0]: row[1:] for row in rows(response, "benchmark")[1:]}
    # The first item 0.70 among 0.50, 0.55, 0.65, 0.70, 0.75: (3 + ½) / 5 = 70 %.
    assert standing[FIRST_ITEM] == ["0.700", "higher than 70 % of peers"]
    # The others 0.80 among 0.70, 0.75, 0.85, 0.90, 0.95: 2 / 5 = 40 %.
    others = {tuple(v) for k, v in standing.items() if k != FIRST_ITEM}
    assert others == {("0.800", "higher than 40 % of peers")}
    assert '<meter min="0" max="100" value="70"' in response.content.decode()


def test_without_a_sector_the_client_is_told_so(body, client):
    ResultFigures.objects.filter(project=body.project).update(sector="")
    response = browser(client, body.client).get(
        reverse("project_benchmark", args=[body.project.pk])
    )
    assert "No sector was given" in text(response) and "Fewer than" not in text(response)
    assert rows(response, "benchmark") == []


def test_with_four_peers_no_benchmark_is_shown(body, client):
    ResultFigures.objects.filter(organisation__name="同业五").update(sector="其他")
    response = browser(client, body.client).get(
        reverse("project_benchmark", args=[body.project.pk])
    )
    assert "Fewer than 5 certified organisations" in text(response)
    assert rows(response, "benchmark") == []


def test_a_client_sees_no_figures_before_the_decision(body, client):
    body.project.state = "evaluation_complete"
    body.project.save()
    response = browser(client, body.client).get(
        reverse("project_benchmark", args=[body.project.pk])
    )
    assert (
        "No decided result to compare yet" in text(response) and rows(response, "benchmark") == []
    )


def test_the_workbook_speaks_chinese_to_a_chinese_reader(body, client):
    client.force_login(body.admin)
    book = load_workbook(io.BytesIO(client.get(reverse("insights_export")).content))
    sheet = book.worksheets[5]
    assert book.sheetnames[0] == "按年份的认证等级" and sheet.title == "评价人校准"
    assert book.worksheets[0]["A1"].value.startswith("统计仅供参考，等级由认证方案决定")
    assert sheet["A3"].value == "评价人"
    assert [c.value for c in sheet[4]][-1] == "偏宽"  # 李明


def test_an_organisation_whose_certificate_was_withdrawn_no_longer_counts(world, client):
    """绿源 holds a certificate: it counts (once) while it is in force, not once withdrawn
    (nor while suspended); the other organisations' rows do not move."""
    certificate = issue(world)
    body = build(world)
    alphas = ResultFigures.objects.filter(organisation=body.alpha, current=True, sector="物业服务")
    counted = alphas.exclude(granted_grade="").count()
    assert counted == 2  # its own result and the older cycle (body.py), counted as one

    def sector_total():
        page = browser(client, body.reviewer).get(reverse("insights"))
        return int(row_for(page, "grades-sector", "物业服务")[-1]), rows(page, "grades-region")

    def by_year():
        return rows(browser(client, body.reviewer).get(reverse("insights")), "grades-year")

    before, regions_before = sector_total()
    years_before = by_year()
    change_status(actor=world.pm, certificate=certificate, kind="suspended", reason="暂停")
    suspended, _ = sector_total()
    assert suspended == before - 1
    certificate.refresh_from_db()
    change_status(actor=world.pm, certificate=certificate, kind="withdrawn", reason="撤销")
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.WITHDRAWN
    after, regions_after = sector_total()
    assert after == before - 1
    # History stays: 绿源's 2025 and 2026 grants still count in their years.
    assert by_year() == years_before
    assert ["2025", "0", "0", "2", "2"] in years_before
    beijing = [r for r in regions_before if "北京" in r[0]]
    assert beijing and beijing == [r for r in regions_after if "北京" in r[0]]


def test_an_organisation_counts_once_in_a_year_by_its_latest_result_of_that_year(body, client):
    """绿源's surveillance granted AAA later in 2026 (a later snapshot): in 2026 绿源 counts
    once, as AAA, not also as AAAA; by sector too; its weakest item is the new result's."""
    stored(body.alpha, actor=body.pm, grade="AAA", year=2026, alpha="0.60", kind="surveillance")
    page = browser(client, body.reviewer).get(reverse("insights"))
    # 2026: 绿源 AAA, peers AAA, AAA, AAAA, AAAA, AAAAA.
    assert row_for(page, "grades-year", "2026") == ["2026", "3", "2", "1", "6"]
    assert row_for(page, "grades-year", "2025") == ["2025", "0", "0", "2", "2"]
    assert row_for(page, "grades-sector", "物业服务") == ["物业服务", "3", "2", "1", "6"]
    # Every item of 绿源's latest result at 0.60; the first item over the seven organisations:
    # (0.60 + 0.50 + 0.55 + 0.65 + 0.70 + 0.75 + 0.90) / 7 = 4.65 / 7 = 0.664.
    item = rows(page, "weakest-items")[1]
    assert item[1].startswith(FIRST_ITEM + " ") and item[2:] == ["0.664", "7"]
    # Every clause of the new result at 4 (support.stored): the first, (4 × 7) / 7 = 4 — no
    # longer the weakest alone; all 21 clauses tie at 4.00 over seven organisations, and
    # all are shown, ranked 1st together, with a sentence saying so.
    clauses = rows(page, "weakest-clauses")[1:]
    assert len(clauses) == 21 and {tuple(r[:1] + r[2:]) for r in clauses} == {("1", "4.00", "7")}
    assert "All 21 rows shown are tied" in text(page)


def test_every_grade_of_the_scheme_is_a_column_even_when_none_holds_it(body, client):
    ResultFigures.objects.filter(granted_grade="AAA").update(granted_grade="AAAA")
    page = browser(client, body.reviewer).get(reverse("insights"))
    assert rows(page, "grades-year")[0] == ["Year of decision", "AAA", "AAAA", "AAAAA", "Total"]
    assert row_for(page, "grades-year", "2026") == ["2026", "0", "5", "1", "6"]
    assert rows(page, "grades-sector")[0][1] == "AAA"


def test_a_year_counts_its_grants_even_when_the_certificate_expired(world, client):
    """The day after 绿源's certificate expired: 绿源 leaves the sector table (certified now: 6 →
    5) but its grants stay in their years (history: 2025 AAAAA 2, 2026 AAA 2, AAAA 3,
    AAAAA 1, as body.py works out)."""
    certificate = issue(world)
    body = build(world)
    with on_day(certificate.expires_on + datetime.timedelta(days=1)):
        page = browser(client, body.reviewer).get(reverse("insights"))
    assert rows(page, "grades-year")[1:] == [
        ["2025", "0", "0", "2", "2"],
        ["2026", "2", "3", "1", "6"],
    ]
    assert row_for(page, "grades-sector", "物业服务") == ["物业服务", "2", "2", "1", "5"]
