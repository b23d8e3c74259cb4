"""The main pages in Chromium under the enforced policy: nothing refused, htmx at work.

Every refusal is caught three ways: the page's ``securitypolicyviolation`` event
(listened for from before the page's own code runs), Chromium's console, and the
policy's report-uri (logged by ``greencert.csp``).  A control at the end injects an
inline script and checks that it is refused and seen, so a silent listener would fail.
"""

from __future__ import annotations

import datetime
import io
import logging
from decimal import Decimal

import pytest
from PIL import Image

from greencert.core.ratings import Rating
from greencert.core.registry import default_scheme
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project, TeamMember
from greencert.web.projects.services.sheets import save_evaluation
from greencert.web.projects.services.team import add_team_member
from tests.browser.support import log_in
from tests.web.certification.certificate_support import clear_rate_limit, issue
from tests.web.conftest import PASSWORD, build_world
from tests.web.surveys.support import answer_url, open_survey

LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportViolation({directive: e.effectiveDirective, blocked: e.blockedURI,
                          page: document.location.pathname, sample: e.sample});
});
"""


class Watch:
    """What the browser refused or complained about, page by page."""

    def __init__(self, page):
        self.violations: list[dict] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        page.expose_binding("reportViolation", lambda source, v: self.violations.append(v))
        page.add_init_script(LISTEN)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message):
        url = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and url.endswith(self.expected_404):
            return  # the page visited for its 404 (the favicon is served: no 404 for it)
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text} ({url})")

    expected_404 = ("/no/such/page/",)

    def assert_clean(self):
        assert self.violations == []
        assert self.console == []
        assert self.errors == []


@pytest.fixture
def live_world(transactional_db):
    world = build_world()
    clear_rate_limit()
    # A certificate in the register (on beta's project), and alpha's project open for entry.
    add_team_member(
        actor=world.pm, project=world.beta_project, user=world.leader, role=TeamMember.Role.LEADER
    )
    world.certificate = issue(world, world.beta_project)
    change_state(actor=world.leader, project=world.project, to=Project.State.IN_PROGRESS)
    scheme = default_scheme()
    save_evaluation(
        actor=world.leader,
        assessment=world.project.assessment,
        header={"code": "E1", "evaluator": "李明", "date": datetime.date(2026, 5, 11)}
        | {"source": "auditor"},
        ratings={item: Rating.of_alpha(Decimal("0.9"), scheme) for item in scheme.items},
    )
    world.survey = open_survey(world)
    return world


@pytest.fixture
def watch(page):
    return Watch(page)


def visit(page, url: str, *, status: int = 200) -> None:
    response = page.goto(url)
    assert response.status == status, url
    assert "Content-Security-Policy" in {k.title() for k in response.headers}, url
    page.wait_for_load_state("networkidle")


def test_the_main_pages_work_under_the_policy(page, watch, live_server, live_world, caplog):
    world, base = live_world, live_server.url
    project = f"{base}/projects/{world.project.pk}/"
    caplog.set_level(logging.WARNING, logger="greencert.csp")

    # Anyone: the public register, a certificate's check, the survey, an unknown page.
    visit(page, f"{base}/register/")
    visit(page, f"{base}/verify/{world.certificate.number}")
    assert world.certificate.number in page.inner_text("main")
    visit(page, base + answer_url(world.survey))
    # The survey's own inline styles apply (under the nonce): the submit button is green.
    color = page.eval_on_selector("button", "b => getComputedStyle(b).backgroundColor")
    assert color == "rgb(27, 107, 58)"
    visit(page, f"{base}/no/such/page/", status=404)
    assert page.inner_text("h1") == "页面不存在"

    # An auditor enters a sheet: htmx posts as they type and swaps the running figures in.
    log_in(page, live_server, world.leader.username, PASSWORD)
    visit(page, project)
    visit(page, f"{project}evaluations/new/")
    page.fill("input[name=evaluator]", "李明")
    for item in default_scheme().items:
        page.fill(f"input[name='alpha_{item}']", "1")
    page.wait_for_function(
        "() => document.querySelector('[data-running-total]').innerText.trim() === '100.00'"
    )
    visit(page, f"{project}maturity/")
    first_level = page.locator("select[name^='level_']").first
    first_level.select_option("4")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.clause-points')].some(e => e.innerText.trim() !== '—')"
    )
    assert page.evaluate("htmx.config.allowEval") is False
    assert page.locator("style").count() == 0  # htmx added no <style> of its own

    # The project manager's pages.
    page.context.clear_cookies()
    log_in(page, live_server, world.pm.username, PASSWORD)
    for path in (
        "/",  # the landing page: the project manager's worklists
        "/dashboard/",
        "/projects/",
        f"/projects/{world.project.pk}/",
        f"/projects/{world.project.pk}/nonconformities/",
        f"/projects/{world.project.pk}/surveys/",
        f"/surveys/{world.survey.pk}/",
        "/organisations/",
        f"/organisations/{world.alpha.pk}/",
        "/applications/",
        "/certificates/",
        f"/certificates/{world.certificate.pk}/",
        "/complaints/",
    ):
        visit(page, base + path)
    # The language switch (a form post) and the page in English.
    page.click("form.lang button")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("nav a >> nth=0").startswith("My worklist")

    # The administrator's account pages, the enrolment page with its QR code, a person's own pages.
    page.context.clear_cookies()
    log_in(page, live_server, world.admin.username, PASSWORD)
    for path in (
        "/people/",
        "/people/invite/",
        f"/people/{world.leader.pk}/",
        "/accounts/me/",
        "/accounts/password/",
        "/accounts/second-factor/enrol/",
        "/accounts/confirm/",
    ):
        visit(page, base + path)
    visit(page, base + "/accounts/second-factor/enrol/")
    assert page.locator("svg").count() >= 1  # the QR code drawn inline

    # Anyone: the password-reset request.
    page.context.clear_cookies()
    visit(page, base + "/accounts/password/reset/")

    # The client's pages.
    page.context.clear_cookies()
    log_in(page, live_server, world.client.username, PASSWORD)
    visit(page, f"{base}/organisations/{world.alpha.pk}/")
    visit(page, f"{base}/self-assessment/")
    visit(page, f"{project}", status=200)

    watch.assert_clean()
    assert "Content-Security-Policy refused" not in caplog.text


def test_the_listener_sees_a_refused_inline_script(page, watch, live_server, live_world, caplog):
    caplog.set_level(logging.WARNING, logger="greencert.csp")
    visit(page, f"{live_server.url}/register/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = true"; document.body.append(s); }"""
    )
    assert page.evaluate("window.injected === undefined")  # the policy held
    page.wait_for_timeout(300)
    assert [v["directive"] for v in watch.violations] == ["script-src-elem"]
    assert any("Content Security Policy" in line for line in watch.console)
    page.wait_for_timeout(700)  # the report is posted in the background
    assert "violated-directive=script-src-elem" in caplog.text


POSTER_GREEN = (27, 107, 58)  # the band at the top of the survey poster (reports/poster.py)


def green_pixels(png: bytes) -> int:
    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 24)
    return sum(count for count, colour in colours if colour == POSTER_GREEN)


def test_an_inline_pdf_shows_under_the_file_policy(page, watch, live_server, live_world):
    """The survey poster opens in Chromium's PDF viewer (inline), its policy notwithstanding."""
    log_in(page, live_server, live_world.pm.username, PASSWORD)
    response = page.goto(f"{live_server.url}/surveys/{live_world.survey.pk}/poster.pdf")
    assert response.status == 200
    for _ in range(40):  # the viewer draws the page a moment after the load
        if green_pixels(page.screenshot()) > 10_000:
            break
        page.wait_for_timeout(250)
    assert green_pixels(page.screenshot()) > 10_000
    watch.assert_clean()
