"""The documents people download, made from the database: the assessment report, the
certificate and the register, each with its content type and file name.  The pages and the
API send the same bytes (``documents/views.py``, ``api/routers/documents.py``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from greencert.reports import build_assessment_report, build_certificate
from greencert.reports.adapters import certificate_fields, register_row
from greencert.reports.workbooks import certificate_register
from greencert.web.certification.models import Certificate
from greencert.web.documents.context import ReportFigures, report_context
from greencert.web.downloads import PDF, XLSX
from greencert.web.projects.models import Project


@dataclass(frozen=True)
class Document:
    content: bytes
    content_type: str
    filename: str


def project_report(project: Project) -> Document:
    """The report of the decision's snapshot (its statistics as frozen) once decided, else a
    draft of the live result."""
    figures = ReportFigures(project)
    context = report_context(figures) | {"statistics": figures.statistics}
    pdf = build_assessment_report(figures.result, context)
    suffix = "-draft" if figures.draft else ""
    return Document(pdf, PDF, f"{project.code}-report{suffix}.pdf")


def certificate_pdf(certificate: Certificate) -> Document:
    """The certificate as issued (its current revision); QR code → SITE_URL/verify/<number>."""
    pdf = build_certificate(certificate_fields(certificate, settings.SITE_URL))
    return Document(pdf, PDF, f"{certificate.display_number}.pdf")


def register_rows(today: datetime.date) -> list:
    """The register's rows, every certificate by number, as they stand on *today*."""
    certificates = Certificate.objects.select_related("organisation").order_by("number")
    return [register_row(c, today) for c in certificates]


def register(today: datetime.date) -> Document:
    """The register as it stands on *today* (the day is in the file's name)."""
    content = certificate_register(register_rows(today))
    return Document(content, XLSX, f"certificate-register-{today:%Y-%m-%d}.xlsx")
