"""The checklist audit as stored (§4.2.1, §4.2.2, §5.2.1) and the §5.2.2 exemption record.

Dates by hand: the world's project starts 2026-05-10 (its default audit date).
§5.2.2 asks for a certificate valid on the audit date, and a certificate that
lapses before the decision invalidates the exemption; so a certificate expiring
2026-05-09 is refused for an audit on 2026-05-10, one expiring 2026-05-10 is
accepted (valid through that day), and that one has lapsed when looked at on
2026-05-11.
"""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from greencert.core.exceptions import InputError, SchemeError
from greencert.core.registry import default_scheme, qms_checklist_for, specific_checklist_for
from greencert.web.audit.models import AuditEntry
from greencert.web.audit.services import record
from greencert.web.projects import scoring
from greencert.web.projects.checklists import (
    audit_values,
    checklist_view,
    exemption_problem,
    reliance_date,
)
from greencert.web.projects.errors import EditConflict, NotEditable
from greencert.web.projects.models import (
    Assessment,
    ChecklistVerdict,
    ExemptionRecord,
    Project,
    VerdictEvidence,
)
from greencert.web.projects.services.checklists import record_exemption, record_verdict
from greencert.web.projects.services.self_assessment import ensure_self_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages below are read in English; the Chinese ones are checked once, at the end."""
    with translation.override("en"):
        yield


DAY = datetime.date(2026, 5, 10)  # the world's project's planned start


def exemption_values(**changes) -> dict:
    values = {
        "certificate_number": "00124Q30001R2M",
        "issuer": "方圆标志认证集团",
        "accredited": True,
        "certificate_scope": "物业管理服务",
        "certificate_expires": datetime.date(2027, 3, 31),
        "last_surveillance": datetime.date(2026, 3, 2),
        "audit_date": DAY,
        "scope_covers_service": True,
        "scope_note": "",
        "complaints_known": "无",
        "surveillance_status": "2026 年监督审核通过",
        "clauses": ["7.1.5", "7.1.3"],
        "reason": "证书有效，范围覆盖，监督正常",
    }
    return values | changes


def judge(world, clause="8.5.1", verdict="conforms", kind="qms", version=0, **extra):
    return record_verdict(
        actor=world.leader,
        assessment=world.project.assessment,
        kind=kind,
        clause_id=clause,
        verdict=verdict,
        date=DAY,
        expected_version=version,
        **extra,
    )


def test_a_new_project_pins_the_checklists_of_its_scheme(world):
    assessment = world.project.assessment
    scheme = default_scheme()
    qms, specific = qms_checklist_for(scheme), specific_checklist_for(scheme)
    assert (assessment.qms_label, assessment.qms_hash) == (qms.label, qms.hash)
    assert (assessment.specific_label, assessment.specific_hash) == (specific.label, specific.hash)
    assert assessment.qms_label == "GB/T 19001-2016 GC1"


def test_the_migration_pins_existing_project_assessments_and_leaves_self_assessments(world):
    Assessment.objects.update(qms_label="", qms_hash="", specific_label="", specific_hash="")
    own = ensure_self_assessment(organisation=world.alpha)
    migration = importlib.import_module("greencert.web.projects.migrations.0007_pin_checklists")
    migration.pin_checklists(apps, None)
    pinned = Assessment.objects.get(pk=world.project.assessment.pk)
    assert pinned.qms_label == "GB/T 19001-2016 GC1"
    assert pinned.specific_label == "CTS TBSC041-2026 B/0 §4.2.2 GC1"
    assert pinned.qms_hash == qms_checklist_for(default_scheme()).hash
    assert Assessment.objects.get(pk=own.pk).qms_label == ""


def test_a_changed_checklist_file_makes_scoring_refuse(world):
    assessment = world.project.assessment
    Assessment.objects.filter(pk=assessment.pk).update(qms_hash="0" * 64)
    assessment.refresh_from_db()
    with pytest.raises(SchemeError, match=r"GB/T 19001-2016 GC1.*changed.*000000000000"):
        scoring.score(assessment)
    with pytest.raises(SchemeError):
        audit_values(assessment)


def test_a_verdict_is_stored_with_its_auditor_and_date_and_audited(world):
    row = judge(world, verdict="minor", notes="抽查 3 份记录，1 份缺签字")
    assert (row.verdict, row.auditor, row.date, row.version) == ("minor", world.leader, DAY, 1)
    entry = AuditEntry.objects.get(action="greencert.checklist.judged")
    assert entry.project == world.project
    assert entry.before is None and entry.after["verdict"] == "minor"
    again = judge(world, verdict="conforms", version=1)
    assert again.pk == row.pk and again.version == 2
    entry = AuditEntry.objects.filter(action="greencert.checklist.judged").latest("pk")
    assert (entry.before["verdict"], entry.after["verdict"]) == ("minor", "conforms")


def test_a_stale_verdict_is_refused_and_the_stored_one_kept(world):
    judge(world, verdict="major")
    with pytest.raises(EditConflict, match=r"8.5.1"):
        judge(world, verdict="conforms", version=0)  # opened before the first save
    assert ChecklistVerdict.objects.get().verdict == "major"


@pytest.mark.parametrize(
    ("kind", "clause", "verdict", "extra", "message"),
    [
        ("qms", "8.5.9", "conforms", {}, "no row 8.5.9"),
        ("qms", "8.5.1", "great", {}, "not a verdict"),
        ("specific", "2.1", "exempted", {}, "not a verdict"),  # §5.2.2 exempts GB/T 19001 only
        ("qms", "8.5.1", "out_of_scope", {"reason": "  "}, "reason"),
        ("qms", "7.1.5", "exempted", {}, "exemption record lists it"),  # none recorded
    ],
)
def test_a_verdict_the_rules_refuse_names_the_row(world, kind, clause, verdict, extra, message):
    with pytest.raises(InputError, match=message) as caught:
        judge(world, clause=clause, verdict=verdict, kind=kind, **extra)
    assert caught.value.problems[0].clause == clause
    assert not ChecklistVerdict.objects.exists()


def test_exempted_only_for_a_clause_the_exemption_lists(world):
    assessment = world.project.assessment
    record_exemption(
        actor=world.pm, assessment=assessment, values=exemption_values(), expected_version=0
    )
    assert judge(world, clause="7.1.5", verdict="exempted").verdict == "exempted"
    with pytest.raises(InputError, match=r"8.5.1"):
        judge(world, clause="8.5.1", verdict="exempted")


def test_no_verdict_once_the_project_is_closed(world):
    Project.objects.filter(pk=world.project.pk).update(state=Project.State.EVALUATION_COMPLETE)
    with pytest.raises(NotEditable):
        judge(world)
    assert not ChecklistVerdict.objects.exists()


def test_an_evidence_file_is_kept_with_the_verdict_and_dropped_when_the_write_fails(world):
    file = SimpleUploadedFile("calibration.pdf", b"%PDF-1.4 evidence")
    row = judge(world, clause="7.1.5", files=[file])
    assert row.evidence.get().original_name == "calibration.pdf"
    stored_name = row.evidence.get().file.name
    bad = SimpleUploadedFile("run.exe", b"MZ")
    with pytest.raises(InputError, match=r"run.exe"):
        judge(world, clause="7.1.6", files=[SimpleUploadedFile("ok.pdf", b"%PDF-1.4"), bad])
    assert VerdictEvidence.objects.count() == 1  # the second verdict and its ok.pdf rolled back
    assert not ChecklistVerdict.objects.filter(clause_id="7.1.6").exists()
    assert VerdictEvidence.objects.get().file.storage.exists(stored_name)


def test_the_exemption_is_refused_when_the_certificate_is_not_valid_on_the_audit_date(world):
    # Expires 2026-05-09, audit 2026-05-10: not valid on the audit date (§5.2.2).
    values = exemption_values(certificate_expires=datetime.date(2026, 5, 9))
    with pytest.raises(InputError, match=r"2026-05-09.*2026-05-10") as caught:
        record_exemption(
            actor=world.pm,
            assessment=world.project.assessment,
            values=values,
            expected_version=0,
        )
    assert caught.value.problems[0].field == "certificate_expires"
    assert not ExemptionRecord.objects.exists()


def test_the_exemption_names_clauses_outside_the_checklist(world):
    with pytest.raises(InputError, match=r"11.1"):
        record_exemption(
            actor=world.pm,
            assessment=world.project.assessment,
            values=exemption_values(clauses=["7.1.5", "11.1"]),
            expected_version=0,
        )


def test_the_exemption_is_recorded_in_checklist_order_audited_and_locked(world):
    assessment = world.project.assessment
    stored = record_exemption(
        actor=world.pm,
        assessment=assessment,
        values=exemption_values(certificate_expires=DAY),  # valid through the audit date
        expected_version=0,
    )
    assert stored.clauses == ["7.1.3", "7.1.5"]
    assert (stored.decided_by, stored.version) == (world.pm, 1)
    assert AuditEntry.objects.filter(action="greencert.exemption.recorded").count() == 1
    with pytest.raises(EditConflict):
        record_exemption(
            actor=world.leader, assessment=assessment, values=exemption_values(), expected_version=0
        )
    revised = record_exemption(
        actor=world.leader,
        assessment=assessment,
        values=exemption_values(clauses=[]),
        expected_version=1,
    )
    assert (revised.clauses, revised.version, revised.decided_by) == ([], 2, world.leader)
    entry = AuditEntry.objects.get(action="greencert.exemption.changed")
    assert (entry.before["clauses"], entry.after["clauses"]) == (["7.1.3", "7.1.5"], [])


def test_an_exemption_lapses_with_its_certificate(world):
    stored = record_exemption(
        actor=world.pm,
        assessment=world.project.assessment,
        values=exemption_values(certificate_expires=DAY),
        expected_version=0,
    )
    assert exemption_problem(stored, DAY) == ""
    assert "lapsed on 2026-05-10, before 2026-05-11" in exemption_problem(
        stored, DAY + datetime.timedelta(days=1)
    )


def test_rows_judged_exempted_without_a_valid_listing_say_why(world):
    assessment = world.project.assessment
    record_exemption(
        actor=world.pm,
        assessment=assessment,
        values=exemption_values(certificate_expires=DAY),
        expected_version=0,
    )
    judge(world, clause="7.1.5", verdict="exempted")
    judge(world, clause="7.1.3", verdict="exempted")
    record_exemption(
        actor=world.pm,
        assessment=assessment,
        values=exemption_values(certificate_expires=DAY, clauses=["7.1.3"]),
        expected_version=1,
    )
    on_the_day = checklist_view(assessment, "qms", DAY)
    rows = {row.clause.id: row for row in on_the_day.rows}
    assert "does not list" in rows["7.1.5"].problem
    assert rows["7.1.3"].problem == ""
    later = checklist_view(assessment, "qms", DAY + datetime.timedelta(days=1))
    assert "lapsed" in {row.clause.id: row for row in later.rows}["7.1.3"].problem
    assert (on_the_day.judged, on_the_day.exempted, on_the_day.exemption_blocked) == (2, 2, 1)


def test_the_reliance_date_is_the_decisions_once_decided(world, monkeypatch):
    project = world.project
    Project.objects.filter(pk=project.pk).update(state=Project.State.DECIDED)
    project.refresh_from_db()
    # The move to "decided" recorded at 04:00 UTC on 1 June (12:00 in Shanghai).
    decided_at = datetime.datetime(2026, 6, 1, 4, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: decided_at)
    record(
        actor=world.leader,
        action="greencert.project.state_changed",
        target=project,
        project=project,
        after={"state": "decided"},
    )
    monkeypatch.undo()
    assert AuditEntry.objects.get(action="greencert.project.state_changed").at == decided_at
    assert reliance_date(project) == datetime.date(2026, 6, 1)


def test_the_plain_values_for_the_core(world):
    """What the core's input takes: verdicts in checklist order, the exemption's dates."""
    assessment = world.project.assessment
    assert audit_values(assessment) == {"qms": {}, "specific": {}, "exemption": None}
    record_exemption(
        actor=world.pm, assessment=assessment, values=exemption_values(), expected_version=0
    )
    judge(world, clause="8.5.1", verdict="minor")
    judge(world, clause="4.1", verdict="conforms")
    judge(world, clause="7.1.5", verdict="exempted")
    judge(world, clause="2.1", verdict="out_of_scope", kind="specific", reason="无前台服务")
    values = audit_values(assessment)
    assert values == {
        "qms": {"4.1": "conforms", "7.1.5": "exempted", "8.5.1": "minor"},
        "specific": {"2.1": "out_of_scope"},
        "exemption": {
            "certificate_expires": datetime.date(2027, 3, 31),
            "audit_date": DAY,
            "clauses": ("7.1.3", "7.1.5"),
        },
    }
    assert list(values["qms"]) == ["4.1", "7.1.5", "8.5.1"]  # checklist order, not saving order


def test_a_self_assessment_has_no_checklist_values(world):
    own = ensure_self_assessment(organisation=world.alpha)
    assert audit_values(own) == {"qms": None, "specific": None, "exemption": None}


def test_a_refusal_speaks_the_readers_language(world):
    with translation.override("zh-hans"), pytest.raises(InputError) as caught:
        judge(world, clause="7.1.5", verdict="exempted")
    assert caught.value.problems[0].message == (
        "只有 §5.2.2 豁免记录列出条款 7.1.5 时，才可判定其为豁免。"
    )
