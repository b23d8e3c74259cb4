"""Downloads: the assessment report, the project's Excel export, certificates and the register.

The same reach as the pages: a person gets a document only for what they can
see (404 otherwise); a client user only its own organisation's, the report only
once the project is decided and the certificate only while in force
(``documents/access.py``).
"""

from __future__ import annotations

from django.utils import timezone
from django.views.decorators.http import require_safe

from greencert.reports.adapters import project_rows
from greencert.reports.workbooks import project_workbook
from greencert.web.accounts.access import managers_required, role_required
from greencert.web.accounts.models import Role
from greencert.web.documents import access, files
from greencert.web.documents.context import ReportFigures
from greencert.web.downloads import XLSX, download
from greencert.web.projects.access import project_for
from greencert.web.projects.checklists import pinned_checklist
from greencert.web.projects.scoring import scheme_of


@require_safe
@role_required(*Role.values)
def project_report(request, pk):
    report = files.project_report(access.report_project_for(request.user, pk))
    return download(report.content, report.content_type, report.filename)


@require_safe
@role_required(*(r for r in Role.values if r != Role.CLIENT))
def project_export(request, pk):
    project = project_for(request.user, pk)
    figures = ReportFigures(project)
    scheme = scheme_of(project.assessment)
    evaluations, maturity, nonconformities = project_rows(
        scheme,
        figures.inputs,
        figures.result,
        qms_checklist=pinned_checklist(project.assessment, "qms"),
        specific_checklist=pinned_checklist(project.assessment, "specific"),
    )
    content = project_workbook(evaluations, maturity, nonconformities, list(scheme.items))
    return download(content, XLSX, f"{project.code}-evaluations.xlsx")


@require_safe
@role_required(*Role.values)
def certificate_pdf(request, pk):
    certificate = access.printable_certificate_for(request.user, pk)
    document = files.certificate_pdf(certificate)
    return download(document.content, document.content_type, document.filename)


@require_safe
@managers_required
def register_export(request):
    document = files.register(timezone.localdate())
    return download(document.content, document.content_type, document.filename)
