"""The API's downloads answer as the pages' do (``documents/access.py`` for both): a client
gets its own project's report once decided, as the final report; a suspended certificate's
PDF is the staff's, never its client's.  Each caller's answer from the API is compared with
the same person's from the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greencert.web.certification.services import certificates
from tests.web.api.support import call, token_for
from tests.web.certification.certificate_support import clear_rate_limit, issue
from tests.web.certification.test_documents import pdf_text

STAFF_ON_ALPHA = {"admin", "pm", "leader", "evaluator", "reviewer", "decider"}


@pytest.fixture
def certificate(world):
    """Alpha's certificate, issued on its project's grant (the project is decided)."""
    clear_rate_limit()
    return issue(world)


def _page(client, user, name: str, pk: int):
    client.force_login(user)
    return client.get(reverse(name, args=[pk]))


def test_a_client_downloads_its_own_decided_projects_report(world, certificate, client, tmp_path):
    project = world.project
    answer = call("GET", f"/projects/{project.pk}/report.pdf", token_for(world.client))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    # The final report, not a draft: the name says so and so does the text.
    assert answer["Content-Disposition"].endswith(f'"{project.code}-report.pdf"')
    text = pdf_text(b"".join(answer.streaming_content), tmp_path)
    assert "绿源服务有限公司" in text and "AAAA" in text and "草稿" not in text
    page = _page(client, world.client, "project_report", project.pk)
    assert page.status_code == 200
    assert page["Content-Disposition"] == answer["Content-Disposition"]


def test_the_report_reaches_through_the_api_whom_the_page_gives_it(world, certificate, client):
    path = f"/projects/{world.project.pk}/report.pdf"
    answers = {}
    for name, user in world.users().items():
        status = call("GET", path, token_for(user)).status_code
        assert status == _page(client, user, "project_report", world.project.pk).status_code, name
        answers[name] = status
    assert {name for name, status in answers.items() if status == 200} == STAFF_ON_ALPHA | {
        "client"
    }


def test_a_suspended_certificates_pdf_is_refused_to_its_client_as_on_the_page(
    world, certificate, client
):
    certificates.change_status(
        actor=world.pm, certificate=certificate, kind="suspended", reason="监督审核逾期"
    )
    path = f"/certificates/{certificate.pk}/certificate.pdf"
    answers = {}
    for name, user in world.users().items():
        answer = call("GET", path, token_for(user))
        page = _page(client, user, "certificate_pdf", certificate.pk)
        assert answer.status_code == page.status_code, name
        answers[name] = answer
    assert {name for name, a in answers.items() if a.status_code == 200} == STAFF_ON_ALPHA
    refused = answers["client"]
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/problem+json"
    assert b"%PDF" not in refused.content
    shown = answers["pm"]
    assert shown["Content-Disposition"].endswith(f'"{certificate.display_number}.pdf"')
    assert b"".join(shown.streaming_content).startswith(b"%PDF-")
