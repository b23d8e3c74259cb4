"""Nonconformities cite what they are against (issue 11 §4), raised on the page, through the gate.

The project (``filled``): two evaluations with every α = 0.9, so each scores
0.9 × 100 = 90.00 and the service score is 90.0; every clause at level 4, so
13 × 4 + 8 × 8 = 116 → 五级.  By §5.3 (RULES.md §3): 90.0 ≥ 90.0 with 五级 ≥ 三级,
but 90.0 < 95.0 → AAAA — when the conformity review passes.  It fails while a
major nonconformity is not closed, or a minor one is open without an accepted
corrective-action plan, whatever the nonconformity cites.  Each test first
judges every GB/T 19001 and §4.2.2 row "conforms", so the checklist audits are
complete and only the nonconformity decides.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from greencert.core.assessment import assess
from greencert.core.assessment_input import AssessmentInput
from greencert.core.registry import default_scheme
from greencert.web.audit.models import AuditEntry
from greencert.web.certification.models import Nonconformity
from greencert.web.certification.services import nonconformities as nc_services
from greencert.web.projects.checklists import audit_values
from greencert.web.projects.models import ChecklistVerdict
from greencert.web.projects.scoring import assessment_input
from greencert.web.projects.services.checklists import record_verdict
from tests.audit_verdicts import CHECKLISTS
from tests.web.certification.findings_support import answer_nc, browser, raise_nc, url
from tests.web.matrix import PERSONAS
from tests.web.projects_support import grade_shown, rows, text

SCHEME = default_scheme()
DAY = datetime.date(2026, 5, 12)

# One reference of each kind, and how the page names it in English.
REFS = {
    "item:3.1": "Appendix 1 3.1 Timeliness · Staff",
    "clause:5.2": "Appendix 3 5.2 Emergency preparedness and response",
    "qms:8.5.1": "GB/T 19001 8.5.1 Control of production and service provision",
    "specific:2.3": "§4.2.2 2)③ Ensure the resources and information needed to run and "
    "monitor service provision are available.",
}


@pytest.fixture
def filled(filled):
    """The project with no checklist row judged yet, whatever the shared fixture recorded, so
    that each test says which rows it judges."""
    ChecklistVerdict.objects.filter(assessment=filled.project.assessment).delete()
    return filled


def judge(world, kind: str, row: str, verdict: str, reason: str = "") -> ChecklistVerdict:
    stored = ChecklistVerdict.objects.filter(kind=kind, clause_id=row).first()
    return record_verdict(
        actor=world.leader,
        assessment=world.project.assessment,
        kind=kind,
        clause_id=row,
        verdict=verdict,
        reason=reason,
        date=DAY,
        expected_version=stored.version if stored else 0,
    )


def audited(world) -> None:
    """Every row of both pinned checklists judged "conforms" by the leader."""
    for kind, checklist in CHECKLISTS.items():
        for row in checklist.clauses:
            judge(world, kind, row, "conforms")


def raise_on_page(http, world, ref: str, severity: str):
    response = http.post(
        url("nonconformity_create", world.project.pk),
        {"reference": ref, "severity": severity, "description": "发现", "evidence": "记录"},
    )
    assert response.status_code == 302, text(response)
    return Nonconformity.objects.get(project=world.project, ref_kind=ref.split(":")[0])


def project_page(http, world):
    return http.get(url("project_detail", world.project.pk))


def verdict(kind: str, row: str) -> str | None:
    stored = ChecklistVerdict.objects.filter(kind=kind, clause_id=row).first()
    return stored.verdict if stored else None


def gate(world):
    """The core's result with the checklist verdicts as stored (as the gate reads them once the
    audits are required), built from the project's rows: a contradiction would raise here."""
    assessment = world.project.assessment
    values = audit_values(assessment)
    nonconformities = assessment_input(assessment, SCHEME).nonconformities
    data = AssessmentInput.of(
        SCHEME,
        evaluations=assessment_input(assessment, SCHEME).evaluations,
        maturity={r.clause_id: r.level for r in assessment.clause_ratings.all()},
        nonconformities=nonconformities,
        qms=values["qms"],
        specific=values["specific"],
    )
    return assess(SCHEME, data)


@pytest.mark.parametrize("ref", REFS)
def test_an_open_major_of_each_kind_blocks_the_grade_on_the_project_page(filled, client, ref):
    audited(filled)
    http = browser(client, filled.leader)
    assert grade_shown(project_page(http, filled)) == "AAAA"  # 90.0, 五级, conformity passed
    nc = raise_on_page(http, filled, ref, "major")
    assert f"{nc.ref_kind}:{nc.ref_id}" == ref
    page = project_page(http, filled)
    # An open major nonconformity fails the conformity review (§5.3): not certified.
    assert grade_shown(page) == "Not certified"
    assert gate(filled).grade is None
    # The project page's panel names what it cites.
    assert rows(page, "panel-nonconformities")[1][:3] == ["NC1", REFS[ref], "Major"]
    # Closed after verification (the client answered, the plan was accepted): AAAA again.
    nc = answer_nc(filled, nc)
    nc_services.close(actor=filled.leader, nc=nc, verification="现场验证")
    assert grade_shown(project_page(http, filled)) == "AAAA"
    assert gate(filled).grade == "AAAA"


