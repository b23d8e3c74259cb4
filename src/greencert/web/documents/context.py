"""What a document needs from the database, gathered in one place (no figures computed here)."""

from __future__ import annotations

from django.utils import timezone, translation

from greencert.core.score_output import score_outputs
from greencert.reports.adapters import blueprint_entries, nonconformity_entries, statistics_entry
from greencert.web.certification.models import Decision
from greencert.web.certification.references import checklists_of
from greencert.web.certification.snapshot_statistics import snapshot_statistics
from greencert.web.projects.checklists import exemption_of, exemption_problem, reliance_date
from greencert.web.projects.models import ExemptionRecord, Project, TeamMember
from greencert.web.projects.scoring import assessment_data, score


def decided(project: Project) -> Decision | None:
    """The current decision, if the project is decided: its snapshot is what gets printed."""
    if project.state != Project.State.DECIDED:
        return None
    return (
        project.decisions.select_related("snapshot", "review__reviewer", "decided_by")
        .order_by("-revision")
        .first()
    )


def report_result(project: Project) -> tuple[dict, dict, bool]:
    """(result dict, inputs, draft): the frozen snapshot once decided, else the live result as a draft."""
    decision = decided(project)
    if decision is not None:
        return decision.snapshot.result, decision.snapshot.inputs, False
    return score(project.assessment).as_dict("zh-hans"), assessment_data(project.assessment), True


def report_figures(project: Project) -> tuple[dict, dict | None, bool]:
    """(result dict, statistics, draft) for the assessment report: the frozen snapshot's once
    decided (its statistics as stored, or worked out from its frozen inputs for one frozen
    before them: :func:`snapshot_statistics`), else the live result's as a draft;
    *statistics* as :func:`~greencert.reports.adapters.statistics_entry` gives."""
    decision = decided(project)
    if decision is not None:
        snapshot = decision.snapshot
        shown = snapshot_statistics(snapshot)
        return snapshot.result, statistics_entry(shown["zh-hans"], shown["en"]), False
    # The report draws the interval and prints its sentence, nothing of the agreement's
    # resampled intervals, which would take most of the time.
    outputs = score_outputs(score(project.assessment), agreement_resamples=0)
    result = outputs["zh-hans"]
    return result, statistics_entry(result["statistics"], outputs["en"]["statistics"]), True


def report_context(project: Project, draft: bool) -> dict:
    team = list(project.team.select_related("user"))
    leader = next((m.user for m in team if m.role == TeamMember.Role.LEADER), None)
    decision = decided(project)
    return {
        "organisation": project.organisation.name,
        "address": project.organisation.address,
        "scope": project.scope,
        "sites": [s.name for s in project.sites.all()],
        "project_code": project.code,
        "date": (date := decision.decided_on if decision else timezone.localdate()),
        "qms": _qms_certificates(project, date),
        "team": [{"name": str(m.user), "role": m.role} for m in team],
        "nonconformities": _nonconformities(project, decision),
        "blueprints": blueprint_entries(_blueprints(project)),
        **_management_audit(project),
        "signatures": {
            "team_leader": str(leader) if leader else "",
            "reviewer": str(decision.review.reviewer) if decision else "",
            "decision_maker": str(decision.decided_by) if decision else "",
        },
        "draft": draft,
    }


def _management_audit(project: Project) -> dict:
    """What the report's management-system audit prints beside the core's verdicts: who judged
    each row, when, why out of scope; the §5.2.2 record and, in both languages, why it does not
    hold on the date the result is relied on (the decision's; today before)."""
    assessment = project.assessment
    rows: dict[str, dict] = {"qms": {}, "specific": {}}
    for verdict in assessment.verdicts.select_related("auditor"):
        rows.setdefault(verdict.kind, {})[verdict.clause_id] = {
            "auditor": str(verdict.auditor),
            "date": verdict.date,
            "reason": verdict.reason,
        }
    out: dict = {"checklist_rows": rows}
    record = exemption_of(assessment)
    if record is not None:
        out["exemption"] = exemption_entry(record)
        on = reliance_date(project)
        problem = {}
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                problem[lang] = exemption_problem(record, on)
        if any(problem.values()):
            out["exemption_problem"] = problem
    return out


def exemption_entry(record: ExemptionRecord) -> dict:
    """The §5.2.2 record as the report's ``exemption`` (decided on: the local date)."""
    return {
        "certificate_number": record.certificate_number,
        "issuer": record.issuer,
        "accredited": record.accredited,
        "certificate_scope": record.certificate_scope,
        "certificate_expires": record.certificate_expires,
        "last_surveillance": record.last_surveillance,
        "audit_date": record.audit_date,
        "scope_covers_service": record.scope_covers_service,
        "scope_note": record.scope_note,
        "complaints_known": record.complaints_known,
        "surveillance_status": record.surveillance_status,
        "clauses": list(record.clauses),
        "decided_by": str(record.decided_by),
        "decided_at": timezone.localdate(record.decided_at),
        "reason": record.reason,
    }


def _blueprints(project: Project):
    """The blueprints of the sites and services the project still covers (§4.2.2 2)①)."""
    return project.blueprints.filter(
        site__in=project.sites.all(), service__in=project.services.all()
    ).select_related("site", "service")


def _qms_certificates(project: Project, on) -> list[str]:
    """The GB/T 19001 certificates valid on *on*, each with its §5.2.2 exemption decision."""
    lines = []
    with translation.override("zh-hans"):
        for qms in project.organisation.qms_certificates.filter(valid_until__gte=on):
            if qms.valid_from and qms.valid_from > on:
                continue
            accredited = "认可" if qms.accredited else "未认可"
            line = (
                f"GB/T 19001 证书 {qms.number}（{qms.issuer}，{accredited}，"
                f"有效期至 {qms.valid_until.isoformat()}）；§5.2.2：{qms.get_exemption_display()}"
            )
            if qms.exemption_reason.strip():
                line += f"。理由：{qms.exemption_reason.strip()}"
            lines.append(line)
    return lines


def _nonconformities(project: Project, decision: Decision | None) -> list[dict]:
    """Once decided, the findings as they stood in the frozen snapshot; before, as they are now;
    each named by what it cites, as the checklists the assessment pinned name it."""
    live = {nc.code: nc for nc in project.nonconformities.all()}
    if decision is None:
        entries = [
            nc.as_input() | {"status_label": nc.get_status_display(), "description": nc.description}
            for nc in live.values()
        ]
    else:
        entries = [
            {
                **entry,
                "description": live[entry["id"]].description if entry["id"] in live else "",
            }
            for entry in decision.snapshot.inputs.get("nonconformities", [])
        ]
    if not entries:
        return []
    return nonconformity_entries(entries, checklists_of(project.assessment))
