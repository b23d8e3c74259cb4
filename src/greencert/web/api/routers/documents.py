"""Documents: the assessment report and the certificate as PDF, the register as a workbook —
the page downloads' reach (``documents/access.py``) and bytes (``documents/files.py``), sent
in blocks."""

from django.http import Http404
from django.utils import timezone
from ninja import Router

from greencert.web.api import auth
from greencert.web.api.problems import ProblemOut
from greencert.web.documents import access, files
from greencert.web.documents.files import Document
from greencert.web.documents.models import Export
from greencert.web.downloads import PDF, XLSX, streamed

router = Router(tags=["documents 文件"], auth=auth.READ)
NOT_FOUND = {404: ProblemOut, 401: ProblemOut}


def _file(content_type: str, description: str) -> dict:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"description": description, "content": {content_type: binary}}}}


def _send(document: Document):
    return streamed(document.content, document.content_type, document.filename)


@router.get(
    "/projects/{project_id}/report.pdf",
    response=NOT_FOUND,
    summary="评价报告 PDF The assessment report (PDF)",
    description="可见该项目的人员；顾客在认证决定后。决定前为草稿。 Everyone who sees the project;"
    " its clients once it is decided. Before the decision it is a draft.",
    openapi_extra=_file(PDF, "评价报告 The report"),
)
def project_report(request, project_id: int):
    return _send(files.project_report(access.report_project_for(request.user, project_id)))


@router.get(
    "/register.xlsx",
    response=NOT_FOUND,
    summary="证书登记册 The certificate register (Excel)",
    description="项目经理与管理员（其他人为 404）。 Project managers and administrators; anyone"
    " else gets 404.",
    openapi_extra=_file(XLSX, "证书登记册 The register"),
)
def register(request):
    if not access.may_export(request.user, Export.Kind.REGISTER):
        raise Http404
    return _send(files.register(timezone.localdate()))


@router.get(
    "/certificates/{certificate_id}/certificate.pdf",
    response=NOT_FOUND,
    summary="证书 PDF The certificate (PDF)",
    description="可见该证书的人员；顾客仅在证书有效时。 Everyone who sees the certificate; its"
    " clients only while it is in force.",
    openapi_extra=_file(PDF, "证书 The certificate"),
)
def certificate_pdf(request, certificate_id: int):
    certificate = access.printable_certificate_for(request.user, certificate_id)
    return _send(files.certificate_pdf(certificate))
