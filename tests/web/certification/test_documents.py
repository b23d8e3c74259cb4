"""Document downloads: what each PDF and workbook says, and who may get it.

Figures by hand (see conftest.fill_sheets): two evaluations at α 0.9 → 90.00
each, service score 90.0; every clause at 四级 → 116 → 五级; grade AAAA.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from greencert.core.assessment_input import Reference
from greencert.web.certification.services import certificates, decisions
from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import ItemRating, Project

DAY = datetime.date(2026, 6, 1)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def decide(w):
    change_state(actor=w.leader, project=w.project, to=Project.State.EVALUATION_COMPLETE)
    w.project.refresh_from_db()
    decisions.review(actor=w.reviewer, project=w.project, outcome="recommend", comment="资料完整")
    return decisions.decide(
        actor=w.decider, project=w.project, outcome="grant", grade="AAAA", decided_on=DAY
    )


def get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_report_before_the_decision_is_a_draft_of_the_live_result(filled, client, tmp_path):
    response = get(client, filled.leader, "project_report", filled.project.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-report-draft.pdf"')
    text = pdf_text(response.content, tmp_path)
    assert "绿源服务有限公司" in text
    assert "草稿" in text
    assert "90.0" in text and "116" in text and "AAAA" in text


def test_report_after_the_decision_prints_the_frozen_snapshot(filled, client, tmp_path):
    decide(filled)
    # A change behind the application's back does not reach the printed report:
    # it is printed from the snapshot frozen for the decision.
    ItemRating.objects.filter(evaluation__assessment=filled.project.assessment).update(alpha="0.10")
    text = pdf_text(get(client, filled.pm, "project_report", filled.project.pk).content, tmp_path)
    assert "草稿" not in text
    assert "90.0" in text and "AAAA" in text
    assert "Reviewer" in text and "Decider" in text  # who reviewed and decided sign the report


def test_client_gets_its_report_only_once_decided(filled, client):
    assert get(client, filled.client, "project_report", filled.project.pk).status_code == 404
    decide(filled)
    assert get(client, filled.client, "project_report", filled.project.pk).status_code == 200
    assert get(client, filled.beta_client, "project_report", filled.project.pk).status_code == 404


def test_project_export_lists_each_evaluation_with_its_score(filled, client):
    response = get(client, filled.leader, "project_export", filled.project.pk)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    score = header.index("得分 Score")
    assert [(r[0], r[score]) for r in rows[1:]] == [("E1", 90), ("E2", 90)]
    assert sheet.cell(row=2, column=score + 1).number_format == "0.00"


def test_register_export_has_upper_case_numbers_and_dates(filled, client):
    decision = decide(filled)
    cert = certificates.issue_certificate(actor=filled.pm, decision=decision, granted_on=DAY)
    response = get(client, filled.pm, "register_export")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert cert.number in values and cert.number == cert.number.upper()
    assert datetime.datetime(2026, 6, 1) in values  # a real date cell, not text


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("project_report", {"admin", "pm", "leader", "evaluator", "reviewer", "decider"}),
        ("project_export", {"admin", "pm", "leader", "evaluator", "reviewer", "decider"}),
    ],
)
def test_project_downloads_permissions(filled, client, name, allowed):
    url = reverse(name, args=(filled.project.pk,))
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for username, user in filled.users().items():
        client.force_login(user)
        expected = 200 if username in allowed else 404
        assert client.get(url).status_code == expected, username


def test_register_export_permissions(world, client):
    url = reverse("register_export")
    assert client.get(url).status_code == 302
    for username, user in world.users().items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if username in {"admin", "pm"} else 404), (
            username
        )


def test_project_page_offers_managers_to_issue_the_granted_certificate(filled, client):
    decision = decide(filled)
    issue_url = reverse("certificate_issue", args=(decision.pk,))
    page = get(client, filled.pm, "project_detail", filled.project.pk).content.decode()
    assert issue_url in page
    assert (
        issue_url
        not in get(client, filled.reviewer, "project_detail", filled.project.pk).content.decode()
    )
    cert = certificates.issue_certificate(actor=filled.pm, decision=decision, granted_on=DAY)
    page = get(client, filled.pm, "project_detail", filled.project.pk).content.decode()
    assert issue_url not in page
    assert cert.number in page


def issued(w):
    return certificates.issue_certificate(actor=w.pm, decision=decide(w), granted_on=DAY)


def test_certificate_pdf_states_the_certificate_and_its_verification_url(
    filled, client, tmp_path, settings
):
    settings.SITE_URL = "https://cert.example.org"
    cert = issued(filled)
    response = get(client, filled.client, "certificate_pdf", cert.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    # The grade by hand: 90.0 with 五级 → AAAA (see the module docstring).
    for shown in (
        "绿源服务有限公司",
        "南昌市红谷滩区1号",
        "AAAA",
        cert.number,
        "2026-06-01",
        "2029-05-31",
    ):
        assert shown in text, shown
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "doc.pdf")], capture_output=True, text=True
    ).stdout
    assert "WenQuanYi" in fonts and " no " not in fonts.split("\n", 2)[2]  # every font embedded
    if shutil.which("zbarimg") is None:
        pytest.skip("zbar-tools is not installed (scripts/bootstrap --test installs it)")
    (tmp_path / "page.png").write_bytes(_png(tmp_path))
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True
    )
    assert decoded.stdout.strip() == f"https://cert.example.org/verify/{cert.number}"


def _png(tmp_path) -> bytes:
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            str(tmp_path / "doc.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    return (tmp_path / "page.png").read_bytes()


def test_certificate_pdf_permissions(filled, client):
    cert = issued(filled)
    url = reverse("certificate_pdf", args=(cert.pk,))
    assert client.get(url).status_code == 302
    allowed = {"admin", "pm", "leader", "evaluator", "reviewer", "decider", "client"}
    for username, user in filled.users().items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if username in allowed else 404), username
    certificates.change_status(actor=filled.pm, certificate=cert, kind="withdrawn", reason="撤销")
    client.force_login(filled.client)
    assert client.get(url).status_code == 404  # a client prints only a certificate in force
    client.force_login(filled.pm)
    assert client.get(url).status_code == 200


def test_the_certificate_page_offers_the_pdf_exactly_to_whom_the_download_answers(filled, client):
    cert = issued(filled)
    pdf, page = (
        reverse("certificate_pdf", args=(cert.pk,)),
        reverse("certificate_detail", args=(cert.pk,)),
    )

    def offered_and_answered(user) -> tuple[bool, int]:
        client.force_login(user)
        return pdf in client.get(page).content.decode(), client.get(pdf).status_code

    assert offered_and_answered(filled.client) == (True, 200)
    certificates.change_status(actor=filled.pm, certificate=cert, kind="suspended", reason="暂停")
    assert offered_and_answered(filled.client) == (False, 404)
    assert offered_and_answered(filled.pm) == (True, 200)


def test_final_report_shows_findings_as_they_stood_at_the_decision(filled, client, tmp_path):
    from greencert.web.certification.services import nonconformities

    w = filled
    nc = nonconformities.raise_nonconformity(
        actor=w.leader, project=w.project, ref=Reference("clause", "5.2"), severity="minor",
        description="应急演练记录不全", evidence="缺 2026 年记录",
    )  # fmt: skip
    nc = nonconformities.answer(
        actor=w.client, nc=nc, correction="补记录", root_cause="未安排", action_plan="每半年演练",
        due_date=datetime.date.today() + datetime.timedelta(days=30),
    )  # fmt: skip
    nc = nonconformities.accept_plan(actor=w.leader, nc=nc)
    decide(filled)
    nonconformities.close(
        actor=w.leader, nc=nc, verification="已查看演练记录"
    )  # after the decision
    text = pdf_text(get(client, w.pm, "project_report", w.project.pk).content, tmp_path)
    assert "纠正措施计划已接受" in text  # the state the decision rested on
    assert "已关闭 Closed" not in text


def test_report_states_the_qms_certificate_and_its_exemption_decision(filled, client, tmp_path):
    """§5.2.2: the exemption narrows the audit, so the report says on what it rests."""
    from greencert.web.clients.models import QmsCertificate

    organisation = filled.project.organisation
    text = pdf_text(
        get(client, filled.leader, "project_report", filled.project.pk).content, tmp_path
    )
    assert "无 None" in text  # no certificate: said, not left blank
    today = datetime.date.today()
    QmsCertificate.objects.create(
        organisation=organisation,
        number="00124Q31234R0M",
        issuer="某质量认证中心",
        valid_from=today - datetime.timedelta(days=400),
        valid_until=today + datetime.timedelta(days=300),
        exemption="partial",
        exemption_reason="风险评估：体系运行稳定",
    )
    QmsCertificate.objects.create(  # expired: not a ground for any exemption now
        organisation=organisation,
        number="OLD-EXPIRED-1",
        issuer="某质量认证中心",
        valid_until=today - datetime.timedelta(days=1),
    )
    text = pdf_text(
        get(client, filled.leader, "project_report", filled.project.pk).content, tmp_path
    )
    flat = "".join(text.split())
    assert "00124Q31234R0M" in flat and "某质量认证中心" in flat
    assert "风险评估：体系运行稳定" in flat
    assert "OLD-EXPIRED-1" not in flat
    assert "无None" not in flat
