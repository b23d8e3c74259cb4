"""The staff pages: opening a survey, its link, QR code and poster, the counts."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greencert.web.audit.models import AuditEntry
from greencert.web.surveys.documents import poster_pdf
from greencert.web.surveys.models import Survey
from tests.web.projects_support import english, row_for, text

from .support import answers, drained, open_survey, post, ticket


@pytest.fixture
def pm(client, world):
    c = english(client)
    c.force_login(world.pm)
    return c


def test_a_manager_opens_a_survey_for_a_site_of_the_project(pm, world, settings):
    settings.SITE_URL = "https://greencert.example.cn"
    today = timezone.localdate()
    response = pm.post(
        reverse("survey_create", args=(world.project.pk,)),
        {
            "site": world.site.pk,
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=14)).isoformat(),
            "max_responses": "200",
        },
        follow=True,
    )
    survey = Survey.objects.get()
    assert (survey.site, survey.max_responses, survey.state) == (world.site, 200, "open")
    assert len(survey.token) >= 22
    page = text(response)
    assert f"Survey S{survey.pk} · 红谷滩服务中心" in page
    public = f"https://greencert.example.cn/s/{survey.token}/"
    assert public in page
    html = response.content.decode()
    assert "<svg" in html and f"<title>{public}</title>" in html  # the inline QR code
    assert "Taking answers now" in page
    entry = AuditEntry.objects.get(action="greencert.survey.opened")
    assert entry.actor == world.pm and entry.after["max_responses"] == 200


@pytest.mark.parametrize(
    "change, message",
    [
        ({"closes_on": "2020-01-01", "opens_on": "2019-12-01"}, "the closing date is in the past"),
        (
            {"closes_on": "2030-01-01", "opens_on": "2030-02-01"},
            "The closing date is before the opening date.",
        ),
        ({"max_responses": "0"}, "Ensure this value is greater than or equal to 1."),
    ],
)
def test_a_survey_with_bad_dates_is_not_opened(pm, world, change, message):
    data = {"site": world.site.pk, "opens_on": "2030-01-01", "closes_on": "2030-01-31"} | change
    response = pm.post(reverse("survey_create", args=(world.project.pk,)), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Survey.objects.exists()


def test_a_site_of_another_organisation_is_refused(pm, world):
    other_site = world.beta_project.sites.get()
    data = {"site": other_site.pk, "opens_on": "2030-01-01", "closes_on": "2030-01-31"}
    response = pm.post(reverse("survey_create", args=(world.project.pk,)), data)
    assert response.status_code == 400
    assert not Survey.objects.exists()


def test_the_list_shows_each_surveys_counts(pm, world):
    survey = open_survey(world, max_responses=50)
    for ip, every in (("10.0.0.1", None), ("10.0.1.1", 5), ("10.0.2.1", None)):
        post(Client(), survey, answers(every=every, ticket_value=ticket(survey)), ip=ip)
    drained()
    response = pm.get(reverse("survey_list", args=(world.project.pk,)))
    row = row_for(response, "survey-table", f"S{survey.pk}")
    # survey, site, dates, state, responses / maximum, awaiting review, excluded, counting
    assert row[1] == "红谷滩服务中心" and row[3] == "Open"
    assert row[4:] == ["3 / 50", "1", "0", "0"]


def test_the_state_buttons_close_reopen_and_accept(pm, world):
    survey = open_survey(world)
    url = reverse("survey_state", args=(survey.pk,))
    detail = reverse("survey_detail", args=(survey.pk,))
    assert "Close the survey" in text(pm.get(detail))
    page = text(pm.post(url, {"to": "accepted"}, follow=True))
    assert (
        "A survey cannot go from “Open” to “Accepted”." in page
        or "Close the survey before accepting it." in page
    )
    pm.post(url, {"to": "closed"})
    assert "Reopen the survey" in text(pm.get(detail))
    pm.post(url, {"to": "accepted", "confirmed": "yes"})  # as the confirmation page sends it
    survey.refresh_from_db()
    assert survey.state == "accepted" and survey.accepted_at is not None
    actions = list(
        AuditEntry.objects.filter(action__startswith="greencert.survey.").values_list(
            "action", flat=True
        )
    )
    assert set(actions) == {
        "greencert.survey.opened",
        "greencert.survey.closed",
        "greencert.survey.accepted",
    }
    assert "Close the survey" not in text(pm.get(detail))


def test_the_poster_is_an_a4_pdf_whose_qr_code_holds_the_full_link(pm, world, settings):
    settings.SITE_URL = "https://greencert.example.cn"
    survey = open_survey(world)
    response = pm.get(reverse("survey_poster", args=(survey.pk,)))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    url = f"https://greencert.example.cn/s/{survey.token}/"
    raw = poster_pdf(survey, url, compress=False)
    assert f"({url})".encode() in raw  # the link printed under the code
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in raw  # A4
    assert b"FontFile2" in raw  # the Chinese font is embedded


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="poppler-utils and zbar-tools are needed to read the printed code back",
)
def test_the_printed_qr_code_scans_to_the_public_link(world, settings, tmp_path):
    settings.SITE_URL = "https://greencert.example.cn"
    survey = open_survey(world)
    url = f"https://greencert.example.cn/s/{survey.token}/"
    (tmp_path / "poster.pdf").write_bytes(poster_pdf(survey, url))
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-singlefile", "poster.pdf", "poster"],
        cwd=tmp_path,
        check=True,
    )
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "poster.png")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert scanned.stdout.strip() == url
