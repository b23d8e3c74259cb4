"""Downloads: the assessment report, the project's Excel export, certificates and the register.

The same reach as the pages: a person gets a document only for what they can
see (404 otherwise); a client user only its own organisation's, and the
report only once the project is decided.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_safe

from greencert.reports import build_assessment_report, build_certificate
from greencert.reports.adapters import certificate_fields, project_rows, register_row
from greencert.reports.workbooks import certificate_register, project_workbook
from greencert.web.accounts.access import managers_required, role_required
from greencert.web.accounts.models import Role
from greencert.web.certification.access import certificate_for
from greencert.web.certification.models import Certificate
from greencert.web.documents.context import (
    decided,
    report_context,
    report_figures,
    report_result,
)
from greencert.web.downloads import PDF, XLSX, download
from greencert.web.projects.access import project_for
from greencert.web.projects.checklists import pinned_checklist
from greencert.web.projects.scoring import scheme_of


@require_safe
@role_required(*Role.values)
def project_report(request, pk):
    project = project_for(request.user, pk)
    if request.user.is_client and decided(project) is None:
        raise Http404  # clients get the report once it is final
    result, statistics, draft = report_figures(project)
    context = report_context(project, draft) | {"statistics": statistics}
    pdf = build_assessment_report(result, context)
    suffix = "-draft" if draft else ""
    return download(pdf, PDF, f"{project.code}-report{suffix}.pdf")


@require_safe
@role_required(*(r for r in Role.values if r != Role.CLIENT))
def project_export(request, pk):
    project = project_for(request.user, pk)
    result, inputs, _draft = report_result(project)
    scheme = scheme_of(project.assessment)
    evaluations, maturity, nonconformities = project_rows(
        scheme,
        inputs,
        result,
        qms_checklist=pinned_checklist(project.assessment, "qms"),
        specific_checklist=pinned_checklist(project.assessment, "specific"),
    )
    content = project_workbook(evaluations, maturity, nonconformities, list(scheme.items))
    return download(content, XLSX, f"{project.code}-evaluations.xlsx")


@require_safe
@role_required(*Role.values)
def certificate_pdf(request, pk):
    """The certificate as issued (its current revision); QR code → SITE_URL/verify/<number>."""
    certificate = certificate_for(request.user, pk)
    # A client may print only a certificate that is in force.
    if (
        request.user.is_client
        and certificate.current_status(timezone.localdate()) != Certificate.Status.VALID
    ):
        raise Http404
    pdf = build_certificate(certificate_fields(certificate, settings.SITE_URL))
    return download(pdf, PDF, f"{certificate.display_number}.pdf")


@require_safe
@managers_required
def register_export(request):
    today = timezone.localdate()
    rows = [
        register_row(c, today)
        for c in Certificate.objects.select_related("organisation").order_by("number")
    ]
    return download(certificate_register(rows), XLSX, f"certificate-register-{today:%Y-%m}.xlsx")
