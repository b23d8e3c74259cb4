"""A journey per role in Chromium, on the demo data: log in through the form, read the landing
page's worklists, and follow the first item of each list to the page where the work is done.

Each page is checked as a person would look at it: it answers, it is in Chinese, it has its
heading, it names the item the worklist promised (the project, the organisation, the
finding), and it is no wider than the window.  Screenshots at 1366 px (whole page) and 360 px
(what a phone shows first) go to ``$GREENCERT_SCREENSHOTS`` (default: the temp folder's
``greencert-journeys``), to be looked at.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest

from greencert.web.demo import load_demo
from tests.browser.support import log_in

SHOTS = (
    Path(os.environ.get("GREENCERT_SCREENSHOTS") or tempfile.gettempdir()) / "greencert-journeys"
)
WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 360, "height": 740}

# Each role's lists that the demo fills, and what the page behind each list's first item shows.
JOURNEYS = {
    "pm": {
        "applications": "form",  # the application review: accept or reject
        "to_plan": "h1",
        "to_issue": "form",  # the certificate issue page
        "surveillance": "h1",
        "complaints": "h1",
    },
    "auditor": {"sheets": "form", "to_move": "h1", "to_verify": "h1"},
    "reviewer": {"reviews": "form"},
    "decider": {"decisions": "form"},
    "client": {"to_answer": "form", "surveys": None},  # a survey link: the public form or a PDF
}


@pytest.fixture
def demo(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return {username: password for _role, username, password, _secret in load_demo(tmp_path)}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(WIDE)
    page.screenshot(path=SHOTS / f"{name}-1366.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SHOTS / f"{name}-360.png")
    # A page no wider than the phone: nothing makes the reader scroll sideways.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name}: {overflow} px wider than a 360 px phone"
    page.set_viewport_size(WIDE)


def read_worklists(page) -> dict[str, list[dict]]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll("section.worklist")].map(s => [
            s.id.replace("worklist-", ""),
            [...s.querySelectorAll("li")].map(li => ({
                title: li.querySelector(".worklist-title").innerText.trim(),
                links: [...li.querySelectorAll("a")].map(a => [a.href, a.innerText.trim()]),
            })),
        ]))"""
    )


@pytest.mark.parametrize("username", list(JOURNEYS))
def test_journey(username, page, live_server, demo):
    log_in(page, live_server, username, demo[username])
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").first.inner_text() == "我的待办"
    lists = read_worklists(page)
    count = page.locator("nav [data-worklist-count], nav .count").first
    if count.count():
        assert int(re.sub(r"\D", "", count.inner_text()) or 0) >= 1
    shoot(page, f"{username}-0-landing")
    for step, (key, expected) in enumerate(JOURNEYS[username].items(), 1):
        assert lists.get(key), f"{username}: nothing in the worklist {key!r}"
        item = lists[key][0]
        href, label = item["links"][0]
        if "/s/" in href or href.endswith("/poster/") or "pdf" in label.lower():
            _a_document_or_the_public_form(page, href)
            continue
        response = page.goto(href)
        assert response.status == 200, (username, key, href, response.status)
        page.wait_for_load_state("networkidle")
        text = page.locator("main, body").first.inner_text()
        # The page names what the worklist promised: its code or organisation.
        names = [part for part in re.split(r" · |：|: ", item["title"]) if part.strip()]
        assert any(name.strip() in text for name in names), (username, key, item["title"], href)
        assert page.locator("h1").first.is_visible()
        if expected == "form":
            assert page.locator("main form[method=post], form[method=post]").count() >= 1, href
        assert not re.search(r"\b(Server Error|Page not found)\b", text)
        shoot(page, f"{username}-{step}-{key}")


def _a_document_or_the_public_form(page, href: str) -> None:
    answer = page.request.get(href)
    assert answer.status == 200, href
    if answer.headers.get("content-type", "").startswith("application/pdf"):
        assert answer.body().startswith(b"%PDF")
    else:
        assert "<form" in answer.text()
