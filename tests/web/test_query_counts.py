"""The project page and the list cost a fixed number of queries, however much they show."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greencert.web.projects.models import Project
from tests.web.conftest import PASSWORD
from tests.web.projects_support import add_evaluation, rate_clauses, text

pytestmark = pytest.mark.django_db


def queries(client, url) -> list[str]:
    cache.clear()  # each read counts the navigation's worklists afresh, as after an act
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("persona", ["pm", "leader"])
def test_the_project_page_does_not_grow_with_the_evaluations(world, client, persona):
    client.login(username=persona, password=PASSWORD)
    url = reverse("project_detail", args=[world.project.pk])
    add_evaluation(world, alpha="0.9", code="E1")
    rate_clauses(world, 3)
    one = queries(client, url)

    for n in range(2, 21):
        add_evaluation(world, alpha="0.8", code=f"E{n}", day=n)
    twenty = queries(client, url)

    assert len(twenty) == len(one), "\n".join(twenty)
    assert "n = 20" in text(client.get(url))
    # The clause ratings and the item ratings are each read once (the navigation's count of
    # waiting work, one statement on the user's row, counts a team member's open sheets too).
    page = [q for q in twenty if 'FROM "accounts_user"' not in q]
    assert sum("projects_clauserating" in q for q in page) == 1
    assert sum('FROM "projects_itemrating"' in q for q in twenty) == 1


def make_projects(world, count: int, year: int) -> None:
    start = datetime.date(year, 1, 1)
    Project.objects.bulk_create(
        (
            Project(
                code=f"GC-{year}-{n:05d}",
                organisation=world.alpha if n % 2 else world.beta,
                scope="物业服务",
                scheme_label="CTS TBSC041-2026 B/0",
                scheme_hash="0" * 64,
                planned_start=start,
                planned_end=start,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


@pytest.mark.parametrize("persona", ["pm", "leader", "client"])
def test_the_list_does_not_grow_with_the_projects(world, client, persona):
    client.login(username=persona, password=PASSWORD)
    url = reverse("project_list")
    few = queries(client, url)
    make_projects(world, 120, 2030)
    many = queries(client, url)
    assert len(many) == len(few), "\n".join(many)


def test_the_list_queries_stay_few_with_10000_projects(world, client):
    make_projects(world, 10_000, 2031)
    client.login(username="pm", password=PASSWORD)
    url = reverse("project_list")
    # Time is measured in benchmarks/bench_pages.py, never here: the machines are noisy.
    for params in ("", "?q=绿源", "?state=planned&kind=initial", "?page=150"):
        captured = queries(client, url + params)
        assert len(captured) <= 8, captured
    assert "10002" in text(client.get(url))  # the total is shown, whichever language


def test_the_interval_adds_no_query_to_the_project_page(world, client, monkeypatch):
    """How sure the score is (issue 18 §3) is worked out from the result already read: the page
    laid out with it makes the same queries as without it."""
    from greencert.web.projects import page_figures

    client.login(username="pm", password=PASSWORD)
    url = reverse("project_detail", args=[world.project.pk])
    for n in range(1, 6):
        add_evaluation(world, alpha=f"0.{85 + n}", code=f"E{n}", day=n)
    rate_clauses(world, 3)
    client.get(url)  # the result is remembered: each read below lays the figures out again
    page_figures._LAID_OUT.clear()
    drawn = queries(client, url)
    assert 'class="card interval-figures"' in client.get(url).content.decode()
    page_figures._LAID_OUT.clear()
    monkeypatch.setattr(page_figures, "_interval", lambda result: None)
    without = queries(client, url)
    assert 'class="card interval-figures"' not in client.get(url).content.decode()
    assert len(drawn) == len(without), "\n".join(drawn)
