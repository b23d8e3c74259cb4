"""The long lists: sorted by clickable headings, filtered, paged, and cheap at 10,000 rows.

Orders are worked out by hand from the rows each test makes: names compare by code point
("Org …" before the world's 蓝天 U+84DD and 绿源 U+7EFF, 绿 before 蓝), and equal values
are broken by the row's id, in the direction of the sort.
"""

from __future__ import annotations

import datetime
import doctest

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum.cn import uscc

from greencert.web import listing
from greencert.web.certification.models import Certificate, Complaint
from greencert.web.clients.models import Application, Organisation
from greencert.web.projects.models import Project
from tests.web.certification.certificate_support import issue
from tests.web.projects_support import english, rows, text
from tests.web.test_query_counts import make_projects


def valid_uscc(n: int) -> str:
    body = f"9144{n:06d}MA35K0X"[:17]
    return body + uscc.calc_check_digit(body)


def first_cells(response, table: str) -> list[str]:
    return [row[0] for row in rows(response, table)[1:]]


@pytest.fixture
def pm(world, client):
    http = english(client)
    http.force_login(world.pm)
    return http


def test_the_listing_examples_hold():
    failures, tried = doctest.testmod(listing)
    assert tried >= 3 and failures == 0


# --- organisations: sorting and paging ---------------------------------------


@pytest.fixture
def organisations(world):
    Organisation.objects.bulk_create(
        Organisation(name=f"Org {n:03d}", address="x", uscc=valid_uscc(n)) for n in range(55)
    )


def test_organisations_sort_by_name_either_way_across_pages(pm, organisations):
    url = reverse("organisation_list")
    first = pm.get(url)
    assert first_cells(first, "organisation-list")[:2] == ["Org 000", "Org 001"]
    descending = pm.get(url, {"sort": "-name"})
    names = first_cells(descending, "organisation-list")
    assert names[:3] == ["蓝天物业有限公司", "绿源服务有限公司", "Org 054"]
    assert names[-1] == "Org 007" and len(names) == 50
    second = pm.get(url, {"sort": "-name", "page": 2})
    expected = [f"Org {n:03d}" for n in range(6, -1, -1)]
    assert first_cells(second, "organisation-list") == expected
    assert "Page 2 of 2 (57 in all)" in text(second)
    # The pager keeps the order; the heading links reverse it, and start again at page 1.
    html = descending.content.decode()
    assert 'href="?sort=-name&amp;page=2"' in html
    assert 'aria-sort="descending"><a class="sort sorted-desc" href="?sort=name"' in html


def test_organisations_sort_by_code_and_keep_the_search(pm, organisations):
    url = reverse("organisation_list")
    page = pm.get(url, {"q": "Org 00", "sort": "uscc"})
    # Codes 9144000000…, 9144000001…: the same order as the names.
    assert first_cells(page, "organisation-list") == [f"Org {n:03d}" for n in range(10)]
    page = pm.get(url, {"q": "Org 00", "sort": "-uscc"})
    assert first_cells(page, "organisation-list") == [f"Org {n:03d}" for n in range(9, -1, -1)]
    html = page.content.decode()
    assert 'href="?q=Org+00&amp;sort=uscc"' in html  # the heading keeps the search
    assert 'name="sort" value="-uscc"' in html  # and the search form keeps the order


@pytest.mark.parametrize("sort", ["password", "-uscc_exception_reason", "address", "-", "名称"])
def test_a_sort_the_list_does_not_offer_is_ignored(pm, world, sort):
    page = pm.get(reverse("organisation_list"), {"sort": sort})
    assert page.status_code == 200
    assert first_cells(page, "organisation-list") == [world.alpha.name, world.beta.name]
    # The default order, shown on its heading (a click reverses it); the search keeps no sort.
    html = page.content.decode()
    assert 'aria-sort="ascending"><a class="sort sorted-asc" href="?sort=-name"' in html
    assert 'name="sort"' not in html


# --- projects, applications, certificates, complaints ------------------------


