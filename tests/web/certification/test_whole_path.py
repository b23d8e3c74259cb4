"""The whole path in one test, through the pages, each persona in turn:

application → project → team → in progress → sheets → the §5.2.2 exemption, the GB/T 19001
and §4.2.2 checklist audits and a service blueprint → a minor nonconformity raised, answered
and closed → evaluation complete → technical review → decision → certificate → public
verification → suspension → public verification again.

Figures by hand (RULES.md): two evaluations with every α = 0.9 score 0.9 × 100 = 90.00
each, so the service score is 90.0; all 21 clauses at level 4 give 13 × 4 + 8 × 8 = 116,
which is 五级 ([105, 145]).  §5.3: 90.0 ≥ 90.0 with 五级 ≥ 三级 → AAAA (not AAAAA: 90.0 < 95.0).
The minor nonconformity is closed before the evaluation is complete; every GB/T 19001 row is
judged (7.1.5 exempted under a certificate valid on the audit date and at the decision, 8.3 out of
scope) and every §4.2.2 row conforms, so conformity passes.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from greencert.core.assessment import assess_data
from greencert.core.registry import (
    DEFAULT_SCHEME,
    default_scheme,
    qms_checklist_for,
    specific_checklist_for,
)
from greencert.web.certification.models import Certificate, Nonconformity
from greencert.web.clients.models import Application
from greencert.web.projects.models import Project
from tests.web.certification.certificate_support import (
    browser,
    clear_rate_limit,
    status_shown,
    text,
    url,
)
from tests.web.sheet_helpers import maturity, sheet

QMS = qms_checklist_for(default_scheme())
SPECIFIC = specific_checklist_for(default_scheme())


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    clear_rate_limit()


def as_(world, name: str) -> Client:
    """A fresh browser (its own cookies) logged in as the persona, reading English."""
    return browser(Client(), getattr(world, name))


def ok(response, *, to: str | None = None):
    """A write that worked: a redirect (to *to*, if given), never the form again."""
    assert response.status_code == 302, text(response)[:1500]
    if to is not None:
        assert response["Location"] == to
    return response


def test_from_application_to_a_suspended_certificate(world):
    w = world
    today = timezone.localdate()

    # 1. The client applies for certification; the project manager accepts.
    ok(
        as_(w, "client").post(
            url("application_create", w.alpha.pk),
            {"scope": "绿色物业服务（住宅小区）", "services": [w.service.pk], "sites": [w.site.pk]},
        )
    )
    application = Application.objects.get()
    pm = as_(w, "pm")
    ok(pm.post(url("application_review", application.pk), {"decision": "accepted"}))
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED

    # 2. The project is created from it, and its team set up.
    created = ok(
        pm.post(
            url("project_create") + f"?application={application.pk}",
            {
                "kind": "initial",
                "previous": "",
                "scheme": DEFAULT_SCHEME,
                "scope": "绿色物业服务（住宅小区）",
                "planned_start": today.isoformat(),
                "planned_end": (today + datetime.timedelta(days=2)).isoformat(),
                "sites": [w.site.pk],
                "services": [w.service.pk],
            },
        )
    )
    project = Project.objects.get(application=application)
    assert created["Location"] == url("project_detail", project.pk)
    for user, role in ((w.leader, "leader"), (w.evaluator, "evaluator")):
        ok(
            pm.post(
                url("project_team", project.pk), {"action": "add", "user": user.pk, "role": role}
            )
        )
    assert {m.user for m in project.team.all()} == {w.leader, w.evaluator}

    # 3. The team leader starts the assessment; the sheets are filled in on their pages.
    leader = as_(w, "leader")
    ok(leader.post(url("project_state", project.pk), {"to": "in_progress"}))
    ok(
        leader.post(
            url("evaluation_create", project.pk),
            sheet(every="0.9", code="E1", date=today.isoformat()),
        )
    )
    ok(
        as_(w, "evaluator").post(
            url("evaluation_create", project.pk),
            sheet(every="0.9", code="E2", evaluator="王评价", date=today.isoformat()),
        )
    )
    ok(leader.post(url("maturity_edit", project.pk), maturity(every=4, version=0)))
    assert project.assessment.evaluations.count() == 2

    # 3b. The management audit (§5.2): the manager records the §5.2.2 exemption on the client's
    # GB/T 19001 certificate; the leader judges both checklists and draws the service blueprint.
    expires = today + datetime.timedelta(days=400)
    ok(
        pm.post(
            url("project_exemption", project.pk),
            {
                "certificate_number": "00124Q30001R2M",
                "issuer": "方圆标志认证集团",
                "accredited": "yes",
                "certificate_scope": "物业管理服务",
                "certificate_expires": expires.isoformat(),
                "audit_date": today.isoformat(),
                "scope_covers_service": "yes",
                "surveillance_status": "2026 年监督审核通过",
                "clauses": ["7.1.5"],
                "reason": "证书有效，范围覆盖申请服务，监督审核正常",
                "version": "0",
            },
        )
    )
    special = {"7.1.5": {"verdict": "exempted"}, "8.3": {"verdict": "out_of_scope"}}
    special["8.3"]["reason"] = "物业服务按既定规范提供，不从事设计开发"
    for kind, checklist in (("qms", QMS), ("specific", SPECIFIC)):
        for row in checklist.clauses:
            verdict = special.get(row, {"verdict": "conforms"}) if kind == "qms" else {}
            ok(
                leader.post(
                    url("checklist_verdict", project.pk, kind, row),
                    {"verdict": "conforms", "date": today.isoformat(), "version": "0"} | verdict,
                )
            )
    assert project.assessment.verdicts.count() == len(QMS.clauses) + len(SPECIFIC.clauses)
    ok(
        leader.post(
            url("blueprint_edit", project.pk, w.site.pk, w.service.pk),
            {
                "version": "0",
                "form-TOTAL_FORMS": "2",
                "form-INITIAL_FORMS": "0",
                "form-0-customer": "业主报修",
                "form-0-people": "客服前台",
                "form-0-digital": "物业小程序",
                "form-0-backstage": "派单",
                "form-1-customer": "确认维修完成",
                "form-1-people": "维修工",
                "form-1-support": "备件库存管理",
                "save": "1",
            },
        )
    )
    page = text(leader.get(url("project_detail", project.pk)))
    assert "业主报修" in page and "备件库存管理" in page  # the blueprint, drawn on the page

    # 4. A minor nonconformity: raised by the leader, answered by the client, closed by the evaluator.
    ok(
        leader.post(
            url("nonconformity_create", project.pk),
            {
                "reference": "clause:5.2",
                "severity": "minor",
                "description": "应急预案未演练",
                "evidence": "2026 年无演练记录",
            },
        )
    )
    nc = Nonconformity.objects.get(project=project)
    ok(
        as_(w, "client").post(
            url("nonconformity_answer", project.pk, nc.pk),
            {
                "correction": "已组织一次演练",
                "root_cause": "演练未列入年度计划",
                "action_plan": "纳入年度计划，每半年演练一次",
                "due_date": (today + datetime.timedelta(days=30)).isoformat(),
            },
        )
    )
    ok(
        as_(w, "evaluator").post(
            url("nonconformity_close", project.pk, nc.pk),
            {"verification": "现场查看演练记录与照片"},
        )
    )
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.CLOSED

    # 5. The leader marks the evaluation complete (the result is frozen).
    # Its button leads to the confirmation page, which names the result about to be frozen.
    confirm = leader.get(url("project_state_confirm", project.pk, "evaluation_complete"))
    assert "frozen result #1" in confirm.content.decode()
    ok(
        leader.post(
            url("project_state", project.pk), {"to": "evaluation_complete", "confirmed": "yes"}
        )
    )
    project.refresh_from_db()
    assert project.state == Project.State.EVALUATION_COMPLETE
    snapshot = project.snapshots.get()
    assert snapshot.grade == "AAAA"  # by hand: see the module docstring
    assert snapshot.result["qms"]["exempted"] == ["7.1.5"]
    # The frozen input holds the audits too: scored again, it gives the same grade.
    assert snapshot.inputs["exemption"]["clauses"] == ["7.1.5"]
    assert snapshot.inputs["qms"]["8.3"] == "out_of_scope"
    assert assess_data(default_scheme(), snapshot.inputs).grade == "AAAA"

    # 6. Technical review, then the decision, each by someone who took no part.
    ok(
        as_(w, "reviewer").post(
            url("project_review", project.pk),
            {"outcome": "recommend", "comment": "资料完整，建议批准 AAAA"},
        )
    )
    ok(
        as_(w, "decider").post(
            url("project_decision", project.pk),
            {"outcome": "grant", "grade": "AAAA", "reason": "", "decided_on": today.isoformat()},
        )
    )
    decision = project.decisions.get()
    assert (decision.outcome, decision.grade) == ("grant", "AAAA")

    # 7. The project manager issues the certificate.
    issued = ok(
        pm.post(
            url("certificate_issue", decision.pk),
            {"granted_on": today.isoformat(), "signatory": "周春阳", "confirmed": "yes"},
        )
    )
    certificate = Certificate.objects.get()
    assert issued["Location"] == url("certificate_detail", certificate.pk)
    page = pm.get(issued["Location"])
    assert f"Certificate {certificate.number} issued" in text(page)

    # 8. Anyone scanning the QR code sees it valid, with its grade.
    public = browser(Client())
    page = public.get(f"/verify/{certificate.number}")
    assert page.status_code == 200
    assert status_shown(page) == "Valid"
    assert '<span class="grade">AAAA</span>' in page.content.decode()
    assert "绿色物业服务（住宅小区）" in text(page)

    # 9. The project manager suspends it; the public page says so at once.
    ok(
        pm.post(
            url("certificate_suspend", certificate.pk),
            {"reason": "获证组织拒绝监督审核", "confirmed": "yes"},
        )
    )
    page = public.get(f"/verify/{certificate.number}")
    assert status_shown(page) == "Suspended"
    assert "获证组织拒绝监督审核" not in page.content.decode()
