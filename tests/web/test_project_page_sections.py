"""The project page at a glance: sections with a bar that jumps to them, the PDF's charts drawn on
the page, and what a client sees of the figures — nothing before the decision, the decided ones after.

Figures by hand (``fill_sheets``' defaults): two evaluations at α 0.9 on every item → each
characteristic at 90.0 %, service score 90.0; every clause at 四级 → 13 × 4 + 8 × 8 = 116 → 五级;
grade AAAA.  Every clause worth 5 scores 4, every clause worth 10 scores 8.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from greencert.core.registry import default_scheme
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from tests.web.certification.certificate_support import browser, issue, url
from tests.web.certification.conftest import fill_sheets
from tests.web.projects_support import text

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
STAFF_SECTIONS = ["overview", "service", "management", "findings", "surveys", "documents", "audit"]
CLIENT_SECTIONS = ["overview", "findings", "documents"]


def nav_targets(html: str) -> list[str]:
    nav = re.search(r'<nav class="section-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'href="#([\w-]+)"', nav)


def section(html: str, key: str) -> str:
    """The HTML of the section *key*, up to the next section (sections do not nest)."""
    start = html.index(f'<section id="{key}" class="page-section"')
    following = [
        html.find(f'<section id="{k}" class="page-section"', start + 1) for k in STAFF_SECTIONS
    ]
    return html[start : min([i for i in following if i > start], default=len(html))]


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", html, re.S)]


@pytest.fixture
def in_progress(world):
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    fill_sheets(world.project, world.leader)
    return world


def test_staff_see_every_section_in_order_each_with_its_heading(in_progress, client):
    w = in_progress
    html = browser(client, w.leader).get(url("project_detail", w.project.pk)).content.decode()
    assert nav_targets(html) == STAFF_SECTIONS
    # Every target exists once, in the bar's order, and is labelled by a heading.
    positions = [html.index(f'<section id="{key}" class="page-section"') for key in STAFF_SECTIONS]
    assert positions == sorted(positions)
    for key in STAFF_SECTIONS:
        labelled = re.search(rf'<section id="{key}" [^>]*aria-labelledby="([\w-]+)"', html).group(1)
        assert re.search(rf'<h2 id="{labelled}">', html), key


def test_the_charts_are_drawn_where_their_figures_are(in_progress, client):
    w = in_progress
    html = browser(client, w.leader).get(url("project_detail", w.project.pk)).content.decode()
    scheme = default_scheme()

    service = svgs(section(html, "service"))
    # The score's interval, for three widths: tests/web/certification/test_interval_shown
    radar, items, *intervals = service
    assert ["interval" in svg.get("class").split() for svg in intervals] == [True] * 3
    assert radar.find(f"{SVG}title").text == "Percentage per characteristic (%)"
    labels = [t.find(f"{SVG}tspan").text for t in radar.iter(f"{SVG}text")]
    assert labels == [f"{c.id} {c.name_en}" for c in scheme.characteristics]  # the page's language
    # Every characteristic at 90.0 %: the figure polygon is the 100 % outline scaled by 0.9
    # about the centre (280, 190), radius 120 → spoke 0 at (280, 190 − 108) = (280, 82).
    figures = next(p for p in radar.iter(f"{SVG}polygon") if p.get("class") == "radar-figures")
    assert figures.get("points").split()[0] == "280,82"
    assert "90.0 %" in "".join(radar.itertext())
    # The item bars: 19 items, each 0.9 × its weight (1.1: 4.50 of 5).
    tips = [
        r.find(f"{SVG}title").text
        for r in items.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    ]
    assert len(tips) == 2 * 19
    assert tips[0] == "1.1: 4.50 / 5"

    (clauses,) = svgs(section(html, "management"))
    assert clauses.find(f"{SVG}title").text == "Clause points and worth"
    tips = {
        r.find(f"{SVG}title").text
        for r in clauses.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    }
    assert "4.1: 8 / 10" in tips and "1.1: 4 / 5" in tips
    assert len(tips) == 21


def test_no_chart_without_figures(world, client):
    html = browser(client, world.pm).get(url("project_detail", world.project.pk)).content.decode()
    assert svgs(section(html, "service")) == []
    assert svgs(section(html, "management")) == []


def test_the_client_sees_no_figures_before_the_decision(in_progress, client):
    w = in_progress
    response = browser(client, w.client).get(url("project_detail", w.project.pk))
    html = response.content.decode()
    assert nav_targets(html) == CLIENT_SECTIONS
    assert "once the certification decision is made" in text(response)
    assert "<svg" not in html
    assert "data-service-score" not in html and "90.0" not in html
    assert url("project_report", w.project.pk) not in html


def test_after_the_decision_the_client_sees_its_figures_grade_and_documents(in_progress, client):
    w = in_progress
    certificate = issue(w)
    response = browser(client, w.client).get(url("project_detail", w.project.pk))
    html = response.content.decode()
    shown = text(response)
    assert nav_targets(html) == CLIENT_SECTIONS
    overview = section(html, "overview")
    assert re.search(r"data-grade>AAAA<", overview)
    assert re.search(r"data-service-score>90.0<", overview)
    assert re.search(r"data-management-total>116<", overview)
    assert re.search(r"data-management-level>Level 5", overview)
    assert "Decided on 2026-06-01: Grant certification." in shown
    radar, clauses, *intervals = svgs(overview)
    # How sure the decided score is, drawn for three widths.
    assert ["interval" in svg.get("class").split() for svg in intervals] == [True] * 3
    assert radar.find(f"{SVG}title").text == "Percentage per characteristic (%)"
    assert (
        len([r for r in clauses.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]) == 2 * 21
    )
    documents = section(html, "documents")
    assert f'href="{url("project_report", w.project.pk)}"' in documents
    assert f'href="{url("certificate_pdf", certificate.pk)}"' in documents
    # And the links work for this client.
    assert client.get(url("project_report", w.project.pk)).status_code == 200
    assert client.get(url("certificate_pdf", certificate.pk)).status_code == 200
    # What is the staff's alone stays so: no audit trail, no draft figures of the live sheets.
    assert 'id="audit"' not in html and "service-figures" not in html


def test_the_organisation_page_gives_the_grade_only_once_decided(in_progress, client):
    w = in_progress
    page = url("organisation_detail", w.alpha.pk)
    before = browser(client, w.client).get(page).content.decode()
    cells = re.findall(r"<td data-decided-grade>(.*?)</td>", before, re.S)
    assert cells == ["—"]  # alpha's one project, in progress
    issue(w)
    after = client.get(page).content.decode()
    cells = re.findall(r"<td data-decided-grade>(.*?)</td>", after, re.S)
    overview = url("project_detail", w.project.pk) + "#overview"
    assert cells == [f'<a href="{overview}">AAAA</a>']