def test_projects_sort_by_planned_start_and_filter_by_its_range(pm, world):
    Project.objects.filter(pk=world.beta_project.pk).update(
        planned_start=datetime.date(2026, 4, 1), planned_end=datetime.date(2026, 4, 2)
    )
    url = reverse("project_list")
    alpha, beta = world.project.code, world.beta_project.code
    assert first_cells(pm.get(url, {"sort": "planned"}), "project-list") == [beta, alpha]
    assert first_cells(pm.get(url, {"sort": "-planned"}), "project-list") == [alpha, beta]
    assert first_cells(pm.get(url, {"sort": "organisation"}), "project-list") == [alpha, beta]
    in_may = pm.get(url, {"since": "2026-05-01", "until": "2026-05-31", "sort": "planned"})
    assert first_cells(in_may, "project-list") == [alpha]
    assert first_cells(pm.get(url, {"q": world.beta.uscc}), "project-list") == [beta]


def test_a_date_range_ending_before_it_starts_is_explained(pm):
    page = pm.get(reverse("project_list"), {"since": "2026-06-01", "until": "2026-05-01"})
    assert "To: The end of the date range is before its start." in text(page)


def test_applications_filter_by_status_text_and_day_and_sort_by_organisation(pm, world):
    made = [
        Application.objects.create(organisation=org, scope=scope)
        for org, scope in ((world.beta, "物业服务"), (world.alpha, "绿色物业服务"))
    ]
    Application.objects.filter(pk=made[0].pk).update(
        submitted_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    )
    Application.objects.filter(pk=made[1].pk).update(status="refused", review_reason="范围不符")
    url = reverse("application_list")

    def organisations(params):
        return [row[1] for row in rows(pm.get(url, params), "application-list")[1:]]

    assert organisations({}) == [world.alpha.name, world.beta.name]  # newest first
    assert organisations({"sort": "submitted"}) == [world.beta.name, world.alpha.name]
    assert organisations({"sort": "-organisation"}) == [world.beta.name, world.alpha.name]
    assert organisations({"status": "refused"}) == [world.alpha.name]
    assert organisations({"q": world.beta.uscc}) == [world.beta.name]
    assert organisations({"until": "2026-03-02"}) == [world.beta.name]


def _complaint(n: int, received: datetime.date, **fields) -> Complaint:
    return Complaint(
        kind="complaint",
        reference=f"CP-2026-{n:05d}",
        received_on=received,
        complainant=fields.pop("complainant", f"顾客 {n}"),
        subject=fields.pop("subject", "保洁服务未按承诺频次进行"),
        acknowledge_by=received + datetime.timedelta(days=5),
        resolve_by=received + datetime.timedelta(days=60),
        **fields,
    )


def test_complaints_sort_filter_and_keep_which_cases_are_shown(pm, world):
    Complaint.objects.bulk_create(
        [
            _complaint(1, datetime.date(2026, 7, 3), complainant="业主 张先生"),
            _complaint(2, datetime.date(2026, 7, 1), subject="收费不透明"),
            _complaint(3, datetime.date(2026, 7, 2)),
        ]
    )
    url = reverse("complaint_list")
    refs = lambda params: first_cells(pm.get(url, params), "complaints")  # noqa: E731
    assert refs({}) == ["CP-2026-00001", "CP-2026-00003", "CP-2026-00002"]  # newest first
    assert refs({"sort": "received"}) == ["CP-2026-00002", "CP-2026-00003", "CP-2026-00001"]
    assert refs({"sort": "-reference"}) == ["CP-2026-00003", "CP-2026-00002", "CP-2026-00001"]
    assert refs({"q": "收费"}) == ["CP-2026-00002"]
    assert refs({"q": "张先生"}) == ["CP-2026-00001"]
    assert refs({"since": "2026-07-02", "sort": "received"}) == ["CP-2026-00003", "CP-2026-00001"]
    page = pm.get(url, {"show": "all", "sort": "received"})
    # Choosing which cases to show keeps the order; the search form keeps both.
    assert 'href="?sort=received&amp;show=overdue"' in page.content.decode()
    assert 'name="show" value="all"' in page.content.decode()


def test_certificates_sort_and_filter(pm, world):
    certificate = issue(world)
    url = reverse("certificate_list")
    assert first_cells(pm.get(url, {"sort": "-expires"}), "certificates") == [
        certificate.display_number
    ]
    granted = certificate.granted_on.isoformat()
    assert first_cells(pm.get(url, {"since": granted, "until": granted}), "certificates") == [
        certificate.display_number
    ]
    day_after = (certificate.granted_on + datetime.timedelta(days=1)).isoformat()
    assert "No certificate matches these filters." in text(pm.get(url, {"since": day_after}))
    assert first_cells(pm.get(url, {"q": world.alpha.uscc}), "certificates") == [
        certificate.display_number
    ]


