"""What each event says in the report: the plain values of one row, by the format's field names.

The values are read from the records as they stand when the row is built;
a certificate row reads what the certificate stated at its event (the
event's ``content``), so a later suspension never rewrites an earlier row.
Coded fields carry the code list's key (``initial``, ``first_issue``,
``FS01``); the format file turns keys into codes when the file is written.

A reissue keeps the certificate's permanent number: the platform sees the
same certificate changed (report type 02 after a recertification, 03 after a
surveillance), never the ``-R<n>`` the printed certificate carries.
"""

from __future__ import annotations

import datetime

from django.db.models import Sum
from django.utils import timezone

from greencert.web.accounts.models import CertificationBody, Qualification
from greencert.web.certification.models import Certificate, CertificateEvent, Decision
from greencert.web.certification.services.certificates import certificate_renewed_by
from greencert.web.projects.models import Project

Kind = CertificateEvent.Kind

ACTIVITY = {
    Project.Kind.INITIAL: "initial",
    Project.Kind.SURVEILLANCE: "surveillance",
    Project.Kind.RECERTIFICATION: "recertification",
}
# The one certification project and scope GreenCert certifies: their codes are the body's to give.
CERTIFICATION = {
    "certification.project": "green_service",
    "certification.scope_code": "green_service",
}


def plan_number(project: Project) -> str:
    """The audit plan's number: the project's, prefixed "R" as the 2021 rules ask."""
    return f"R{project.code}"


def _body() -> dict:
    body = CertificationBody.current()
    return {
        "body.approval_number": body.approval_number,
        "body.name": body.name,
        "body.accreditation_mark": body.accreditation_number if body.accreditation_mark else "",
    }


def _organisation(organisation, name: str = "", address: str = "") -> dict:
    contact = organisation.contacts.order_by("id").first()
    return {
        "organisation.name": name or organisation.name,
        "organisation.uscc": organisation.uscc,
        "organisation.region_code": organisation.region_code,
        "organisation.address": address or organisation.address,
        "organisation.postcode": organisation.postcode,
        "organisation.contact": contact.name if contact else "",
        "organisation.phone": contact.phone if contact else "",
    }


def _audit(project: Project) -> dict:
    started, ended = project.audit_dates
    days = project.team.aggregate(total=Sum("person_days"))["total"]
    missing_days = project.team.filter(person_days__isnull=True).exists()
    return {
        "activity": ACTIVITY[project.kind],
        "audit.mode": project.audit_mode,
        "audit.started_on": started,
        "audit.ended_on": ended,
        # Every auditor's days, or none: a partial sum would understate the audit.
        "audit.person_days": None if missing_days else days,
    }


def _registration(user, on: datetime.date) -> str:
    valid = Qualification.objects.filter(person=user, valid_from__lte=on, valid_until__gte=on)
    found = valid.order_by("-valid_until").first()
    return found.registration_number if found else ""


def _team(project: Project) -> dict:
    members = sorted(
        project.team.select_related("user__person_record"),
        key=lambda m: (m.role != m.Role.LEADER, m.id),  # the leader first, then as they joined
    )
    records = [getattr(m.user, "person_record", None) for m in members]
    leader = next((m for m in members if m.role == m.Role.LEADER), None)
    return {
        "team.leader": str(leader.user) if leader else "",
        "team.names": [str(m.user) for m in members],
        "team.id_types": [r.id_document_type if r else "" for r in records],
        "team.id_numbers": [r.id_document_number if r else "" for r in records],
        "team.registrations": [_registration(m.user, project.planned_start) for m in members],
    }


def _certificate_number(project: Project) -> str:
    """The certificate a surveillance or recertification continues; an initial audit has none."""
    if project.kind == Project.Kind.INITIAL:
        return ""
    certificate = certificate_renewed_by(project)
    return certificate.number if certificate else ""


def plan_row(project: Project) -> dict:
    """审核计划信息表: the plan of one audit and its team."""
    return {
        **_body(),
        "plan.number": plan_number(project),
        **_organisation(project.organisation),
        "certificate.number": _certificate_number(project),
        **CERTIFICATION,
        **_audit(project),
        "plan.start": project.planned_start,
        "plan.end": project.planned_end,
        **_team(project),
    }


def result_row(decision: Decision) -> dict:
    """审核结果信息表: what the audit found, as the decision settled it."""
    project = decision.project
    return {
        **_body(),
        "plan.number": plan_number(project),
        "certificate.number": _certificate_number(project),
        **_organisation(project.organisation),
        **_audit(project),
        "decision.conclusion": decision.outcome,
        "decision.decided_on": decision.decided_on,
    }


REPORT_TYPE = {
    Kind.ISSUED: "first_issue",
    Kind.SUSPENDED: "status_change",
    Kind.REINSTATED: "status_change",
    Kind.WITHDRAWN: "status_change",
}


def report_type(event: CertificateEvent, project: Project) -> str:
    """01 first issue; a reissue is 03 after a surveillance, 02 otherwise; status changes 05."""
    if event.kind == Kind.REISSUED:
        return "surveillance" if project.kind == Project.Kind.SURVEILLANCE else "reissue"
    return REPORT_TYPE[event.kind]


def _first_grant(certificate: Certificate) -> datetime.date:
    first = certificate.events.filter(kind=Kind.ISSUED).order_by("at", "id").first()
    return datetime.date.fromisoformat(str(first.content["granted_on"])) if first else None


def certificate_row(event: CertificateEvent) -> dict:
    """证书信息表: the certificate as it stood at *event*, with its report type."""
    certificate, content = event.certificate, event.content
    # Events written before the content named its decision stood on the certificate's own.
    decision_id = content.get("decision") or certificate.decision_id
    decision = Decision.objects.select_related("project", "decided_by").get(pk=decision_id)
    project = decision.project
    sites = content.get("sites") or []
    status_change = event.kind in (Kind.SUSPENDED, Kind.REINSTATED, Kind.WITHDRAWN)
    return {
        **_body(),
        **_organisation(certificate.organisation, content["organisation"], content["address"]),
        "certificate.first_granted_on": _first_grant(certificate),
        "certificate.number": certificate.number,
        **CERTIFICATION,
        "certification.basis": content["scheme"],
        "certificate.scope": content["scope"],
        "certificate.multi_site": "yes" if len(sites) > 1 else "no",
        "certificate.sites": [_site(s) for s in sites] if len(sites) > 1 else [],
        **_audit(project),
        "decision.makers": [str(decision.decided_by)],
        "decision.decided_on": decision.decided_on,
        "certificate.granted_on": content["granted_on"],
        "certificate.expires_on": content["expires_on"],
        "certificate.status": content["status"],
        "status.reason": event.reason if status_change else "",
        "status.changed_on": timezone.localdate(event.at) if status_change else None,
        "report_type": report_type(event, project),
    }


def expiry_row(certificate: Certificate, last_event: CertificateEvent) -> dict:
    """The certificate expired: its last statement, with the status expired (05)."""
    return {
        **certificate_row(last_event),
        "certificate.status": "expired",
        "status.reason": "",
        "status.changed_on": certificate.expires_on + datetime.timedelta(days=1),
        "report_type": "status_change",
    }


def _site(site) -> str:
    if isinstance(site, dict):
        name, address = site.get("name", ""), site.get("address", "")
        return f"{name}（{address}）" if address else name
    return str(site)
