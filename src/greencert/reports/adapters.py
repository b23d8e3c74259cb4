"""Plain inputs for the builders, from the web's objects or the core's contract.

No Django import here: a Certificate is read by its attributes (duck
typing), so the web's download views stay one line each and the same
functions serve tests and the command line.
"""

from __future__ import annotations

import datetime

from greencert.core.assessment_input import Checklists
from greencert.core.checklist import Checklist
from greencert.core.inputs import parse_assessment
from greencert.core.reference_labels import entry_reference, reference_label
from greencert.core.scheme import Scheme


def certificate_fields(certificate, site_url: str, *, scheme_title: str = "", draft=False) -> dict:
    """What :func:`greencert.reports.certificate.build_certificate` prints, from a Certificate.

    *site_url* is the public base address (the web passes ``settings.SITE_URL``).
    """
    return {
        "number": certificate.number,
        "revision": certificate.revision,
        "organisation": certificate.organisation_name,
        "address": certificate.organisation_address,
        "scope": certificate.scope,
        "sites": list(certificate.sites or []),
        "scheme_label": certificate.scheme_label,
        "scheme_title": scheme_title,
        "grade": certificate.grade,
        "granted_on": certificate.granted_on,
        "expires_on": certificate.expires_on,
        "issuer": certificate.issuer,
        "signatory": certificate.signatory,
        "site_url": site_url,
        "draft": draft,
    }


def blueprint_entries(blueprints) -> list[dict]:
    """The report's ``blueprints`` (§4.2.2 2)①) from stored blueprints, read by attribute."""
    return [
        {"site": b.site.name, "service": b.service.name, "blueprint": b.data} for b in blueprints
    ]


def register_row(certificate, today: datetime.date) -> dict:
    """One row of the certificate register; the status is the one shown on *today*."""
    organisation = getattr(certificate, "organisation", None)
    return {
        "number": certificate.number,
        "revision": certificate.revision,
        "organisation": certificate.organisation_name,
        "uscc": getattr(organisation, "uscc", "") or "",
        "scope": certificate.scope,
        "sites": certificate.sites,
        "grade": certificate.grade,
        "status": certificate.current_status(today),
        "granted_on": certificate.granted_on,
        "expires_on": certificate.expires_on,
    }


def nonconformity_entries(entries, checklists: Checklists) -> list[dict]:
    """The report's ``nonconformities``: each entry of the input contract
    (``"ref"``, or the old ``"clause"`` of an older snapshot) with ``"reference"``, what it
    cites named in Chinese (“GB/T 19001 8.5.1 生产和服务提供的控制”), beside what it held.

    *checklists*: the scheme and the checklists the assessment pinned, so a row is named as
    the version it was raised against names it.
    """
    return [
        {**entry, "reference": reference_label(entry_reference(entry), checklists)}
        for entry in entries
    ]


def project_rows(
    scheme: Scheme,
    inputs: object,
    result: dict,
    *,
    qms_checklist: Checklist | None = None,
    specific_checklist: Checklist | None = None,
) -> tuple[list, list, list]:
    """Rows for :func:`greencert.reports.workbooks.project_workbook` from one scored assessment.

    *inputs* is the input contract as scored (a snapshot's ``inputs``, or the
    CLI's decoded file) and *result* its ``as_dict()``.  The core parses the
    inputs (so a Likert level becomes its α by the scheme's own rule); the
    scores are the result's figure strings.  The checklists are those the
    assessment pinned (default: the registry's for *scheme*).
    """
    pinned = {"qms_checklist": qms_checklist, "specific_checklist": specific_checklist}
    data = parse_assessment(inputs, scheme, **pinned)
    checklists = Checklists(scheme, qms_checklist, specific_checklist)
    service = result.get("service") or {}
    scores = {ev["id"]: ev["score"] for ev in service.get("evaluations", [])}
    evaluations = [
        {
            "id": ev.id,
            "source": ev.source,
            "site": ev.site,
            "date": ev.date,
            "evaluator": ev.evaluator,
            "alphas": dict(ev.alphas),
            "score": scores.get(ev.id),
        }
        for ev in data.evaluations or ()
    ]
    management = result.get("management") or {}
    rated = management.get("clauses", {})
    maturity = [
        {
            "clause": cid,
            "title": clause.title,
            "worth": clause.worth,
            "level": rated.get(cid, {}).get("level"),
            "points": rated.get(cid, {}).get("points"),
        }
        for cid, clause in scheme.clauses.items()
    ]
    nonconformities = [
        {
            "id": nc.id,
            "reference": reference_label(nc.ref, checklists),
            "severity": nc.severity,
            "status": nc.status,
        }
        for nc in data.nonconformities
    ]
    return evaluations, maturity, nonconformities


def statistics_entry(statistics: dict | None, statistics_en: dict | None = None) -> dict | None:
    """The assessment report's ``statistics`` from the ``"statistics"`` of ``greencert score
    --json`` in Chinese (*statistics*: the figures drawn) and in English (for the sentence's
    translation); ``None`` without them (no service score, or a snapshot frozen before them).
    """
    if not statistics:
        return None
    english = statistics_en or {}
    return {
        "figures": statistics,
        "sentence": statistics.get("sentence", ""),
        "sentence_en": english.get("sentence", ""),
        "advisory": _note_text(statistics, "statistics.advisory"),
        "advisory_en": _note_text(english, "statistics.advisory"),
    }


def _note_text(statistics: dict, code: str) -> str:
    return next((n["text"] for n in statistics.get("explanation", []) if n["code"] == code), "")
