"""Certificates: read in the pages' reach (``certification/access.py``)."""

from django.db.models import Q
from ninja import Query, Router, Schema
from ninja.pagination import CursorPagination, paginate

from greencert.web.api import auth
from greencert.web.api.problems import ProblemOut
from greencert.web.api.schemas import CertificateOut, RowId
from greencert.web.certification.access import certificate_for, visible_certificates
from greencert.web.certification.models import Certificate

router = Router(tags=["certificates 证书"], auth=auth.READ)


class CertificateFilter(Schema):
    q: str = ""  # number or organisation name
    status: Certificate.Status | None = None  # as stored: valid, suspended, withdrawn
    organisation: RowId | None = None


@router.get(
    "/certificates",
    response=list[CertificateOut],
    summary="证书列表 Certificates",
    description="在您可见范围内的证书。 The certificates within your reach.",
)
@paginate(CursorPagination, ordering=("-id",))
def certificate_list(request, filters: Query[CertificateFilter]):
    certificates = visible_certificates(request.user)
    if q := filters.q.strip():
        certificates = certificates.filter(
            Q(number__icontains=q) | Q(organisation_name__icontains=q)
        )
    if filters.status:
        certificates = certificates.filter(status=filters.status)
    if filters.organisation:
        certificates = certificates.filter(organisation_id=filters.organisation)
    return certificates


@router.get(
    "/certificates/{certificate_id}",
    response={200: CertificateOut, 401: ProblemOut, 404: ProblemOut},
    summary="证书 A certificate",
    description="范围之外为 404。 Out of reach is 404.",
)
def certificate_detail(request, certificate_id: int):
    return certificate_for(request.user, certificate_id)