# --- 10,000 rows: few queries, and the index the order needs ------------------


def _queries(http, url) -> list[str]:
    cache.clear()  # each read counts the navigation's worklists afresh, as after an act
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def _page_query(queries: list[str], table: str) -> str:
    """The query that reads the shown rows of a page past the first: from *table*, 50 rows on."""
    (query,) = [q for q in queries if f'FROM "{table}"' in q and "LIMIT 50 OFFSET" in q]
    return query


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def test_ten_thousand_complaints_cost_the_same_queries_and_use_the_index(pm, world):
    url = reverse("complaint_list") + "?show=all"
    start = datetime.date(2020, 1, 1)
    made = (_complaint(n, start + datetime.timedelta(days=n % 2000)) for n in range(10_000))
    Complaint.objects.bulk_create([next(made) for _ in range(3)])
    few = _queries(pm, url)
    Complaint.objects.bulk_create(made, batch_size=2000)
    many = _queries(pm, url + "&page=150")
    assert len(many) == len(few), "\n".join(many)
    assert "Page 150 of 200 (10000 in all)" in text(pm.get(url + "&page=150"))
    if connection.vendor == "sqlite":
        plan = _plan(_page_query(many, "certification_complaint"))
        assert "complaint_newest_first" in plan and "TEMP B-TREE" not in plan, plan


def test_ten_thousand_applications_cost_the_same_queries_and_use_the_index(pm, world):
    url = reverse("application_list")
    made = (Application(organisation=world.alpha, scope=f"范围 {n}") for n in range(10_000))
    Application.objects.bulk_create([next(made) for _ in range(3)])
    few = _queries(pm, url)
    Application.objects.bulk_create(made, batch_size=2000)
    many = _queries(pm, url + "?page=77")
    assert len(many) == len(few), "\n".join(many)
    if connection.vendor == "sqlite":
        plan = _plan(_page_query(many, "projects_application"))
        assert "application_newest_first" in plan and "TEMP B-TREE" not in plan, plan


def test_ten_thousand_organisations_sorted_by_code_use_its_index(pm, world):
    url = reverse("organisation_list") + "?sort=-uscc"
    few = _queries(pm, url)
    Organisation.objects.bulk_create(
        (
            Organisation(name=f"组织 {n:05d}", address="x", uscc=valid_uscc(n))
            for n in range(10_000)
        ),
        batch_size=2000,
    )
    many = _queries(pm, url + "&page=200")
    assert len(many) == len(few), "\n".join(many)
    if connection.vendor == "sqlite":
        plan = _plan(_page_query(many, "clients_organisation"))
        assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_ten_thousand_projects_sorted_by_planned_start_use_its_index(pm, world):
    make_projects(world, 3, 2032)
    url = reverse("project_list") + "?sort=-planned"
    few = _queries(pm, url)
    make_projects(world, 10_000, 2031)
    many = _queries(pm, url + "&page=150")
    assert len(many) == len(few), "\n".join(many)
    if connection.vendor == "sqlite":
        plan = _plan(_page_query(many, "projects_project"))
        assert "project_planned_start" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_ten_thousand_certificates_cost_the_same_queries_and_use_the_index(pm, world):
    certificate = issue(world)
    copied = {
        f.attname: getattr(certificate, f.attname)
        for f in Certificate._meta.concrete_fields
        if f.attname not in ("id", "number", "granted_on", "expires_on", "issued_at")
    }
    url = reverse("certificate_list")
    few = _queries(pm, url)
    day = datetime.date(2020, 1, 1)
    Certificate.objects.bulk_create(
        (
            Certificate(
                **copied,
                number=f"TB-GPS-2031-{n:05d}",
                granted_on=day + datetime.timedelta(days=n % 900),
                expires_on=day + datetime.timedelta(days=n % 900 + 1095),
            )
            for n in range(10_000)
        ),
        batch_size=2000,
    )
    many = _queries(pm, url + "?page=120")
    assert len(many) == len(few), "\n".join(many)
    if connection.vendor == "sqlite":
        plan = _plan(_page_query(many, "certification_certificate"))
        assert "certificate_newest_first" in plan and "TEMP B-TREE" not in plan, plan
