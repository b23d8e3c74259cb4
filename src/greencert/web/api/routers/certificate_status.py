"""A certificate's status changes (suspend, reinstate, withdraw): the managers, with the reason,
as on the certificate's page (``certification/services/certificates.change_status``); a change
the certificate's status today does not allow is a conflict (409)."""

from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema

from greencert.web.api import auth
from greencert.web.api.idempotency import idempotent
from greencert.web.api.problems import ProblemOut
from greencert.web.api.schemas import CertificateOut
from greencert.web.certification.access import certificate_for
from greencert.web.certification.services.certificates import CHANGES, change_status

router = Router(tags=["certificates 证书"], auth=auth.WRITE)


class StatusChange(Schema):
    change: Literal["suspend", "reinstate", "withdraw"] = Field(
        description="suspend（暂停）/ reinstate（恢复）/ withdraw（撤销）"
    )
    reason: str = Field(
        "", description="理由（必填，记入证书历史）Reason (required; in the history)"
    )


@router.post(
    "/certificates/{certificate_id}/status",
    response={
        200: CertificateOut,
        401: ProblemOut,
        403: ProblemOut,
        404: ProblemOut,
        409: ProblemOut,
        422: ProblemOut,
    },
    summary="暂停、恢复或撤销证书 Suspend, reinstate or withdraw a certificate",
    description="项目经理与管理员，须说明理由；证书当前状态不允许时为 409。其他人为 404。"
    "浏览器会话须在最近几分钟内确认过身份（与页面相同）。支持 `Idempotency-Key`。"
    " Project managers and administrators, with the reason; a change the certificate's status"
    " does not allow is 409. Anyone else gets 404. With the browser's session, a recent"
    " confirmation of who you are is needed, as on the page. Takes `Idempotency-Key`.",
)
def certificate_status(request, certificate_id: int, payload: StatusChange):
    if not request.user.manages:
        raise Http404
    certificate = certificate_for(request.user, certificate_id)
    auth.check_fresh(request)
    kind = CHANGES[payload.change]
    return idempotent(
        request,
        operation=f"certificate_status:{certificate.pk}",
        body=payload.dict(),
        act=lambda: change_status(
            actor=request.user, certificate=certificate, kind=kind, reason=payload.reason
        ),
        out=CertificateOut,
    )
