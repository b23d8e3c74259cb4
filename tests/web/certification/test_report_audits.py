"""The report download shows the project's checklist audits and its §5.2.2 exemption.

By hand (conftest.fill_sheets): 90.0 and 五级 give AAAA when both audits pass.
GB/T 19001 7.1.5 is judged exempted and 8.3 out of scope; §5.2.2 holds when the
certificate is valid on the audit date (2026-05-10) and on the day the result is
relied on (today, before a decision): a certificate expiring 2029-03-01 holds, one
expiring on the audit day itself has lapsed by today (any day after 2026-05-10), so
7.1.5 is no longer exempt, the conformity review fails and there is no grade.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from greencert.web.certification.services.project_states import change_state
from greencert.web.projects.models import Project
from greencert.web.projects.services.checklists import record_exemption, record_verdict
from tests.web.certification.conftest import fill_sheets
from tests.web.certification.test_documents import pdf_text

pytestmark = pytest.mark.django_db

AUDIT_DAY = datetime.date(2026, 5, 10)


def audited(world, expires: datetime.date) -> Project:
    """The world's project with 7.1.5 exempted under a §5.2.2 record, 8.3 out of scope."""
    project = world.project
    change_state(actor=world.leader, project=project, to=Project.State.IN_PROGRESS)
    assessment = project.assessment
    record_exemption(
        actor=world.pm,
        assessment=assessment,
        expected_version=0,
        values={
            "certificate_number": "00124Q30001R2M",
            "issuer": "方圆标志认证集团",
            "accredited": True,
            "certificate_scope": "物业管理服务",
            "certificate_expires": expires,
            "last_surveillance": datetime.date(2026, 3, 2),
            "audit_date": AUDIT_DAY,
            "scope_covers_service": True,
            "scope_note": "",
            "complaints_known": "无",
            "surveillance_status": "2026 年监督审核通过",
            "clauses": ["7.1.5"],
            "reason": "证书有效，范围覆盖，监督正常",
        },
    )
    for clause, verdict, reason in (
        ("7.1.5", "exempted", ""),
        ("8.3", "out_of_scope", "不从事设计开发"),
    ):
        record_verdict(
            actor=world.leader,
            assessment=assessment,
            kind="qms",
            clause_id=clause,
            verdict=verdict,
            reason=reason,
            date=AUDIT_DAY,
            expected_version=0,
        )
    fill_sheets(project, world.leader)  # the other rows: conforms
    return project


def report_text(client, user, project, tmp_path) -> str:
    client.force_login(user)
    response = client.get(reverse("project_report", args=[project.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return pdf_text(response.content, tmp_path)


def line_of(text: str, row: str) -> str:
    """The checklist row's line (the first after the section's heading: 4.1 is an item too)."""
    section = text.split("管理体系审核 Management-system audit", 1)[1]
    return next(line for line in section.splitlines() if re.match(rf"\s*{re.escape(row)}\s", line))


def grade_line(text: str) -> str:
    """The grade printed large under "认证等级 Grade"."""
    after = text.split("认证等级 Grade", 1)[1]
    return next(line.strip() for line in after.splitlines() if line.strip())


def test_the_report_shows_verdicts_auditor_and_a_valid_exemption(world, client, tmp_path):
    project = audited(world, datetime.date(2029, 3, 1))
    text = report_text(client, world.leader, project, tmp_path)
    assert "管理体系审核 Management-system audit" in text
    assert "GB/T 19001-2016 GC1" in text
    assert "免除 exempted" in line_of(text, "7.1.5")
    out_of_scope = line_of(text, "8.3")
    assert "不适用 out of scope" in out_of_scope and "不从事设计开发" in out_of_scope
    assert "Leader, 2026-05-10" in out_of_scope  # who judged it, and when
    assert "符合 conforms" in line_of(text, "4.1")
    # The record, and the core's judgement that it holds, in both languages.
    assert "00124Q30001R2M" in text and "方圆标志认证集团" in text
    assert "免除有效" in text and "The exemption holds" in text
    assert grade_line(text) == "AAAA"


def test_a_lapsed_exemption_says_so_in_both_languages(world, client, tmp_path):
    project = audited(world, AUDIT_DAY)
    text = report_text(client, world.pm, project, tmp_path)
    today = timezone.localdate().isoformat()
    assert "Certificate lapsed" in line_of(text, "7.1.5")  # the row's note: why not exempt
    flat = re.sub(r"\s+", " ", text)
    zh = f"质量管理体系认证证书于2026-05-10失效，早于结果依据日期{today}"
    assert zh in re.sub(r"\s", "", text)  # a wrapped Chinese line breaks anywhere
    assert f"lapsed on 2026-05-10, before the date relied on {today}" in flat
    # No grade: 7.1.5 is neither judged nor exempt, so the conformity review fails.
    assert "未通过 not passed" in text
    assert grade_line(text) == "不予认证 not certified"
