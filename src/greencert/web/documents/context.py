"""What a document needs from the database, gathered in one place (no figures computed here)."""

from __future__ import annotations

from functools import cached_property

from django.utils import timezone, translation

from greencert.core.assessment import Assessment as Result
from greencert.core.statistics.output import statistics_dict
from greencert.core.statistics.score_statistics import score_statistics
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


class ReportFigures:
    """What a project's documents print: the current decision's frozen snapshot once the
    project is decided, else the live result as a draft.

    Each part is read (or worked out, from one live result) when first asked for: the
    workbook needs the inputs, the report the statistics.
    """

    def __init__(self, project: Project):
        self.project = project
        self.decision = decided(project)
        self.draft = self.decision is None

    @cached_property
    def _live(self) -> Result:
        return score(self.project.assessment)

    @cached_property
    def result(self) -> dict:
        """The result in Chinese, as ``greencert score --json`` gives it."""
        if self.decision is not None:
            return self.decision.snapshot.result
        return self._live.as_dict("zh-hans")

    @cached_property
    def inputs(self) -> dict:
        """The assessment as the input contract (the one frozen with the decision)."""
        if self.decision is not None:
            return self.decision.snapshot.inputs
        return assessment_data(self.project.assessment)

    @cached_property
    def statistics(self) -> dict | None:
        """As :func:`~greencert.reports.adapters.statistics_entry` gives: the snapshot's
        (worked out from its frozen inputs for one frozen before them:
        :func:`snapshot_statistics`), else the live result's."""
        if self.decision is not None:
            shown = snapshot_statistics(self.decision.snapshot)
            return statistics_entry(shown["zh-hans"], shown["en"])
        # The report draws the interval and prints its sentence, nothing of the agreement's
        # resampled intervals, which would take most of the time.
        figures = score_statistics(self._live, agreement_resamples=0)
        if figures is None:
            return None
        return statistics_entry(statistics_dict(figures, "zh-hans"), statistics_dict(figures, "en"))


def report_context(figures: ReportFigures) -> dict:
    """What the assessment report prints beside the result: of the decision *figures* found
    (its date, its signatures), or of today for a draft."""
    project, decision = figures.project, figures.decision
    team = list(project.team.select_related("user"))
    leader = next((m.user for m in team if m.role == TeamMember.Role.LEADER), None)
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
        "draft": figures.draft,
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
