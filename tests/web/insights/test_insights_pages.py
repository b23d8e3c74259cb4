"""What the insights show (issue 18 §4), against figures worked by hand in ``body.py``: the
grades by year, sector and region, the weakest item and clause, each rater's calibration and
flag, an organisation's cycles, the same tables in the workbook, and a client's benchmark —
shown with five peers or more, never naming them.  Every page says that statistics advise."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from greencert.web.certification.models import Certificate, ResultFigures
from greencert.web.certification.services.certificates import change_status
from tests.web.certification.certificate_support import issue
from tests.web.certification.findings_support import browser
from tests.web.insights.body import FIRST_CLAUSE, FIRST_ITEM, PEERS, build
from tests.web.insights.support import stored
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
        ["Year", "AAA", "AAAA", "AAAAA", "Total"],
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
    item = rows(page, "weakest-items")[1]
    assert item[0].startswith(FIRST_ITEM + " ") and item[1:] == ["0.679", "7"]
    clause = rows(page, "weakest-clauses")[1]
    assert clause[0].startswith(FIRST_CLAUSE + " ") and clause[1:] == ["3.71", "7"]


def test_each_raters_calibration_and_flag(page):
    # 李明 +4, +5, +6: 5 ± 4.303 / √3 → 2.52 … 7.48, above 0.  王芳 −1, 0, +2: mean 1/3,
    # s = √(((16 + 1 + 25) / 9) / 2) = 1.5275, se = 0.8819, ± 3.7946 → −3.46 … 4.13: no flag.
    assert row_for(page, "calibration", "李明") == ["李明", "3", "5.00", "2.52", "7.48", "lenient"]
    assert row_for(page, "calibration", "王芳") == ["王芳", "3", "0.33", "-3.46", "4.13", ""]


def test_finding_an_organisation_and_its_cycles(body, client):
    http = browser(client, body.pm)
    found = http.get(reverse("insights"), {"q": "绿源"})
    assert reverse("insights_organisation", args=[body.alpha.pk]) in found.content.decode()
    cycles = http.get(reverse("insights_organisation", args=[body.alpha.pk]))
    assert ADVICE in text(cycles)
    shown = rows(cycles, "cycles")[1:]
    assert [(r[2], r[5], r[6]) for r in shown] == [
        ("2025", "AAAAA", "AAAAA"),
        ("2026", "AAAA", "AAAA"),
    ]
    assert shown[1][0] == body.project.code
    assert "同业" not in text(cycles)


def test_the_workbook_holds_the_same_tables(body, client):
    response = browser(client, body.decider).get(reverse("insights_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Grades by year",
        "Grades by sector",
        "Grades by region",
        "Weakest items",
        "Weakest clauses",
        "Auditor calibration",
    ]
    for sheet in book.worksheets:
        assert ADVICE in sheet["A1"].value
    years = [[c.value for c in row] for row in book["Grades by year"].iter_rows(min_row=3)]
    assert years == [
        ["Year", "AAA", "AAAA", "AAAAA", "Total"],
        ["2025", 0, 0, 2, 2],
        ["2026", 2, 3, 1, 6],
    ]
    calibration = {
        r[0].value: [c.value for c in r] for r in book["Auditor calibration"].iter_rows(min_row=4)
    }
    assert calibration["李明"] == ["李明", 3, 5.0, 2.52, 7.48, "lenient"]
    weakest = [c.value for c in book["Weakest items"][4]]
    assert weakest[0].startswith(FIRST_ITEM) and weakest[1:] == [0.679, 7]


def test_the_client_sees_where_its_items_stand_never_naming_peers(body, client):
    response = browser(client, body.client).get(
        reverse("project_benchmark", args=[body.project.pk])
    )
    page = text(response)
    assert ADVICE in page and "Among 5 certified organisations" in page
    assert not any(name in page for name in PEERS)
    standing = {row[0].split(" ")[0]: row[1:] for row in rows(response, "benchmark")[1:]}
    # The first item 0.70 among 0.50, 0.55, 0.65, 0.70, 0.75: (3 + ½) / 5 = 70 %.
    assert standing[FIRST_ITEM] == ["0.700", "70"]
    # The others 0.80 among 0.70, 0.75, 0.85, 0.90, 0.95: 2 / 5 = 40 %.
    assert {tuple(v) for k, v in standing.items() if k != FIRST_ITEM} == {("0.800", "40")}


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
    assert book.sheetnames[0] == "按年份的认证等级" and book.sheetnames[-1] == "审核员校准"
    assert book.worksheets[0]["A1"].value.startswith("统计仅供参考，等级由认证方案决定")
    assert book["审核员校准"]["A3"].value == "评价人"
    assert [c.value for c in book["审核员校准"][4]][-1] == "偏宽"  # 李明


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

    before, regions_before = sector_total()
    change_status(actor=world.pm, certificate=certificate, kind="suspended", reason="暂停")
    suspended, _ = sector_total()
    assert suspended == before - 1
    certificate.refresh_from_db()
    change_status(actor=world.pm, certificate=certificate, kind="withdrawn", reason="撤销")
    assert Certificate.objects.get(pk=certificate.pk).status == Certificate.Status.WITHDRAWN
    after, regions_after = sector_total()
    assert after == before - 1
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
    assert item[0].startswith(FIRST_ITEM + " ") and item[1:] == ["0.664", "7"]
    # Every clause of the new result at 4 (support.stored): the first, (4 × 7) / 7 = 4 — no
    # longer the weakest alone; all clauses tie at 4.00 over seven organisations.
    assert {tuple(r[1:]) for r in rows(page, "weakest-clauses")[1:]} == {("4.00", "7")}