@pytest.mark.parametrize("ref", REFS)
def test_a_minor_of_each_kind_blocks_until_its_plan_is_accepted(filled, client, ref):
    audited(filled)
    http = browser(client, filled.leader)
    nc = raise_on_page(http, filled, ref, "minor")
    assert grade_shown(project_page(http, filled)) == "Not certified"  # open, no accepted plan
    nc = answer_nc(filled, nc)
    assert grade_shown(project_page(http, filled)) == "Not certified"  # answered, not accepted
    nc_services.accept_plan(actor=filled.leader, nc=nc)
    # An open minor nonconformity with an accepted plan does not block (§5.3): AAAA.
    assert grade_shown(project_page(http, filled)) == "AAAA"
    assert gate(filled).grade == "AAAA"


@pytest.mark.parametrize("kind, row", [("qms", "8.5.1"), ("specific", "2.3")])
def test_raising_against_a_conforming_row_makes_the_row_the_finding(filled, client, kind, row):
    audited(filled)
    nc = raise_on_page(browser(client, filled.evaluator), filled, f"{kind}:{row}", "minor")
    stored = ChecklistVerdict.objects.get(kind=kind, clause_id=row)
    assert (stored.verdict, stored.auditor, stored.version) == ("minor", filled.evaluator, 2)
    entry = AuditEntry.objects.filter(action="greencert.checklist.judged").order_by("-id").first()
    assert entry.before["verdict"] == "conforms"
    assert (entry.after["verdict"], entry.after["nonconformity"]) == ("minor", nc.code)
    assert entry.actor == filled.evaluator
    # The core sees no contradiction: the row judged minor is cited by an open minor
    # nonconformity without a plan, so the gate fails on that one only.
    result = gate(filled)
    assert result.conformity.minor_without_plan == ("NC1",)
    assert result.conformity.uncited == ()


def test_a_major_raises_a_minor_row_and_a_minor_leaves_a_major_row(filled):
    audited(filled)
    judge(filled, "qms", "8.5.1", "minor")
    raise_nc(filled, "major", "qms:8.5.1")
    assert verdict("qms", "8.5.1") == "major"
    judge(filled, "qms", "7.1.5", "major")
    before = AuditEntry.objects.count()
    raise_nc(filled, "minor", "qms:7.1.5")
    assert verdict("qms", "7.1.5") == "major"  # not lowered
    assert AuditEntry.objects.count() == before + 1  # the raise only


def test_a_row_not_yet_judged_or_out_of_scope_becomes_the_finding(filled):
    raise_nc(filled, "minor", "qms:9.2")
    stored = ChecklistVerdict.objects.get(kind="qms", clause_id="9.2")
    assert (stored.verdict, stored.auditor, stored.version) == ("minor", filled.leader, 1)
    judge(filled, "specific", "3", "out_of_scope", reason="无外部供方")
    raise_nc(filled, "major", "specific:3")
    stored = ChecklistVerdict.objects.get(kind="specific", clause_id="3")
    assert (stored.verdict, stored.reason) == ("major", "")  # the reason was for out of scope


def test_items_and_clauses_leave_the_checklists_alone(filled):
    raise_nc(filled, "major", "item:3.1")
    raise_nc(filled, "major", "clause:5.2")
    assert not ChecklistVerdict.objects.exists()


def test_the_nonconformity_and_the_verdict_are_written_together(filled, monkeypatch):
    def fails(**kwargs):
        raise RuntimeError("the verdict could not be written")

    monkeypatch.setattr(nc_services, "record_finding", fails)
    with pytest.raises(RuntimeError):
        raise_nc(filled, "major", "qms:8.5.1")
    assert not Nonconformity.objects.exists()
    assert not AuditEntry.objects.filter(action="greencert.nonconformity.raised").exists()


def test_the_nonconformity_page_and_list_name_each_reference(filled, client):
    for ref in REFS:
        raise_nc(filled, "minor", ref)
    http = browser(client, filled.pm)
    listed = rows(http.get(url("nonconformity_list", filled.project.pk)), "nonconformities")
    assert [r[1] for r in listed[1:]] == list(REFS.values())
    nc = Nonconformity.objects.get(ref_kind="qms")
    assert REFS["qms:8.5.1"] in text(
        http.get(url("nonconformity_detail", filled.project.pk, nc.pk))
    )


# ------------------------------------------------------------------ who may raise


TEAM = {"leader", "evaluator"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_team_raises_against_a_checklist_row_and_others_change_nothing(filled, persona):
    """The team raises (the NC and the row's verdict are written); everyone else gets 404 and
    nothing is written: no nonconformity, no verdict, no audit entry."""
    http = browser(Client(), filled.users()[persona])
    audited(filled)
    before = AuditEntry.objects.count()
    response = http.post(
        url("nonconformity_create", filled.project.pk),
        {"reference": "qms:8.5.1", "severity": "major", "description": "x", "evidence": "y"},
    )
    if persona in TEAM:
        assert response.status_code == 302
        nc = Nonconformity.objects.get()
        assert (nc.ref_kind, nc.ref_id, nc.raised_by) == ("qms", "8.5.1", filled.users()[persona])
        assert verdict("qms", "8.5.1") == "major"
        assert AuditEntry.objects.count() == before + 2  # the raise and the verdict
    else:
        assert response.status_code == 404
        assert not Nonconformity.objects.exists()
        assert verdict("qms", "8.5.1") == "conforms"
        assert AuditEntry.objects.count() == before
